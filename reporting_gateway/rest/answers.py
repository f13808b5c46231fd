"""Answers of the shared query path → the REST response bodies of spec §4.

Field names are the catalog's (snake_case, the tenant as `loyalty_club_id` or
`community_id`), enum values their REST spelling: the catalog's values as stored. A label
carries only the keys its query splits by, as the documented examples show.
"""

from __future__ import annotations

from typing import Any

from reporting_gateway.catalog.model import Report
from reporting_gateway.query import RecordsQuery, StatisticsQuery, TimeseriesQuery
from reporting_gateway.resolvers.field_values import FieldValues
from reporting_gateway.resolvers.series import Statistics, Timeseries
from reporting_gateway.storage.store import RecordsPage
from reporting_gateway.timebuckets import LOCAL


def _returned(report: Report) -> tuple[str, ...]:
    return tuple(f.name for f in report.fields if not f.filter_only)


def records_body(query: RecordsQuery, page: RecordsPage) -> dict[str, Any]:
    names = _returned(query.report)
    records = []
    for row in page.rows:
        values = row if isinstance(row, dict) else row._asdict()
        records.append({name: values[name] for name in names if name in values})
    after = page.cursor(page.rows[-1]) if page.has_next_page and page.rows else None
    return {"records": records, "pagination": {"next_page_info": after}, "result_type": "records"}


def _label_keys(query: TimeseriesQuery | StatisticsQuery) -> tuple[str, ...]:
    cross_customer = len(query.scope.customers) > 1
    return query.report.label_keys(query.aggregation, cross_customer)


def timeseries_body(query: TimeseriesQuery, answer: Timeseries) -> dict[str, Any]:
    keys = _label_keys(query)
    series = []
    for one in answer.series:
        shown: dict[str, Any] = {"label": {k: one.label[k] for k in keys}, "values": one.values}
        if answer.range_timezone == LOCAL and one.timezone is not None:
            shown["timezone"] = one.timezone
        series.append(shown)
    return {
        "interval": answer.interval,
        "range_timezone": answer.range_timezone,
        "time_buckets": answer.time_buckets,
        "series": series,
        "data_points": answer.data_points,
        "result_type": "timeseries",
    }


def statistics_body(query: StatisticsQuery, answer: Statistics) -> dict[str, Any]:
    keys = _label_keys(query)
    return {
        "range_timezone": answer.range_timezone,
        "series": [
            {"label": {k: total.label[k] for k in keys}, "value": total.value}
            for total in answer.series
        ],
        "result_type": "statistics",
    }


def field_values_body(answer: FieldValues) -> dict[str, Any]:
    values = (
        None
        if answer.values is None
        else [{"value": v.value, "count": v.count} for v in answer.values]
    )
    return {
        "report": answer.report,
        "field": answer.field,
        "type": answer.type,
        "values": values,
        "cut": answer.cut,
        "minimum": answer.minimum,
        "maximum": answer.maximum,
        "count": answer.count,
    }
