"""The OpenAPI 3.1 document of the REST API, generated from the catalog like the GraphQL SDL.

Each report gets its own request schema (its filterable fields, enums, aggregations and
intervals) and its own answer schema; `openapi.json` at the root is this document,
committed for codegen and kept identical by a test.
"""

from __future__ import annotations

from collections.abc import Mapping

import orjson

from reporting_gateway.access.customers import EXAMPLES
from reporting_gateway.catalog.model import Report
from reporting_gateway.geo.catalog import PLACES
from reporting_gateway.resolvers.field_values import MAX_VALUES
from reporting_gateway.rest.openapi_exports_geo import export_paths, extra_schemas, geo_paths
from reporting_gateway.rest.openapi_parts import (
    KEY_TYPES,
    RATE_HEADERS,
    REF,
    Schema,
    answer_schema,
    filter_schema,
    operation,
    pascal,
    ref,
    request_schema,
)
from reporting_gateway.rest.paths import FIELD_METADATA, METADATA, OPENAPI, QUERY


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
            "filter": ref(f"{pascal(report.name)}Filter"),
            "limit": {"type": "integer", "minimum": 1, "maximum": MAX_VALUES, "default": 100},
        },
    }


def openapi_document(catalog: Mapping[str, Report]) -> Schema:
    reports = sorted(catalog.values(), key=lambda r: r.name)
    schemas: dict[str, Schema] = {}
    for report in [*reports, PLACES]:
        schemas[f"{pascal(report.name)}Query"] = request_schema(report)
        schemas[f"{pascal(report.name)}Answer"] = answer_schema(report)
        if report.filterable_fields:
            schemas[f"{pascal(report.name)}Filter"] = filter_schema(report)
    schemas.update(extra_schemas(reports))
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
        "additionalProperties": {"anyOf": [{"type": "array", "items": leaf}, ref("Details")]},
    }
    query = {
        "oneOf": [ref(f"{pascal(n)}Query") for n in names],
        "discriminator": {"propertyName": "report"},
    }
    # anyOf: two records reports' empty pages look alike, so oneOf could not hold.
    answer = {"anyOf": [ref(f"{pascal(n)}Answer") for n in names]}
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
            QUERY: {"post": operation("Query a report", query, answer, True)},
            METADATA: {
                "post": operation("A report's metadata (cost 1)", named, {"type": "object"}, False)
            },
            FIELD_METADATA: {
                "post": operation(
                    "The values of a field (cost 1)", field_request, {"type": "object"}, True
                )
            },
            **export_paths(reports),
            **geo_paths(),
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
