"""What each root field needs and costs: permits, tokens, bucket type, customers, preparation.

Report fields take all of it from their catalog entry, the same entry that puts @permit and
@cost into the SDL. Every other root field is listed here; a root field without a policy
makes the app refuse to start (see `server.py`), so nothing can be added unpriced.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from reporting_gateway.catalog.model import Format, Report
from reporting_gateway.resolvers.field_values import prepare_field_values
from reporting_gateway.resolvers.records import prepare_records
from reporting_gateway.resolvers.statistics import prepare_statistics
from reporting_gateway.resolvers.timeseries import prepare_timeseries
from reporting_gateway.schema import naming

REPORTING = "reporting"
GENERAL = "general"
METADATA_COST = 1  # spec §6: metadata and field metadata cost 1

PREPARE: dict[Format, Callable[..., Any]] = {
    Format.RECORDS: prepare_records,
    Format.TIMESERIES: prepare_timeseries,
    Format.STATISTICS: prepare_statistics,
}


@dataclass(frozen=True)
class FieldPolicy:
    cost: int = 0
    permits: tuple[str, ...] = ()  # beyond Reporting:Api:Query, which every operation needs
    bucket_type: str = GENERAL
    needs_customers: bool = False
    # Arguments → the checked query the resolver runs; called before execution (no I/O).
    prepare: Callable[..., Any] | None = None
    # Arguments → further permits (a field whose argument names a report needs its permit).
    argument_permits: Callable[[Mapping[str, Any]], tuple[str, ...]] | None = None
    prices_filter: bool = False  # add the filter's and/or/not nodes to the cost
    prices_query: bool = False  # add the prepared query's own `cost` (what its arguments name)


FREE = FieldPolicy()
INTROSPECTION = frozenset({"__schema", "__type", "__typename"})


def report_policy(report: Report) -> FieldPolicy:
    return FieldPolicy(
        cost=report.cost,
        permits=(report.permit,),
        bucket_type=REPORTING,
        needs_customers=True,
        prepare=functools.partial(PREPARE[report.format], report),
        prices_filter=True,
    )


def named_report_permit(
    catalog: Mapping[str, Report],
) -> Callable[[Mapping[str, Any]], tuple[str, ...]]:
    """The permit of the report a `report: ReportName!` argument names."""

    def permits(arguments: Mapping[str, Any]) -> tuple[str, ...]:
        named = arguments.get("report")
        report = catalog.get(str(getattr(named, "value", named)))
        return (report.permit,) if report else ()

    return permits


def root_policies(
    catalog: Mapping[str, Report], extra: Mapping[str, FieldPolicy] | None = None
) -> dict[str, FieldPolicy]:
    policies = {
        naming.root_field(report.name): report_policy(report) for report in catalog.values()
    }
    policies.update(dict.fromkeys(INTROSPECTION, FREE))
    policies[naming.RATE_LIMIT_FIELD] = FREE
    policies[naming.ESTIMATE_COST_FIELD] = FREE
    policies[naming.REPORTS_FIELD] = FieldPolicy(cost=METADATA_COST)
    policies[naming.REPORT_METADATA_FIELD] = FieldPolicy(
        cost=METADATA_COST, argument_permits=named_report_permit(catalog)
    )
    policies[naming.FIELD_METADATA_FIELD] = FieldPolicy(
        cost=METADATA_COST,
        needs_customers=True,
        prepare=functools.partial(prepare_field_values, catalog),
        argument_permits=named_report_permit(catalog),
    )
    policies.update(extra or {})
    return policies
