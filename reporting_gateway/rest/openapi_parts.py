"""Building blocks of the OpenAPI document: JSON Schemas of a report's fields, filter tree,
request and answer, and an operation with every documented error."""

from __future__ import annotations

from typing import Any

from reporting_gateway.catalog.model import Field, Format, Kind, Report
from reporting_gateway.catalog.operators import OPERATORS_BY_NAME
from reporting_gateway.rest import body

Schema = dict[str, Any]
REF = "#/components/schemas/"
SCALARS: dict[Kind, Schema] = {
    Kind.INT: {"type": "integer"},
    Kind.FLOAT: {"type": "number"},
    Kind.STRING: {"type": "string"},
    Kind.BOOL: {"type": "boolean"},
    Kind.DATETIME: {"type": "string", "format": "date-time"},
    Kind.JSON: {"type": "object"},
}
KEY_TYPES: dict[str, Schema] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "object": {"type": "object"},
    "timestamp": {"type": "string", "description": "ISO 8601, with or without an offset"},
}
ERRORS = {
    "400": "The body is not JSON (the answer has no body).",
    "401": "No client token, or an unknown or revoked one.",
    "403": "A permit is missing, or X-Customer names a customer the token may not read.",
    "415": "The body is not `application/json`.",
    "422": "Invalid parameters: `details` mirrors the request.",
    "429": "The rate-limit bucket is empty; retry after `Retry-After` seconds.",
    "470": "The X-Customer header is missing.",
    "471": "The X-Customer header is malformed.",
    "504": "The query ran out of time.",
}


def pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def ref(name: str) -> Schema:
    return {"$ref": REF + name}


def _field_schema(field: Field) -> Schema:
    kind = field.type.kind
    scalar: Schema = (
        {"type": "string", "enum": list(field.type.values.values)}
        if kind is Kind.ENUM and field.type.values
        else dict(SCALARS[kind])
    )
    schema: Schema = {"type": "array", "items": scalar} if field.type.is_array else scalar
    if field.nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return {**schema, "description": field.description}


def filter_schema(report: Report) -> Schema:
    name = f"{pascal(report.name)}Filter"
    comparison: Schema = {
        "type": "object",
        "required": ["type", "field", "value"],
        "additionalProperties": False,
        "properties": {
            "type": {"type": "string", "enum": list(OPERATORS_BY_NAME)},
            "field": {"type": "string", "enum": [f.name for f in report.filterable_fields]},
            "value": {"description": "A value of the field; an array for in and not_in."},
        },
    }
    logical: Schema = {
        "type": "object",
        "required": ["type", "operations"],
        "additionalProperties": False,
        "properties": {
            "type": {"type": "string", "enum": ["and", "or", "not"]},
            "operations": {"type": "array", "minItems": 1, "items": ref(name)},
        },
    }
    return {
        "description": f"A filter tree over {report.name}'s filterable fields.",
        "oneOf": [logical, comparison],
    }


def request_schema(report: Report) -> Schema:
    properties: dict[str, Schema] = {
        "report": {"const": report.name},
        "result_type": {"const": report.format.value},
    }
    required = ["report"]
    for key, spec in body.KEYS[report.format].items():
        properties[key] = dict(KEY_TYPES[spec.kind])
        if spec.required:
            required.append(key)
    if report.filterable_fields:
        properties["filter"] = ref(f"{pascal(report.name)}Filter")
    else:
        del properties["filter"]
    if report.aggregations:
        properties["aggregate_by"]["enum"] = [a.name for a in report.aggregations]
    else:
        del properties["aggregate_by"]
    if report.format is Format.TIMESERIES:
        properties["interval"]["enum"] = [body.AUTO, *(i.value for i in report.intervals)]
    if report.format is Format.RECORDS:
        properties[body.PAGE_SIZE] |= {"minimum": 1, "default": body.DEFAULT_PAGE_SIZE}
        properties[body.PAGE_INFO]["description"] = "The previous page's next_page_info."
    return {
        "type": "object",
        "description": report.description,
        "required": required,
        "additionalProperties": False,
        "properties": properties,
    }


