"""Expected timeseries and statistics values, from the fixture rows with plain Python.

Each event is floored to its bucket on its own (`astimezone` + `replace`), which is a
different road from the gateway's (bucket edges stepped in `timebuckets.py`, then a range
join in SQL); the two must meet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tests import factories as f
from tests.expected import age_band

Row = dict[str, Any]
Counts = dict[tuple[Any, ...], dict[str, Any]]
TZ = {c["id"]: ZoneInfo(c["timezone"]) for c in f.CUSTOMERS}
SENDINGS = {(s["customer_id"], s["id"]): s for s in f.SENDINGS}
LINKS = {(link["customer_id"], link["id"]): link for link in f.LINKS}
OFFERS = {(o["customer_id"], o["id"]): o for o in f.OFFERS}
MEMBERS = {(m["customer_id"], m["id"]): m for m in f.MEMBERS}


def _sending_event(e: Row) -> Row:
    s = SENDINGS[(e["customer_id"], e["sending_id"])]
    return {
        "customer": e["customer_id"],
        "time": e["occurred_at"],
        "sending_id": e["sending_id"],
        "event_type": e["event_type"],
        "channel": s["channel"],
        "service_type": s["service_type"],
        "campaign_id": s["campaign_id"],
        "reporting_id": s["reporting_id"],
        "member": e["member_id"],
    }


def _recipient(e: Row) -> Row:
    member = MEMBERS.get((e["customer_id"], e["member_id"]), {})
    return {
        **_sending_event(e),
        "gender": member.get("gender"),
        "age": age_band(member.get("birth_year")),
    }


def _visit(v: Row) -> Row:
    link = LINKS[(v["customer_id"], v["link_id"])]
    return {
        "customer": v["customer_id"],
        "time": v["visited_at"],
        "source_type": link["source_type"],
        "source_id": link["source_id"],
        "host": link["host"],
    }


def _offer_event(e: Row) -> Row:
    return {
        "customer": e["customer_id"],
        "time": e["occurred_at"],
        "offer_id": e["offer_id"],
        "collection_id": OFFERS[(e["customer_id"], e["offer_id"])]["collection_id"],
        "event_type": e["event_type"],
    }


def _usage(u: Row) -> Row:
    return {
        "customer": u["customer_id"],
        "time": u["used_at"],
        "offer_id": u["offer_id"],
        "collection_id": OFFERS[(u["customer_id"], u["offer_id"])]["collection_id"],
        "place_id": u["place_id"],
    }


def _member_change(m: Row, kind: str) -> Row:
    return {
        "customer": m["customer_id"],
        "time": m["created_at"] if kind == "in" else m["left_at"],
        "type": kind,
        **{k: m[k] for k in ("optin_channel", "optin_subchannel", "optin_platform", "gender")},
        "age": age_band(m["birth_year"]),
    }


def _transaction(t: Row) -> Row:
    return {
        "customer": t["customer_id"],
        "time": t["occurred_at"],
        "amount": t["amount"],
        **{k: t[k] for k in ("place_id", "type", "currency")},
    }


EVENTS: dict[str, list[Row]] = {
    "sendings_events_history": [_sending_event(e) for e in f.SENDING_EVENTS],
    "sendings_stats": [_sending_event(e) for e in f.SENDING_EVENTS],
    "sendings_recipients_statistics": [
        _recipient(e) for e in f.SENDING_EVENTS if e["event_type"] == "transmitted"
    ],
    "links_visits_history": [_visit(v) for v in f.LINK_VISITS if not v["is_bot"]],
    "offers_events_history": [_offer_event(e) for e in f.OFFER_EVENTS],
    "offers_events_stats": [_offer_event(e) for e in f.OFFER_EVENTS],
    "offers_usages_history": [_usage(u) for u in f.OFFER_USAGES],
    "offers_usages_stats": [_usage(u) for u in f.OFFER_USAGES],
    "transactions_history": [_transaction(t) for t in f.TRANSACTIONS],
    "member_balance": [_member_change(m, "in") for m in f.MEMBERS]
    + [_member_change(m, "out") for m in f.MEMBERS if m["left_at"]],
}
VALUE = {  # how a bucket's rows become its value
    "sendings_recipients_statistics": lambda rows: len({r["member"] for r in rows}),
    "transactions_history": lambda rows: round(sum(r["amount"] for r in rows), 2),
}


def bucket_start(instant: datetime, interval: str, tz: ZoneInfo) -> datetime:
    local = instant.astimezone(tz)
    if interval == "5m":
        return local.replace(minute=local.minute - local.minute % 5, second=0, microsecond=0)
    if interval == "1h":
        return local.replace(minute=0, second=0, microsecond=0)
    day = local.date()
    if interval == "1w":
        day -= timedelta(days=day.weekday())
    elif interval == "1mo":
        day = day.replace(day=1)
    return datetime.combine(day, time(), tzinfo=tz)


def bucket_label(start: datetime, mixed: bool) -> str:
    return start.replace(tzinfo=None).isoformat() if mixed else start.isoformat()


def _read(value: datetime, tz: ZoneInfo) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=tz)


def counters(
    report: str,
    customers: Iterable[int],
    keys: tuple[str, ...],
    interval: str,
    start: datetime,
    end: datetime,
) -> Counts:
    """{label: {bucket label: value}} for counted reports; whole buckets from start's bucket to end."""
    chosen = set(customers)
    mixed = len({TZ[c].key for c in chosen}) > 1
    grouped: dict[tuple[Any, ...], dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for row in EVENTS[report]:
        if row["customer"] not in chosen:
            continue
        tz = TZ[row["customer"]]
        first = bucket_start(_read(start, tz), interval, tz)
        bucket = bucket_start(row["time"], interval, tz)
        if first <= bucket < _read(end, tz):
            grouped[_label(row, keys)][bucket_label(bucket, mixed)].append(row)
    value = VALUE.get(report, len)
    return {
        label: {b: value(rows) for b, rows in buckets.items()} for label, buckets in grouped.items()
    }


def _label(row: Row, keys: tuple[str, ...]) -> tuple[Any, ...]:
    return tuple(
        row["customer"] if key in ("loyalty_club_id", "community_id") else row[key] for key in keys
    )


def totals(
    report: str,
    customers: Iterable[int],
    keys: tuple[str, ...],
    start: datetime | None = None,
    end: datetime | None = None,
) -> dict[tuple[Any, ...], Any]:
    """{label: total} over a period (statistics)."""
    chosen = set(customers)
    grouped: dict[tuple[Any, ...], list[Row]] = defaultdict(list)
    for row in EVENTS[report]:
        tz = TZ.get(row["customer"])
        if row["customer"] not in chosen or tz is None:
            continue
        if start is not None and row["time"] < _read(start, tz):
            continue
        if end is not None and row["time"] >= _read(end, tz):
            continue
        grouped[_label(row, keys)].append(row)
    value = VALUE.get(report, len)
    return {label: value(rows) for label, rows in grouped.items()}


def snapshots(
    customers: Iterable[int], interval: str, start: datetime, end: datetime, total: bool
) -> Counts:
    """members_count_snapshot: the last snapshot of each customer in each bucket (summed when total)."""
    chosen = set(customers)
    mixed = len({TZ[c].key for c in chosen}) > 1
    last: dict[tuple[int, str], tuple[datetime, int]] = {}
    for row in f.MEMBER_SNAPSHOTS:
        c = row["customer_id"]
        if c not in chosen:
            continue
        tz = TZ[c]
        bucket = bucket_start(row["taken_at"], interval, tz)
        if bucket_start(_read(start, tz), interval, tz) <= bucket < _read(end, tz):
            key = (c, bucket_label(bucket, mixed))
            if key not in last or last[key][0] < row["taken_at"]:
                last[key] = (row["taken_at"], row["members_count"])
    out: Counts = defaultdict(dict)
    for (c, label), (_, count) in last.items():
        series = () if total or len(chosen) == 1 else (c,)
        out[series][label] = out[series].get(label, 0) + count
    return dict(out)


def members_alive(customer: int, at: datetime) -> list[Row]:
    return [
        m
        for m in f.MEMBERS
        if m["customer_id"] == customer
        and m["created_at"] < at
        and (m["left_at"] is None or m["left_at"] >= at)
    ]


GROUPINGS = ("optin_channel", "optin_platform", "country", "gender", "age")


def grouping_value(member: Row, grouping: str) -> str:
    value = age_band(member["birth_year"]) if grouping == "age" else member[grouping]
    return "unknown" if value is None else str(value)
