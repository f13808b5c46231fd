"""Generated documentation: `docs/reports.md`, and the README's data contract and settings.

Each is written from the source it documents (the catalog, `storage/facts/tables.py`,
`storage/rollups/definitions.py`, `settings.py`)
by `make schema`, and a test fails when a committed copy differs, so the docs cannot drift.
"""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

from reporting_gateway import settings
from reporting_gateway.catalog import CATALOG, QUERY_PERMIT
from reporting_gateway.catalog.model import Field, Format, Report
from reporting_gateway.catalog.operators import OPERATORS, operators_for
from reporting_gateway.schema import naming
from reporting_gateway.storage.facts.tables import FACT_TABLES
from reporting_gateway.storage.rollups.definitions import ROLLUPS
from reporting_gateway.storage.rollups.model import (
    Count,
    Distinct,
    Earliest,
    LastValue,
    Latest,
    Sum,
)
from reporting_gateway.storage.rollups.sources import ENRICHMENTS, READINGS
from reporting_gateway.storage.types import Amount, UtcDateTime


def reports_markdown() -> str:
    lines = [
        "# Reports",
        "",
        "Generated from the report catalog by `make schema`; do not edit by hand.",
        f"Every report also needs the permit `{QUERY_PERMIT}`.",
        "",
        "| report | GraphQL field | format | permit | cost | intervals | aggregations |",
        "|---|---|---|---|---|---|---|",
    ]
    for report in CATALOG.values():
        lines.append(
            f"| [{report.name}](#{report.name}) | `{naming.root_field(report.name)}` | "
            f"{report.format.value} | `{report.permit}` | {report.cost} | "
            f"{' '.join(i.value for i in report.intervals) or '-'} | "
            f"{', '.join(a.name for a in report.aggregations) or '-'} |"
        )
    for report in CATALOG.values():
        lines += ["", *_report_section(report)]
    lines += ["", "## Filter operators", "", "| operator | GraphQL | meaning |", "|---|---|---|"]
    lines += [
        f"| `{o.name}` | `{naming.field_name(o.name)}` | {o.description} |" for o in OPERATORS
    ]
    return "\n".join(lines) + "\n"


def _report_section(report: Report) -> list[str]:
    lines = [
        f"## {report.name}",
        "",
        report.description,
        "",
        f"Format **{report.format.value}** · permit `{report.permit}` · cost {report.cost} tokens"
        + (f" · measure {report.measure.value}" if report.measure else ""),
        "",
    ]
    if report.format is not Format.RECORDS:
        lines += [f"Labels without aggregation: {', '.join(report.keys) or '(none)'}", ""]
    lines += ["```graphql", example_query(report), "```", ""]
    lines += [
        "| field (REST) | GraphQL | type | filter operators | description |",
        "|---|---|---|---|---|",
    ]
    for field in report.fields:
        lines.append(
            f"| `{field.name}`{' (filter only)' if field.filter_only else ''} | "
            f"`{naming.report_field(field.name)}` | {field.type} | "
            f"{_operators(report, field)} | {field.description} |"
        )
    if report.aggregations:
        lines += ["", "| aggregation | adds label keys | across customers |", "|---|---|---|"]
        for aggregation in report.aggregations:
            lines.append(
                f"| `{aggregation.name}` | {', '.join(aggregation.keys) or '-'} | "
                f"{'summed, no tenant split' if aggregation.drops_tenant else 'split by tenant'} |"
            )
    return lines


EXAMPLE_RANGE = 'from: "2026-01-01T00:00:00", to: "2027-01-01T00:00:00"'


def example_query(report: Report) -> str:
    """A query of the report that runs as written (with a token and an X-Customer header):
    a first page of a few fields, a year by month, or the all-time totals."""
    root = naming.root_field(report.name)
    labels = " ".join(naming.field_name(k) for k in report.all_label_keys[:3])
    if report.format is Format.RECORDS:
        shown = [f for f in report.fields if not f.filter_only][:5]
        fields = " ".join(naming.report_field(f.name) for f in shown)
        return (
            f"{{\n  {root}(first: 5) {{\n    nodes {{ {fields} }}\n"
            "    pageInfo { hasNextPage endCursor }\n  }\n}"
        )
    if report.format is Format.TIMESERIES:
        return (
            f"{{\n  {root}({EXAMPLE_RANGE}, interval: MONTH) {{\n"
            f"    interval rangeFrom rangeTo timeBuckets\n"
            f"    series {{ label {{ {labels} }} values }}\n  }}\n}}"
        )
    return f"{{\n  {root} {{\n    series {{ label {{ {labels} }} value }}\n  }}\n}}"


