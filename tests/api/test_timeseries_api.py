"""Timeseries and statistics over HTTP: the documented shape, timezones, limits and errors."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
import pytest

from reporting_gateway.catalog import CATALOG
from reporting_gateway.catalog.model import Format
from reporting_gateway.schema import naming
from tests import expected_series as x
from tests.helpers import data, errors

EVENTS_QUERY = """query($from: DateTime!, $to: DateTime!, $interval: SendingsEventsHistoryInterval!, $agg: SendingsEventsHistoryAggregation, $fill: Boolean!) {
  sendingsEventsHistory(from: $from, to: $to, interval: $interval, aggregateBy: $agg, fillGaps: $fill) {
    interval rangeTimezone timeBuckets dataPoints truncated
    series { label { loyaltyClubId eventType channel serviceType campaignId reportingId } values timezone }
  }
}"""


async def events(
    client: httpx.AsyncClient,
    customer: str,
    start: str,
    end: str,
    interval: str = "DAY",
    agg: str | None = None,
    fill: bool = False,
) -> dict[str, Any]:
    variables = {"from": start, "to": end, "interval": interval, "agg": agg, "fill": fill}
    return (await data(client, EVENTS_QUERY, variables, customer=customer))["sendingsEventsHistory"]


def counts(result: dict[str, Any], keys: tuple[str, ...]) -> dict[tuple[Any, ...], dict[str, Any]]:
    """{label: {bucket: value}} from a GraphQL result, labels in catalog spelling."""
    report = CATALOG["sendings_events_history"]
    out = {}
    for series in result["series"]:
        label = tuple(
            _catalog_value(report, k, series["label"][naming.field_name(k)]) for k in keys
        )
        out[label] = {
            b: v
            for b, v in zip(result["timeBuckets"], series["values"], strict=True)
            if v is not None
        }
    return out


def _catalog_value(report: Any, key: str, value: Any) -> Any:
    values = report.field(key).type.values
    if value is None or values is None:
        return value
    return next(v for v in values.values if naming.enum_value(v) == value)


async def test_one_timezone_buckets_carry_offsets_and_a_dst_day_has_its_own_length(
    client: httpx.AsyncClient,
) -> None:
    result = await events(client, "id=101", "2026-10-24T00:00:00", "2026-10-27T00:00:00")
    assert result["interval"] == "DAY" and result["rangeTimezone"] == "Europe/Warsaw"
    assert result["timeBuckets"] == [
        "2026-10-24T00:00:00+02:00",
        "2026-10-25T00:00:00+02:00",
        "2026-10-26T00:00:00+01:00",
    ]
    assert {s["timezone"] for s in result["series"]} == {"Europe/Warsaw"}
    want = x.counters(
        "sendings_events_history",
        (101,),
        ("event_type",),
        "1d",
        datetime(2026, 10, 24),
        datetime(2026, 10, 27),
    )
    assert counts(result, ("event_type",)) == want
    assert result["dataPoints"] == sum(len(v) for v in want.values())


async def test_two_timezones_read_wall_clock_times_and_label_series_with_their_timezone(
    client: httpx.AsyncClient,
) -> None:
    result = await events(client, "id=101_103", "2026-10-31T00:00:00", "2026-11-03T00:00:00")
    assert result["rangeTimezone"] == "local"
    assert result["timeBuckets"] == [
        "2026-10-31T00:00:00",
        "2026-11-01T00:00:00",
        "2026-11-02T00:00:00",
    ]
    zones = {s["label"]["loyaltyClubId"]: s["timezone"] for s in result["series"]}
    assert zones == {101: "Europe/Warsaw", 103: "America/New_York"}
    keys = ("loyalty_club_id", "event_type")
    assert counts(result, keys) == x.counters(
        "sendings_events_history",
        (101, 103),
        keys,
        "1d",
        datetime(2026, 10, 31),
        datetime(2026, 11, 3),
    )


@pytest.mark.parametrize("agg", ["CHANNEL", "TOTAL_CHANNEL", "SERVICE_TYPE", "TOTAL_REPORTING_ID"])
async def test_aggregations_add_their_key_and_total_twins_drop_the_tenant(
    client: httpx.AsyncClient, agg: str
) -> None:
    result = await events(
        client, "chain=Cats", "2026-05-20T00:00:00", "2026-06-20T00:00:00", agg=agg
    )
    aggregation = CATALOG["sendings_events_history"].aggregation(agg.lower())
    keys = CATALOG["sendings_events_history"].label_keys(aggregation, cross_customer=True)
    assert ("loyalty_club_id" in keys) is not agg.startswith("TOTAL")
    if agg.startswith("TOTAL"):
        assert all(s["label"]["loyaltyClubId"] is None for s in result["series"])
    assert counts(result, keys) == x.counters(
        "sendings_events_history",
        (101, 102),
        keys,
        "1d",
        datetime(2026, 5, 20),
        datetime(2026, 6, 20),
    )


async def test_empty_buckets_are_left_out_unless_fill_gaps(client: httpx.AsyncClient) -> None:
    sparse = await events(client, "id=101", "2026-10-20T00:00:00", "2026-10-30T00:00:00")
    filled = await events(client, "id=101", "2026-10-20T00:00:00", "2026-10-30T00:00:00", fill=True)
    assert len(sparse["timeBuckets"]) < 10 == len(filled["timeBuckets"])
    assert all(v is not None for s in filled["series"] for v in s["values"])
    assert 0 in filled["series"][0]["values"]


async def test_auto_picks_the_interval_and_says_which(client: httpx.AsyncClient) -> None:
    query = '{ sendingsEventsHistory(from: "2026-11-05T06:00:00Z", to: "2026-11-05T12:00:00Z") { interval timeBuckets } }'
    result = (await data(client, query))["sendingsEventsHistory"]
    assert result["interval"] == "FIVE_MINUTES"
    assert all(
        label[14:16] in {f"{m:02}" for m in range(0, 60, 5)} for label in result["timeBuckets"]
    )


async def test_151_day_buckets_are_too_many_buckets(client: httpx.AsyncClient) -> None:
    query = '{ sendingsEventsHistory(from: "2026-05-01T00:00:00", to: "2026-09-29T00:00:00", interval: DAY) { interval } }'
    status, errs = await errors(client, query)
    assert status == 422
    assert errs[0]["extensions"]["code"] == "TOO_MANY_BUCKETS"
    assert "at most 150 buckets" in errs[0]["message"]
    ok = '{ sendingsEventsHistory(from: "2026-05-01T00:00:00", to: "2026-09-28T00:00:00", interval: DAY) { interval } }'
    assert (await data(client, ok))["sendingsEventsHistory"]["interval"] == "DAY"


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (
            'from: "2026-10-01T00:00:00", to: "2026-10-02T00:00:00", interval: FIVE_MINUTES',
            "kept for 14 days",
        ),
        ('from: "2026-10-02T00:00:00", to: "2026-10-01T00:00:00"', "later than"),
    ],
)
async def test_range_errors_are_bad_request(
    client: httpx.AsyncClient, arguments: str, words: str
) -> None:
    _, errs = await errors(client, f"{{ sendingsEventsHistory({arguments}) {{ interval }} }}")
    assert errs[0]["extensions"]["code"] == "BAD_REQUEST" and words in errs[0]["message"]


async def test_an_offset_with_customers_in_two_timezones_is_bad_request(
    client: httpx.AsyncClient,
) -> None:
    query = '{ sendingsEventsHistory(from: "2026-10-01T00:00:00Z", to: "2026-10-02T00:00:00") { interval } }'
    _, errs = await errors(client, query, customer="id=101_103")
    assert errs[0]["extensions"]["code"] == "BAD_REQUEST" and errs[0]["extensions"]["details"] == {
        "from": errs[0]["message"]
    }


async def test_an_interval_a_report_does_not_offer_does_not_validate(
    client: httpx.AsyncClient,
) -> None:
    query = '{ sendingsRecipientsStatistics(from: "2026-11-05T06:00:00Z", to: "2026-11-05T08:00:00Z", interval: FIVE_MINUTES) { interval } }'
    status, errs = await errors(client, query)
    assert status == 400 and errs[0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


STATS_QUERY = """query($agg: SendingsStatsAggregation, $from: DateTime, $to: DateTime) {
  sendingsStats(aggregateBy: $agg, from: $from, to: $to) { rangeTimezone series { label { loyaltyClubId eventType channel } value } }
}"""


@pytest.mark.parametrize(
    ("agg", "keys"),
    [
        (None, ("loyalty_club_id", "event_type")),
        ("CHANNEL", ("loyalty_club_id", "event_type", "channel")),
        ("TOTAL_CHANNEL", ("event_type", "channel")),
    ],
)
async def test_sendings_stats_split_by_channel_and_total_channel(
    client: httpx.AsyncClient, agg: str | None, keys: tuple[str, ...]
) -> None:
    result = (await data(client, STATS_QUERY, {"agg": agg}, customer="id=101_103"))["sendingsStats"]
    got = {
        tuple(
            _catalog_value(CATALOG["sendings_stats"], k, s["label"][naming.field_name(k)])
            for k in keys
        ): s["value"]
        for s in result["series"]
    }
    assert got == x.totals("sendings_stats", (101, 103), keys)
    values = [s["value"] for s in result["series"]]
    assert values == sorted(values, reverse=True)


async def test_statistics_labels_have_no_tenant_for_one_customer(client: httpx.AsyncClient) -> None:
    result = (
        await data(
            client, STATS_QUERY, {"from": "2026-10-25T00:00:00", "to": "2026-10-26T00:00:00"}
        )
    )["sendingsStats"]
    assert result["rangeTimezone"] == "Europe/Warsaw"
    assert {s["label"]["loyaltyClubId"] for s in result["series"]} == {None}
    got = {s["label"]["eventType"].lower(): s["value"] for s in result["series"]}
    assert got == {
        k[0]: v
        for k, v in x.totals(
            "sendings_stats",
            (101,),
            ("event_type",),
            datetime(2026, 10, 25),
            datetime(2026, 10, 26),
        ).items()
    }


SERIES_REPORTS = [name for name, r in CATALOG.items() if r.format is not Format.RECORDS]


@pytest.mark.parametrize("name", SERIES_REPORTS)
async def test_every_timeseries_and_statistics_report_answers_with_typed_labels(
    client: httpx.AsyncClient, name: str
) -> None:
    report = CATALOG[name]
    label = " ".join(naming.field_name(k) for k in report.all_label_keys)
    if report.format is Format.TIMESERIES:
        interval = naming.interval_value(report.intervals[-1])
        query = f'{{ {naming.root_field(name)}(from: "2025-11-01T00:00:00", to: "2026-11-01T00:00:00", interval: {interval}) {{ timeBuckets series {{ label {{ {label} }} values }} }} }}'
    else:
        query = f"{{ {naming.root_field(name)} {{ series {{ label {{ {label} }} value }} }} }}"
    result = (await data(client, query, customer="id=101_103"))[naming.root_field(name)]
    assert result["series"], name
    tenant = naming.field_name(report.tenant_field)
    assert {s["label"][tenant] for s in result["series"]} <= {101, 103}


async def test_a_report_outside_the_fixture_window_returns_no_series(
    client: httpx.AsyncClient,
) -> None:
    query = '{ sendingsEventsHistory(from: "2025-01-01T00:00:00", to: "2025-01-03T00:00:00", interval: DAY) { timeBuckets series { values } dataPoints } }'
    assert (await data(client, query))["sendingsEventsHistory"] == {
        "timeBuckets": [],
        "series": [],
        "dataPoints": 0,
    }