def _label(report: Report) -> Schema:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {key: _field_schema(report.field(key)) for key in report.all_label_keys},
    }


def answer_schema(report: Report) -> Schema:
    value = {"type": ["number", "null"]} if report.format is Format.TIMESERIES else {}
    if report.format is Format.RECORDS:
        record = {
            "type": "object",
            "properties": {f.name: _field_schema(f) for f in report.fields if not f.filter_only},
        }
        return {
            "type": "object",
            "required": ["records", "pagination", "result_type"],
            "properties": {
                "records": {"type": "array", "items": record},
                "pagination": {
                    "type": "object",
                    "required": ["next_page_info"],
                    "properties": {"next_page_info": {"type": ["string", "null"]}},
                },
                "result_type": {"const": "records"},
            },
        }
    series: Schema = {
        "type": "object",
        "required": ["label"],
        "properties": {"label": _label(report)},
    }
    if report.format is Format.TIMESERIES:
        series["properties"] |= {
            "values": {"type": "array", "items": value},
            "timezone": {"type": "string"},
        }
        return {
            "type": "object",
            "required": [
                "interval",
                "range_timezone",
                "time_buckets",
                "series",
                "data_points",
                "result_type",
            ],
            "properties": {
                "interval": {"type": "string", "enum": [i.value for i in report.intervals]},
                "range_timezone": {"type": "string"},
                "time_buckets": {"type": "array", "items": {"type": "string"}},
                "series": {"type": "array", "items": series},
                "data_points": {"type": "integer"},
                "result_type": {"const": "timeseries"},
            },
        }
    series["properties"]["value"] = {"type": ["number", "null"]}
    return {
        "type": "object",
        "required": ["range_timezone", "series", "result_type"],
        "properties": {
            "range_timezone": {"type": "string"},
            "series": {"type": "array", "items": series},
            "result_type": {"const": "statistics"},
        },
    }


def errors() -> dict[str, Schema]:
    rate = {name: {"$ref": f"#/components/headers/{name}"} for name in RATE_HEADERS}
    responses: dict[str, Schema] = {}
    for status, description in ERRORS.items():
        if status == "400":
            responses[status] = {"description": description}
            continue
        headers: dict[str, Schema] = dict(rate)
        schema = "InvalidParameters" if status == "422" else "Error"
        if status == "429":
            headers["Retry-After"] = {"schema": {"type": "integer"}}
        responses[status] = {
            "description": description,
            "headers": headers,
            "content": {"application/json": {"schema": ref(schema)}},
        }
    return responses


RATE_HEADERS = ("ratelimit-bucket", "ratelimit-remaining", "ratelimit-cost")


def operation(
    summary: str,
    request: Schema | None,
    answer: Schema,
    customer: bool,
    *,
    path: tuple[tuple[str, Schema], ...] = (),
    missing: str | None = None,
) -> Schema:
    """One operation: its X-Customer and path parameters, body, answer and every error;
    `missing` describes its 404."""
    customers = "XCustomer" if customer else "XCustomerOptional"
    parameters: list[Schema] = [{"$ref": f"#/components/parameters/{customers}"}]
    parameters += [
        {"name": name, "in": "path", "required": True, "schema": schema} for name, schema in path
    ]
    described: Schema = {"summary": summary, "parameters": parameters}
    if request is not None:
        described["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": request}},
        }
    responses = {
        "200": {
            "description": "The answer.",
            "headers": {n: {"$ref": f"#/components/headers/{n}"} for n in RATE_HEADERS},
            "content": {"application/json": {"schema": answer}},
        },
        **errors(),
    }
    if missing is not None:
        responses["404"] = {
            "description": missing,
            "content": {"application/json": {"schema": ref("Error")}},
        }
    if request is None:
        responses.pop("400"), responses.pop("415"), responses.pop("422")
    return {**described, "responses": dict(sorted(responses.items()))}