def _operators(report: Report, field: Field) -> str:
    if field.name == report.tenant_field:
        return "X-Customer header"
    if not field.filterable:
        return "-"
    return ", ".join(o.name for o in operators_for(field))


def data_contract_markdown() -> str:
    lines = []
    for table in FACT_TABLES:
        key = ", ".join(c.name for c in table.primary_key.columns)
        lines += [
            f"#### `{table.name}` (key: {key})",
            "",
            "| column | type | required | meaning |",
            "|---|---|---|---|",
        ]
        for column in table.columns:
            values = column.info.get("values")
            meaning = column.info["doc"] + (
                f" One of: {', '.join(values.values)}." if values else ""
            )
            required = "no" if column.nullable else "yes"
            lines.append(
                f"| `{column.name}` | {_type_name(column.type)} | {required} | {meaning} |"
            )
        lines.append("")
    return "\n".join(lines)


def _type_name(type_: Any) -> str:
    if isinstance(type_, UtcDateTime):
        return "timestamp (ISO 8601; UTC if no offset)"
    if isinstance(type_, sa.Boolean):
        return "boolean"
    if isinstance(type_, sa.Integer):
        return "integer (32-bit)"
    if isinstance(type_, sa.Numeric | sa.Float | Amount):
        return "number"
    if isinstance(type_, sa.String):
        return f"text (≤ {type_.length})" if type_.length else "text"
    return "JSON"


def rollups_markdown() -> str:
    """The rollups: what each keeps, at which grains, and which reports read it."""
    readers: dict[str, list[str]] = {}
    for report, readings in READINGS.items():
        for reading in readings:
            readers.setdefault(reading.name, []).append(report)
    for report, (name, _) in ENRICHMENTS.items():
        readers.setdefault(name, []).append(report)
    lines = [
        "| rollup | reads | keeps, per customer | grains | answers |",
        "|---|---|---|---|---|",
    ]
    for rollup in ROLLUPS:
        streams = ", ".join(sorted({_stream(s) for s in rollup.streams}))
        keeps = ", ".join(
            [*rollup.dims, *(f"{n} ({_measure(m)})" for n, m in rollup.measures.items()),
             *(f"{n} (the set of {c})" for n, c in rollup.sets.items())]
        )  # fmt: skip
        grains = " ".join(g.value for g in rollup.grains) or "all time"
        answers = sorted(
            {r for name, reports in readers.items() if _reads(name, rollup.name) for r in reports}
        )
        lines.append(
            f"| `rollup_{rollup.name}` | {streams} | {keeps} | {grains} | "
            f"{', '.join(answers) or '-'} |"
        )
    return "\n".join(lines) + "\n"


def _reads(reading: str, rollup: str) -> bool:
    if reading.endswith("_by_*"):
        return rollup.startswith(reading.removesuffix("*"))
    return reading == rollup


def _stream(stream: Any) -> str:
    conditions = [f"{c} = {' or '.join(map(str, v))}" for c, v in stream.only.items()]
    conditions += [f"{c} given" for c in stream.present]
    text = f"`{stream.table.name}`" + (f" at {stream.time}" if stream.time else "")
    return f"{text} ({'; '.join(conditions)})" if conditions else text


def _measure(measure: Any) -> str:
    if isinstance(measure, Count):
        only = "; ".join(f"{c} = {' or '.join(v)}" for c, v in measure.only.items())
        return f"count of {only}" if only else "count"
    if isinstance(measure, Sum):
        return f"exact sum of {measure.column}"
    if isinstance(measure, Distinct):
        return f"different {measure.column}"
    if isinstance(measure, Earliest | Latest):
        return f"{type(measure).__name__.lower()} {measure.column}"
    assert isinstance(measure, LastValue)
    return f"last {measure.column} by {measure.time}"


def settings_markdown() -> str:
    lines = ["| environment variable | default | meaning |", "|---|---|---|"]
    lines += [
        f"| `{name}` | `{default}` | {text} |" for name, default, text in settings.documentation()
    ]
    return "\n".join(lines) + "\n"


SECTIONS = {
    "data-contract": data_contract_markdown,
    "rollups": rollups_markdown,
    "settings": settings_markdown,
}


def update_readme(text: str) -> str:
    """The README with each generated section (between BEGIN/END markers) rewritten."""
    for name, render in SECTIONS.items():
        pattern = re.compile(rf"(<!-- BEGIN {name} .*?-->\n)(.*?)(<!-- END {name} -->)", re.DOTALL)
        match = pattern.search(text)
        if match is None:
            raise ValueError(f"README.md has no generated section {name!r}")
        text = text[: match.start(2)] + render() + text[match.end(2) :]
    return text
