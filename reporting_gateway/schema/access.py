"""The free root fields about access: `rateLimit` and `estimateCost`."""

from __future__ import annotations

import inspect
from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON

from reporting_gateway.resolvers.access import resolve_estimate_cost, resolve_rate_limit
from reporting_gateway.schema import naming
from reporting_gateway.schema.types import Types, argument, make_class, make_enum, resolver_field


def _fields(rows: list[tuple[str, Any, str]]) -> list[tuple[str, Any, Any]]:
    return [
        (name, annotation, strawberry.field(name=naming.field_name(name), description=doc))
        for name, annotation, doc in rows
    ]


def build_access_fields(types: Types) -> list[tuple[str, Any, Any]]:
    bucket_type = make_enum(
        types.names.register("BucketType", "the rate-limit bucket types"),
        {"REPORTING": "reporting", "GENERAL": "general"},
        "Reports draw from the reporting bucket; other paid queries from the general one.",
        {
            "reporting": "The bucket report queries draw from.",
            "general": "The bucket other paid queries draw from (metadata, geo, exports).",
        },
    )
    rate_limit = make_class(
        types.names.register("RateLimit", "the rateLimit query"),
        _fields(
            [
                (
                    "bucket",
                    str,
                    "Bucket name: type, then owner (a customer, or the token's organization).",
                ),
                ("capacity", int, "Tokens the bucket holds when full."),
                ("remaining", int, "Tokens left now; below 0 after an expensive request."),
                ("refill_per_second", float, "Tokens added back per second."),
                ("reset_at", datetime, "When the bucket is full again."),
            ]
        ),
        description="The state of a rate-limit bucket.",
    )
    answered = make_class(
        types.names.register("AnsweredFrom", "the estimateCost query"),
        _fields(
            [
                ("field", str, "A report field of the operation (its alias, if it has one)."),
                (
                    "source",
                    str,
                    "What reads it: the rollup kept at load time (its name), or `facts` when "
                    "no rollup keeps a field the query uses.",
                ),
            ]
        ),
        description="Where a report field's answer comes from.",
    )
    estimate = make_class(
        types.names.register("CostEstimate", "the estimateCost query"),
        _fields(
            [
                ("cost", int, "Tokens the operation would be charged."),
                ("bucket", str, "The bucket it would be charged to."),
                ("permits", list[str], "Permits the operation needs."),
                ("missing_permits", list[str], "Of those, the ones this token lacks."),
                ("remaining", int | None, "Tokens left in that bucket now."),
                ("would_be_admitted", bool, "Whether it would run right now."),
                (
                    "answered_from",
                    list[answered],  # type: ignore[valid-type]
                    "What would answer each report field (a records page: if it selects "
                    "every field). The response's `extensions.answeredFrom` says it after.",
                ),
            ]
        ),
        description="A dry run of an operation: what it would cost and need, without running it.",
    )
    return [
        (
            naming.RATE_LIMIT_FIELD,
            rate_limit | None,
            resolver_field(
                naming.RATE_LIMIT_FIELD,
                resolve_rate_limit,
                [argument("type", bucket_type, bucket_type.REPORTING, "Which bucket.")],
                rate_limit | None,
                "The current state of your rate-limit bucket (for the X-Customer sent, if "
                "any). Free; null when rate limiting is off.",
            ),
        ),
        (
            naming.ESTIMATE_COST_FIELD,
            estimate,
            resolver_field(
                naming.ESTIMATE_COST_FIELD,
                resolve_estimate_cost,
                [
                    argument(
                        "query",
                        str,
                        inspect.Parameter.empty,
                        "The operation to price (GraphQL text).",
                    ),
                    argument("variables", JSON | None, None, "Its variables."),
                    argument(
                        "operation_name",
                        str | None,
                        None,
                        "Which operation of the document.",
                        "operationName",
                    ),
                ],
                estimate,
                "What an operation would cost and which permits it needs, without running it. "
                "Free.",
            ),
        ),
    ]
