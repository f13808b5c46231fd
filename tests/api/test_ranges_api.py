"""One rule for ranges off bucket edges: a timeseries counts whole buckets and says which;
statistics count exactly [from, to), so the two agree on ranges that fall on edges."""

from __future__ import annotations

from collections import Counter

import httpx
import pytest

from tests.helpers import data

RANGE = "interval rangeTimezone rangeFrom rangeTo timeBuckets"


@pytest.mark.parametrize(
    ("customer", "start", "end", "counted"),
    [
        (
            "id=101",
            "2026-10-01T10:30:00",
            "2026-10-03T05:00:00",
            ("2026-10-01T00:00:00+02:00", "2026-10-04T00:00:00+02:00"),
        ),
        (
            "id=101",
            "2026-10-01T00:00:00",
            "2026-10-03T00:00:00",
            ("2026-10-01T00:00:00+02:00", "2026-10-03T00:00:00+02:00"),
        ),
        (  # across the end of summer time: the offset changes inside the range
            "id=101",
            "2026-10-24T12:00:00",
            "2026-10-26T00:00:01",
            ("2026-10-24T00:00:00+02:00", "2026-10-27T00:00:00+01:00"),
        ),
        (  # two timezones: local wall-clock, the same in each
            "id=101_103",
            "2026-10-01T10:30:00",
            "2026-10-03T05:00:00",
            ("2026-10-01T00:00:00", "2026-10-04T00:00:00"),
        ),
    ],
)
async def test_a_timeseries_says_the_whole_buckets_it_counted(
    client: httpx.AsyncClient, customer: str, start: str, end: str, counted: tuple[str, str]
) -> None:
    query = f'{{ sendingsEventsHistory(from: "{start}", to: "{end}", interval: DAY, fillGaps: true) {{ {RANGE} }} }}'
    answer = (await data(client, query, customer=customer))["sendingsEventsHistory"]
    assert (answer["rangeFrom"], answer["rangeTo"]) == counted
    assert answer["timeBuckets"][0] == counted[0]


async def test_on_bucket_edges_a_timeseries_adds_up_to_the_statistics_of_its_range(
    client: httpx.AsyncClient,
) -> None:
    window = 'from: "2026-06-01T00:00:00", to: "2026-06-20T00:00:00"'
    series = (
        await data(
            client,
            f"{{ sendingsEventsHistory({window}, interval: DAY) "
            "{ rangeFrom rangeTo series { label { eventType } values } } }",
        )
    )["sendingsEventsHistory"]
    assert (series["rangeFrom"], series["rangeTo"]) == (
        "2026-06-01T00:00:00+02:00",
        "2026-06-20T00:00:00+02:00",
    )
    summed = Counter(
        {s["label"]["eventType"]: sum(v or 0 for v in s["values"]) for s in series["series"]}
    )
    totals = (
        await data(
            client, f"{{ sendingsStats({window}) {{ series {{ label {{ eventType }} value }} }} }}"
        )
    )["sendingsStats"]["series"]
    assert summed == Counter({t["label"]["eventType"]: t["value"] for t in totals})
    assert sum(summed.values()) > 0
