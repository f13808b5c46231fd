"""A period as whole rollup buckets: coarse buckets in the middle, finer ones at the edges.

    decompose(2026-01-15T10:07, 2026-03-01T00:00, (1mo, 1d, 1h, 5m), Europe/Warsaw)
      → pieces: 1mo [Feb 1, Mar 1) · 1d [Jan 16, Feb 1) · 1h [Jan 15 11:00, Jan 16)
                5m [10:10, 11:00)
        gaps:   [10:07, 10:10)  (no bucket fits: read from the facts)

Every piece is a run of buckets of one grain, aligned in the customer's timezone; an open
end (None) takes every bucket of the coarsest grain on that side.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from reporting_gateway.catalog.model import Interval
from reporting_gateway.storage.rollups.model import GRAINS
from reporting_gateway.timebuckets import floor, next_start

Piece = tuple[Interval, datetime | None, datetime | None]  # grain, [start, end)
Gap = tuple[datetime | None, datetime | None]


def coarsest_first(grains: tuple[Interval, ...]) -> tuple[Interval, ...]:
    return tuple(g for g in reversed(GRAINS) if g in grains)


def decompose(
    start: datetime | None,
    end: datetime | None,
    grains: tuple[Interval, ...],
    tz: ZoneInfo,
    kept: Mapping[Interval, datetime | None] | None = None,
) -> tuple[list[Piece], list[Gap]]:
    """[start, end) as pieces of whole buckets of `grains`, and the gaps none covers. A grain
    in `kept` is used only for time from its instant on (a grain kept for a while)."""
    return _cover(start, end, coarsest_first(grains), tz, kept or {})


def _cover(
    start: datetime | None,
    end: datetime | None,
    grains: tuple[Interval, ...],
    tz: ZoneInfo,
    kept: Mapping[Interval, datetime | None],
) -> tuple[list[Piece], list[Gap]]:
    if start is not None and end is not None and start >= end:
        return [], []
    grains = tuple(g for g in grains if _keeps(kept.get(g), start))
    if not grains:
        return [], [(start, end)]
    grain, finer = grains[0], grains[1:]
    inner_start = start if start is None else _ceil(start, grain, tz)
    inner_end = end if end is None else floor(end, grain, tz)
    if inner_start is not None and inner_end is not None and inner_start >= inner_end:
        return _cover(start, end, finer, tz, kept)
    pieces: list[Piece] = [(grain, inner_start, inner_end)]
    gaps: list[Gap] = []
    for edge_start, edge_end in ((start, inner_start), (inner_end, end)):
        if edge_start is not None and edge_end is not None:
            more, missing = _cover(edge_start, edge_end, finer, tz, kept)
            pieces += more
            gaps += missing
    return pieces, gaps


def _keeps(since: datetime | None, start: datetime | None) -> bool:
    return since is None or (start is not None and start >= since)


def _ceil(instant: datetime, grain: Interval, tz: ZoneInfo) -> datetime:
    start = floor(instant, grain, tz)
    return start if start == instant else next_start(start, grain, tz)
