"""What each root field needs and costs: permits, tokens, bucket type, customers.

Report fields take all of it from their catalog entry, the same entry that puts @permit and
@cost into the SDL. Every other root field is listed here; a root field without a policy
makes the app refuse to start (see `server.py`), so nothing can be added unpriced.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reporting_gateway.catalog.model import Report
from reporting_gateway.schema import naming

REPORTING = "reporting"
GENERAL = "general"


@dataclass(frozen=True)
class FieldPolicy:
    cost: int = 0
    permits: tuple[str, ...] = ()  # beyond Reporting:Api:Query, which every operation needs
    bucket_type: str = GENERAL
    needs_customers: bool = False
    report: Report | None = None


FREE = FieldPolicy()
INTROSPECTION = frozenset({"__schema", "__type", "__typename"})


def report_policy(report: Report) -> FieldPolicy:
    return FieldPolicy(
        cost=report.cost,
        permits=(report.permit,),
        bucket_type=REPORTING,
        needs_customers=True,
        report=report,
    )


def root_policies(reports: Iterable[Report]) -> dict[str, FieldPolicy]:
    policies = {naming.root_field(report.name): report_policy(report) for report in reports}
    policies.update(dict.fromkeys(INTROSPECTION, FREE))
    policies[naming.RATE_LIMIT_FIELD] = FREE
    policies[naming.ESTIMATE_COST_FIELD] = FREE
    return policies
