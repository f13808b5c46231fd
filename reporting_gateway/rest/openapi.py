"""The OpenAPI 3.1 document of the REST API, generated from the catalog like the GraphQL SDL.

Each report gets its own request schema (its filterable fields, enums, aggregations and
intervals) and its own response schema; `openapi.json` at the root is this document,
committed for codegen and kept identical by a test.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from reporting_gateway.access.customers import EXAMPLES
from reporting_gateway.catalog.model import Field, Format, Kind, Report
from reporting_gateway.catalog.operators import OPERATORS_BY_NAME
from reporting_gateway.resolvers.field_values import MAX_VALUES
from reporting_gateway.rest import body
from reporting_gateway.rest.paths import FIELD_METADATA, METADATA, OPENAPI, QUERY

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


def _ref(name: str) -> Schema:
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


def _filter(report: Report) -> Schema:
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
            "operations": {"type": "array", "minItems": 1, "items": _ref(name)},
        },
    }
    return {
        "description": f"A filter tree over {report.name}'s filterable fields.",
        "oneOf": [logical, comparison],
    }


def _request(report: Report) -> Schema:
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
        properties["filter"] = _ref(f"{pascal(report.name)}Filter")
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


def _response(report: Report) -> Schema:
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


def _field_request(report: Report) -> Schema:
    return {
        "type": "object",
        "required": ["report", "field"],
        "additionalProperties": False,
        "properties": {
            "report": {"const": report.name},
            "field": {"type": "string", "enum": [f.name for f in report.filterable_fields]},
            "from": KEY_TYPES["timestamp"],
            "to": KEY_TYPES["timestamp"],
            "filter": _ref(f"{pascal(report.name)}Filter"),
            "limit": {"type": "integer", "minimum": 1, "maximum": MAX_VALUES, "default": 100},
        },
    }


def _errors() -> dict[str, Schema]:
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
            "content": {"application/json": {"schema": _ref(schema)}},
        }
    return responses


RATE_HEADERS = ("ratelimit-bucket", "ratelimit-remaining", "ratelimit-cost")


def _operation(summary: str, request: Schema, answer: Schema, customer: bool) -> Schema:
    return {
        "summary": summary,
        "parameters": [
            {
                "$ref": "#/components/parameters/XCustomer"
                if customer
                else "#/components/parameters/XCustomerOptional"
            },
        ],
        "requestBody": {"required": True, "content": {"application/json": {"schema": request}}},
        "responses": {
            "200": {
                "description": "The answer.",
                "headers": {n: {"$ref": f"#/components/headers/{n}"} for n in RATE_HEADERS},
                "content": {"application/json": {"schema": answer}},
            },
            **_errors(),
        },
    }


def openapi_document(catalog: Mapping[str, Report]) -> Schema:
    reports = sorted(catalog.values(), key=lambda r: r.name)
    schemas: dict[str, Schema] = {}
    for report in reports:
        schemas[f"{pascal(report.name)}Query"] = _request(report)
        schemas[f"{pascal(report.name)}Answer"] = _response(report)
        if report.filterable_fields:
            schemas[f"{pascal(report.name)}Filter"] = _filter(report)
    names = [r.name for r in reports]
    leaf = {
        "type": "object",
        "required": ["error", "options"],
        "properties": {"error": {"type": "string"}, "options": {"type": "object"}},
    }
    schemas["Error"] = {
        "type": "object",
        "required": ["error"],
        "properties": {"error": {"type": "string"}, "hint": {"type": "string"}},
    }
    schemas["InvalidParameters"] = {
        "type": "object",
        "required": ["error", "details"],
        "properties": {
            "error": {"const": "Invalid parameters"},
            "details": {"$ref": REF + "Details"},
        },
    }
    schemas["Details"] = {
        "type": "object",
        "description": "Mirrors the request; array items are keyed by their index as a string.",
        "additionalProperties": {"anyOf": [{"type": "array", "items": leaf}, _ref("Details")]},
    }
    query = {
        "oneOf": [_ref(f"{pascal(n)}Query") for n in names],
        "discriminator": {"propertyName": "report"},
    }
    # anyOf: two records reports' empty pages look alike, so oneOf could not hold.
    answer = {"anyOf": [_ref(f"{pascal(n)}Answer") for n in names]}
    named = {
        "type": "object",
        "required": ["report"],
        "additionalProperties": False,
        "properties": {"report": {"type": "string", "enum": names}},
    }
    field_request = {
        "oneOf": [_field_request(report) for report in reports if report.filterable_fields],
        "discriminator": {"propertyName": "report"},
    }
    header = {
        "name": "X-Customer",
        "in": "header",
        "schema": {"type": "string"},
        "description": f"The customers to report on: {EXAMPLES}.",
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "reporting-gateway REST Reporting API",
            "version": "1",
            "description": "The documented Reporting API, served from the same catalog and "
            "planning path as the GraphQL API at /graphql (one rate-limit bucket for both).",
        },
        "security": [{"clientToken": []}, {"bearer": []}],
        "paths": {
            QUERY: {"post": _operation("Query a report", query, answer, True)},
            METADATA: {
                "post": _operation("A report's metadata (cost 1)", named, {"type": "object"}, False)
            },
            FIELD_METADATA: {
                "post": _operation(
                    "The values of a field (cost 1)", field_request, {"type": "object"}, True
                )
            },
            OPENAPI: {
                "get": {
                    "summary": "This document",
                    "security": [],
                    "responses": {"200": {"description": "OpenAPI 3.1"}},
                }
            },
        },
        "components": {
            "securitySchemes": {
                "clientToken": {"type": "apiKey", "in": "header", "name": "X-Client-Authorization"},
                "bearer": {"type": "http", "scheme": "bearer"},
            },
            "parameters": {
                "XCustomer": {**header, "required": True},
                "XCustomerOptional": {**header, "required": False},
            },
            "headers": {name: {"schema": {"type": "string"}} for name in RATE_HEADERS},
            "schemas": schemas,
        },
    }


def openapi_json(catalog: Mapping[str, Report]) -> str:
    return orjson.dumps(openapi_document(catalog), option=orjson.OPT_INDENT_2).decode() + "\n"
