"""CATALOG: every report by name, validated when the package is imported.

A catalog mistake is a startup error that names the report, the field and the fix, never a
silently odd schema.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from reporting_gateway.catalog import links, members, offers, sendings, transactions
from reporting_gateway.catalog.model import Format, Kind, Report, ValueSet
from reporting_gateway.catalog.operators import operators_for

PERMIT_PREFIX = "Reporting:Api:Report:"
QUERY_PERMIT = "Reporting:Api:Query"

_SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


class CatalogError(ValueError):
    """The catalog contradicts itself; the message says where and how to fix it."""


def validate(
    reports: Iterable[Report], permit_prefixes: tuple[str, ...] = (PERMIT_PREFIX,)
) -> dict[str, Report]:
    catalog: dict[str, Report] = {}
    value_sets: dict[str, ValueSet] = {}
    for report in reports:
        where = f"report {report.name}"
        if report.name in catalog:
            raise CatalogError(f"{where}: defined twice; report names must be unique")
        _check(_SNAKE.match(report.name), f"{where}: name must be snake_case")
        _check(report.description.strip(), f"{where}: give it a description")
        _check(
            report.permit.startswith(permit_prefixes),
            f"{where}: permit {report.permit!r} must start with {' or '.join(permit_prefixes)!r}",
        )
        _check(report.cost > 0, f"{where}: cost must be a positive number of tokens")
        _validate_fields(report, value_sets)
        _validate_shape(report)
        catalog[report.name] = report
    return catalog


def _validate_fields(report: Report, value_sets: dict[str, ValueSet]) -> None:
    seen: set[str] = set()
    for field in report.fields:
        where = f"report {report.name}, field {field.name}"
        _check(field.name not in seen, f"{where}: listed twice")
        seen.add(field.name)
        _check(_SNAKE.match(field.name), f"{where}: name must be snake_case")
        _check(field.description.strip(), f"{where}: give it a description")
        values = field.type.values
        _check(
            (field.type.kind is Kind.ENUM) == (values is not None),
            f"{where}: an enum field needs a ValueSet and only an enum field has one",
        )
        if values is not None:
            known = value_sets.setdefault(values.name, values)
            _check(
                known == values,
                f"{where}: value set {values.name} is defined twice with different values; "
                "define it once in catalog/enums.py",
            )
            _check(len(set(values.values)) == len(values.values), f"{where}: repeated enum value")
        if field.filterable:
            _check(
                operators_for(field),
                f"{where}: no filter operator fits type {field.type}; make it not filterable",
            )
        _check(
            not field.filter_only or field.filterable,
            f"{where}: a filter-only field must be filterable",
        )
    _check(
        report.tenant_field in seen,
        f"report {report.name}: the tenant field {report.tenant_field!r} must be listed",
    )
    _check(
        not report.tenant.filterable,
        f"report {report.name}: the tenant field is chosen by X-Customer, never by filter",
    )


def _validate_shape(report: Report) -> None:
    where = f"report {report.name}"
    timeseries = report.format is Format.TIMESERIES
    _check(bool(report.intervals) == timeseries, f"{where}: intervals belong to timeseries only")
    _check(
        (report.measure is not None) == (report.format is not Format.RECORDS),
        f"{where}: timeseries and statistics reports need a measure, records reports none",
    )
    if report.format is Format.RECORDS:
        _check(
            report.keys == ("id",) or not report.has_field("id") or report.field("id").filter_only,
            f"{where}: a records report with an id field is keyed by it",
        )
    for key in report.keys:
        _check(report.has_field(key), f"{where}: key {key!r} is not one of its fields")
    names = {a.name for a in report.aggregations}
    for aggregation in report.aggregations:
        awhere = f"{where}, aggregation {aggregation.name}"
        _check(_SNAKE.match(aggregation.name), f"{awhere}: name must be snake_case")
        for key in aggregation.keys:
            _check(report.has_field(key), f"{awhere}: key {key!r} is not a field of the report")
            _check(key not in report.keys, f"{awhere}: {key!r} is already a label key")
        if aggregation.name.startswith("total_"):
            base = aggregation.name.removeprefix("total_")
            _check(base in names, f"{awhere}: twin of {base!r}, which the report does not have")
            _check(aggregation.drops_tenant, f"{awhere}: a total_* twin must drop the tenant")


def _check(condition: object, message: str) -> None:
    if not condition:
        raise CatalogError(message)


ALL_REPORTS: tuple[Report, ...] = (
    *members.REPORTS,
    *sendings.REPORTS,
    *links.REPORTS,
    *offers.REPORTS,
    *transactions.REPORTS,
)

CATALOG: dict[str, Report] = validate(ALL_REPORTS)
GEO_PERMIT = "Reporting:Api:Geo"


def all_permits() -> tuple[str, ...]:
    """Every permit the gateway knows: what a full-access (demo) token carries."""
    return (QUERY_PERMIT, GEO_PERMIT, *(report.permit for report in CATALOG.values()))
