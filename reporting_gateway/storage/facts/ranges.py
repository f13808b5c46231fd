"""`timeseries_ranges` of a sending: per interval, the `from`/`to` that chart its events.

Computed from the first and last event of the sending (aggregated in SQL) for one page of
rows; each range is aligned to the interval in the customer's timezone, starts no earlier
than the interval's retention and spans at most the bucket limit (the latest buckets win).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from reporting_gateway.catalog import CATALOG
from reporting_gateway.query import Customer
from reporting_gateway.timebuckets import MAX_BUCKETS, floor, next_start, shift, zone

_INTERVALS = CATALOG["sendings_events_history"].intervals


def sending_timeseries_ranges(row: dict[str, Any], customer: Customer, now: datetime) -> None:
    first: datetime | None = row.pop("first_event_at")
    last: datetime | None = row.pop("last_event_at")
    if first is None or last is None:
        row["timeseries_ranges"] = {interval.value: None for interval in _INTERVALS}
        return
    tz = zone(customer.timezone)
    ranges: dict[str, dict[str, str] | None] = {}
    for interval in _INTERVALS:
        start = floor(first, interval, tz)
        end = next_start(floor(last, interval, tz), interval, tz)
        start = max(start, shift(end, interval, tz, MAX_BUCKETS))
        if interval.retention is not None:
            earliest = floor(now - interval.retention, interval, tz)
            if earliest < now - interval.retention:
                earliest = next_start(earliest, interval, tz)
            start = max(start, earliest)
        ranges[interval.value] = (
            None
            if start >= end
            else {"from": start.astimezone(tz).isoformat(), "to": end.astimezone(tz).isoformat()}
        )
    row["timeseries_ranges"] = ranges
