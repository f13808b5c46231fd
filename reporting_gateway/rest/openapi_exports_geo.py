"""The OpenAPI description of the export and Geo endpoints (`rest/exports.py`, `rest/geo.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reporting_gateway.catalog.model import Format, Report
from reporting_gateway.exports.spec import FORMATS
from reporting_gateway.geo.catalog import PLACES
from reporting_gateway.geo.resolvers import MAX_LOCATIONS
from reporting_gateway.rest import body, paths
from reporting_gateway.rest.geo import NEAR_KEYS
from reporting_gateway.rest.openapi_parts import Schema, operation, pascal, ref, request_schema
from reporting_gateway.storage.state.export_jobs import (
    DONE,
    EXPIRED,
    FAILED,
    QUEUED,
    RATE_LIMITED,
    RUNNING,
)

JOB_ID = ("job_id", {"type": "string"})
STATUSES = [QUEUED, RUNNING, RATE_LIMITED, DONE, FAILED, EXPIRED]


def _export_request(report: Report) -> Schema:
    schema = request_schema(report)
    properties = dict(schema["properties"])
    properties.pop(body.PAGE_INFO, None)
    properties["format"] = {"type": "string", "enum": list(FORMATS), "default": "csv"}
    return {**schema, "properties": properties}


def extra_schemas(reports: Sequence[Report]) -> dict[str, Schema]:
    schemas = {f"{pascal(r.name)}Export": _export_request(r) for r in reports}
    nullable_time = {"type": ["string", "null"], "format": "date-time"}
    schemas["ExportJob"] = {
        "type": "object",
        "required": ["id", "report", "format", "status", "tenants", "download_url"],
        "properties": {
            "id": {"type": "string"},
            "report": {"type": "string"},
            "format": {"type": "string", "enum": list(FORMATS)},
            "status": {"type": "string", "enum": STATUSES},
            "tenants": {"type": "boolean"},
            "rows_written": {"type": "integer"},
            "rows_expected": {"type": ["integer", "null"]},
            "pages_written": {"type": "integer"},
            "bytes_written": {"type": "integer"},
            "progress": {"type": ["number", "null"]},
            "error": {"type": ["string", "null"]},
            "download_url": {
                "type": ["string", "null"],
                "description": "GET it with the same token once the job is done.",
            },
            "created_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"},
            "finished_at": nullable_time,
            "expires_at": nullable_time,
        },
    }
    places = request_schema(PLACES)
    near = {
        "type": "object",
        "required": list(NEAR_KEYS),
        "additionalProperties": False,
        "properties": {key: {"type": "number"} for key in NEAR_KEYS},
    }
    places["properties"] = {**places["properties"], "near": near}
    places["properties"].pop("report"), places["properties"].pop("result_type")
    places["required"] = []
    schemas["PlacesQuery"] = places
    city = {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "country": {"type": "string"},
            "latitude": {"type": "number"},
            "longitude": {"type": "number"},
            "population": {"type": "integer"},
        },
    }
    schemas["LocationMatch"] = {
        "type": "object",
        "properties": {
            "city": {"type": "string"},
            "country": {"type": ["string", "null"]},
            "status": {"type": "string", "enum": ["found", "not_found", "ambiguous"]},
            "latitude": {"type": ["number", "null"]},
            "longitude": {"type": ["number", "null"]},
            "found": {"anyOf": [city, {"type": "null"}]},
            "candidates": {"type": "array", "items": city},
        },
    }
    return schemas


def export_paths(reports: Sequence[Report]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for format_ in Format:
        of_format = [r for r in reports if r.format is format_]
        request = {
            "oneOf": [ref(f"{pascal(r.name)}Export") for r in of_format],
            "discriminator": {"propertyName": "report"},
        }
        for template, tenants in ((paths.EXPORT, False), (paths.TENANTS_EXPORT, True)):
            summary = (
                f"{'Tenants query' if tenants else 'Query'} ({format_.value}) export: "
                f"a job over {'any number of customers' if tenants else 'one customer'}"
            )
            found[template.replace("{format}", format_.value)] = {
                "post": operation(summary, request, ref("ExportJob"), True)
            }
    missing = "No export of that id for this token."
    found[paths.EXPORT_JOB] = {
        "get": operation(
            "An export job's state", None, ref("ExportJob"), False, path=(JOB_ID,), missing=missing
        )
    }
    found[paths.RESUME_EXPORT] = {
        "post": operation(
            "Resume a paused or failed export from its last page",
            None,
            ref("ExportJob"),
            False,
            path=(JOB_ID,),
            missing=missing,
        )
    }
    return found


def geo_paths() -> dict[str, Any]:
    place = {"type": "object", "properties": {"place": {"type": "object"}}}
    location = {
        "type": "object",
        "required": ["city"],
        "properties": {
            "city": {"type": "string", "minLength": 1},
            "country": {"type": ["string", "null"]},
        },
    }
    locations = {
        "type": "object",
        "required": ["locations"],
        "additionalProperties": False,
        "properties": {
            "locations": {
                "type": "array",
                "minItems": 1,
                "maxItems": MAX_LOCATIONS,
                "items": location,
            }
        },
    }
    matches = {"type": "array", "items": ref("LocationMatch")}
    answer = {"type": "object", "properties": {"locations": matches}}
    return {
        paths.PLACES: {
            "post": operation("List places", ref("PlacesQuery"), ref("PlacesAnswer"), True)
        },
        paths.PLACE: {
            "get": operation(
                "Show place",
                None,
                place,
                True,
                path=(("place_id", {"type": "integer", "minimum": 0}),),
                missing="No such place among the selected customers' places.",
            )
        },
        paths.LOCATIONS: {
            "post": operation("Find locations' coordinates", locations, answer, False)
        },
    }
