"""Time buckets in a customer's timezone: alignment, DST, the 150-bucket and retention rules.

Pure functions over `zoneinfo`; no SQL. The storage layer receives the buckets' UTC edges
and assigns events to them with range joins, so a day bucket across a DST change is
exactly 23 or 25 hours on both database backends.

    >>> from zoneinfo import ZoneInfo
    >>> tz = ZoneInfo("Europe/Oslo")
    >>> start = floor(datetime(2026, 3, 29, 12, tzinfo=UTC), Interval.DAY, tz)
    >>> next_start(start, Interval.DAY, tz) - start
    datetime.timedelta(seconds=82800)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reporting_gateway.catalog.model import Interval
from reporting_gateway.errors import ErrorCode, GatewayError, bad_request
from reporting_gateway.query import Bucket, BucketPlan

MAX_BUCKETS = 150
LOCAL = "local"
YEARS = range(1900, 3000)  # of every timestamp a client gives: far from datetime's own ends


def check_year(value: datetime) -> datetime:
    """`value`, if its year is one the gateway answers for; a ValueError naming them if not."""
    if value.year not in YEARS:
        raise ValueError(f"years {YEARS.start} to {YEARS.stop - 1} only, not {value.year}")
    return value


_STEP = {Interval.FIVE_MINUTES: timedelta(minutes=5), Interval.HOUR: timedelta(hours=1)}
_NOMINAL = {
    Interval.FIVE_MINUTES: timedelta(minutes=5),
    Interval.HOUR: timedelta(hours=1),
    Interval.DAY: timedelta(days=1),
    Interval.WEEK: timedelta(weeks=1),
    Interval.MONTH: timedelta(days=30),
}
_AUTO_RULES = (
    (timedelta(hours=12), Interval.FIVE_MINUTES),
    (timedelta(days=3), Interval.HOUR),
)
_ORDER = (Interval.FIVE_MINUTES, Interval.HOUR, Interval.DAY, Interval.WEEK, Interval.MONTH)


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    shown = repr(name) if len(name) <= 60 else f"{name[:50]!r}… ({len(name):,} characters)"
    if len(name) > 255:  # the database of zones is files: a longer name is no file name
        raise ValueError(f"unknown IANA timezone {shown}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown IANA timezone {shown}") from None


def floor(instant: datetime, interval: Interval, tz: ZoneInfo) -> datetime:
    """Start (UTC) of the bucket containing `instant`, aligned in `tz` (5m on :00/:05…,
    weeks on Mondays, months on the 1st)."""
    local = instant.astimezone(tz)
    if interval in _STEP:
        minute = local.minute - local.minute % 5 if interval is Interval.FIVE_MINUTES else 0
        return local.replace(minute=minute, second=0, microsecond=0).astimezone(UTC)
    day = local.date()
    if interval is Interval.WEEK:
        day -= timedelta(days=day.weekday())
    elif interval is Interval.MONTH:
        day = day.replace(day=1)
    return _midnight(day.year, day.month, day.day, tz)


def next_start(start: datetime, interval: Interval, tz: ZoneInfo) -> datetime:
    """Start (UTC) of the bucket after the one starting at `start`."""
    if interval in _STEP:
        following = start + _STEP[interval]
        aligned = floor(following, interval, tz)
        return aligned if aligned > start else following
    day = start.astimezone(tz).date()
    if interval is Interval.DAY:
        day += timedelta(days=1)
    elif interval is Interval.WEEK:
        day += timedelta(weeks=1)
    else:
        day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return _midnight(day.year, day.month, day.day, tz)


def shift(start: datetime, interval: Interval, tz: ZoneInfo, buckets: int) -> datetime:
    """The bucket start `buckets` buckets before `start` (a negative count goes forward)."""
    if interval in _STEP:
        return floor(start - _STEP[interval] * buckets, interval, tz)
    day = start.astimezone(tz).date()
    if interval is Interval.DAY:
        day -= timedelta(days=buckets)
    elif interval is Interval.WEEK:
        day -= timedelta(weeks=buckets)
    else:
        months = day.year * 12 + day.month - 1 - buckets
        day = day.replace(year=months // 12, month=months % 12 + 1, day=1)
    return _midnight(day.year, day.month, day.day, tz)


def _midnight(year: int, month: int, day: int, tz: ZoneInfo) -> datetime:
    # fold=0 puts a midnight that falls into a DST gap at the instant the gap starts.
    return datetime(year, month, day, tzinfo=tz).astimezone(UTC)


def auto_interval(span: timedelta, offered: Iterable[Interval]) -> Interval:
    """Spec §4: 5m up to 12 hours, 1h up to 3 days, else 1d; the next one the report offers."""
    wanted = Interval.DAY
    for limit, interval in _AUTO_RULES:
        if span <= limit:
            wanted = interval
            break
    offered = set(offered)
    for interval in _ORDER[_ORDER.index(wanted) :]:
        if interval in offered:
            return interval
    return max(offered, key=_ORDER.index)


def read_range_bound(value: datetime, timezones: frozenset[str], name: str) -> datetime:
    """`from`/`to` as given: aware values are instants; naive ones are local wall-clock times.

    With several timezones only wall-clock times make sense (spec §4), so an offset is refused.
    """
    if value.tzinfo is not None and len(timezones) > 1:
        raise bad_request(
            f"`{name}` has a UTC offset, but the selected customers are in different timezones "
            f"({', '.join(sorted(timezones))}), so `{name}` is read as local wall-clock time.",
            path=name,
            hint=f"Give `{name}` without an offset, e.g. 2026-01-01T00:00:00.",
        )
    return value


def localize(value: datetime, tz: ZoneInfo) -> datetime:
    """The UTC instant of `value` read in `tz` (aware values are kept as they are)."""
    if value.tzinfo is not None:
        return value.astimezone(UTC)
    return value.replace(tzinfo=tz).astimezone(UTC)


def plan(
    *,
    offered: tuple[Interval, ...],
    interval: Interval | None,
    start: datetime,
    end: datetime,
    timezones: frozenset[str],
    now: datetime,
) -> BucketPlan:
    """The buckets of one timeseries query, or the documented error that says why not."""
    start = read_range_bound(start, timezones, "from")
    end = read_range_bound(end, timezones, "to")
    zones = {name: zone(name) for name in sorted(timezones)}
    some = next(iter(zones.values()))
    span = localize(end, some) - localize(start, some)
    if span <= timedelta(0):
        raise bad_request("`to` must be later than `from`.", path="to")
    if interval is None:
        interval = auto_interval(span, offered)
    elif interval not in offered:
        raise bad_request(
            f"This report offers the intervals {', '.join(i.value for i in offered)}, "
            f"not {interval.value}.",
            path="interval",
        )
    _check_retention(interval, start, zones, now)

    single = len(zones) == 1
    per_zone: dict[str, tuple[tuple[str, datetime, datetime], ...]] = {}
    for name, tz in zones.items():
        per_zone[name] = _buckets(interval, localize(start, tz), localize(end, tz), tz, single)
    labels = sorted({label for buckets in per_zone.values() for label, _, _ in buckets})
    if single:  # labels with offsets sort by instant, not by text
        labels = [label for label, _, _ in next(iter(per_zone.values()))]
    position = {label: i for i, label in enumerate(labels)}
    ends = [_label(per_zone[name][-1][2], tz, single) for name, tz in zones.items()]
    return BucketPlan(
        interval=interval,
        range_timezone=next(iter(zones)) if single else LOCAL,
        labels=tuple(labels),
        end_label=max(ends) if not single else ends[0],
        edges={
            name: tuple(Bucket(position[label], s, e) for label, s, e in buckets)
            for name, buckets in per_zone.items()
        },
    )


def _label(instant: datetime, tz: ZoneInfo, with_offset: bool) -> str:
    """An instant as buckets are named: with its offset in one timezone, else wall-clock."""
    local = instant.astimezone(tz)
    return local.isoformat() if with_offset else local.replace(tzinfo=None).isoformat()


@lru_cache(maxsize=256)  # dashboards ask for the same ranges again and again
def _buckets(
    interval: Interval, start: datetime, end: datetime, tz: ZoneInfo, with_offset: bool
) -> tuple[tuple[str, datetime, datetime], ...]:
    buckets: list[tuple[str, datetime, datetime]] = []
    current = floor(start, interval, tz)
    while current < end:
        following = next_start(current, interval, tz)
        buckets.append((_label(current, tz, with_offset), current, following))
        if len(buckets) > MAX_BUCKETS:
            raise _too_many(interval)
        current = following
    return tuple(buckets)


def _too_many(interval: Interval) -> GatewayError:
    longest = _NOMINAL[interval] * MAX_BUCKETS
    wider = [i.value for i in _ORDER[_ORDER.index(interval) + 1 :]]
    return GatewayError(
        ErrorCode.TOO_MANY_BUCKETS,
        f"The range spans more than {MAX_BUCKETS} buckets of {interval.value}; with interval "
        f"{interval.value} the range can be at most {MAX_BUCKETS} buckets "
        f"(about {_human(longest)}).",
        details={"interval": interval.value, "max_buckets": MAX_BUCKETS},
        hint=f"Shorten the range or use a wider interval ({', '.join(wider)})."
        if wider
        else "Shorten the range.",
    )


def _check_retention(
    interval: Interval, start: datetime, zones: dict[str, ZoneInfo], now: datetime
) -> None:
    retention = interval.retention
    if retention is None:
        return
    earliest = now - retention
    first = min(localize(start, tz) for tz in zones.values())
    if first < earliest:
        raise bad_request(
            f"Data at interval {interval.value} is kept for {_human(retention)}; `from` must be "
            f"after {earliest.replace(microsecond=0).isoformat()}.",
            path="from",
            hint="Use a wider interval for older data (1d keeps 2 years, 1w and 1mo forever).",
        )


def _human(span: timedelta) -> str:
    if span >= timedelta(days=2):
        return f"{span.days} days"
    hours = span.total_seconds() / 3600
    return f"{hours:g} hours"
