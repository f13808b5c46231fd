"""Random facts for the rollup property tests: several timezones, DST days, late events.

Customers sit in zones with +05:30 and +05:45 offsets, 23 h and 25 h days, a 30-minute DST
shift, and two share one timezone. Events cluster around DST changes and near the clock's
now (for 5-minute buckets), and each table's rows are dealt into batches in a shuffled
order, so later batches bring events older than earlier ones into buckets that hold data.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from reporting_gateway.catalog import enums

NOW = datetime(2026, 11, 5, 12, 0, tzinfo=UTC)
TIMEZONES = {
    201: "Asia/Kolkata",  # +05:30
    202: "Asia/Kathmandu",  # +05:45
    203: "Europe/Warsaw",  # 23 h and 25 h days
    204: "Europe/Warsaw",  # shares its timezone with 203
    205: "America/New_York",
    206: "Australia/Lord_Howe",  # DST moves the clock by 30 minutes
}
Rows = dict[str, list[dict[str, Any]]]


def _transitions(timezone: str, since: datetime) -> list[datetime]:
    """UTC instants where the zone's offset changes, from `since` to NOW."""
    tz, found, at = ZoneInfo(timezone), [], since
    offset = at.astimezone(tz).utcoffset()
    while at < NOW:
        step = at + timedelta(hours=1)
        if step.astimezone(tz).utcoffset() != offset:
            found.append(step)
            offset = step.astimezone(tz).utcoffset()
        at = step
    return found


class RandomFacts:
    def __init__(self, seed: int, *, batches: int = 3, scale: int = 1) -> None:
        self.rng = random.Random(seed)
        self.batches = batches
        self.scale = scale
        since = NOW - timedelta(days=400)
        self.hot = {c: _transitions(tz, since) for c, tz in TIMEZONES.items()}

    def when(self, customer: int) -> datetime:
        """An instant: near a DST change, in the last hours, or anywhere in 400 days."""
        rng, pick = self.rng, self.rng.random()
        if pick < 0.35 and self.hot[customer]:
            return rng.choice(self.hot[customer]) + timedelta(minutes=rng.uniform(-1500, 1500))
        if pick < 0.55:
            return NOW - timedelta(minutes=rng.uniform(0, 720))
        return NOW - timedelta(days=rng.uniform(0, 400))

    def tables(self) -> list[Rows]:
        """The rows of every table, dealt into `batches` (parents before their facts)."""
        rng = self.rng
        rows: Rows = {"customers": [self._customer(c, tz) for c, tz in TIMEZONES.items()]}
        members = [self._member(c, n) for c in TIMEZONES for n in range(12 * self.scale)]
        sendings = [self._sending(c, n) for c in TIMEZONES for n in range(6 * self.scale)]
        links = [self._link(c, n) for c in TIMEZONES for n in range(6 * self.scale)]
        offers = [self._offer(c, n) for c in TIMEZONES for n in range(4)]
        rows.update(
            members=members,
            member_snapshots=[
                {"customer_id": c, "taken_at": self.when(c), "members_count": rng.randint(0, 90)}
                for c in TIMEZONES
                for _ in range(25)
            ],
            sendings=sendings,
            sending_events=[
                self._event(rng.choice(sendings), members) for _ in range(400 * self.scale)
            ],
            links=links,
            link_visits=[self._visit(rng.choice(links), members) for _ in range(250 * self.scale)],
            offer_collections=[
                {"customer_id": c, "id": c * 10 + k, "name": f"c{k}", "created_at": self.when(c)}
                for c in TIMEZONES
                for k in range(2)
            ],
            offers=offers,
            offer_events=[self._offer_event(rng.choice(offers)) for _ in range(150)],
            offer_usages=[self._usage(rng.choice(offers)) for _ in range(100)],
            transactions=[self._transaction(c) for c in TIMEZONES for _ in range(30)],
        )
        self._unique_keys(rows)
        return self._deal(rows)

    def _deal(self, rows: Rows) -> list[Rows]:
        batches: list[Rows] = [{} for _ in range(self.batches)]
        for table, table_rows in rows.items():
            if table == "customers":
                batches[0][table] = table_rows
                continue
            shuffled = list(table_rows)
            self.rng.shuffle(shuffled)
            parents_first = table in ("sendings", "links", "offers", "offer_collections")
            for index, row in enumerate(shuffled):
                batch = 0 if parents_first else index % self.batches
                batches[batch].setdefault(table, []).append(row)
        return batches

    @staticmethod
    def _unique_keys(rows: Rows) -> None:
        for table, table_rows in rows.items():
            if table in ("customers", "member_snapshots"):
                continue
            if table not in ("members", "sendings", "links", "offers", "offer_collections"):
                for n, row in enumerate(table_rows):
                    row["id"] = n + 1
        seen: set[tuple[Any, Any]] = set()
        snapshots = []
        for row in rows["member_snapshots"]:
            key = (row["customer_id"], row["taken_at"])
            if key not in seen:
                seen.add(key)
                snapshots.append(row)
        rows["member_snapshots"] = snapshots

    @staticmethod
    def _customer(c: int, timezone: str) -> dict[str, Any]:
        return {"id": c, "name": f"C{c}", "slug": f"c{c}", "chain": "Cats" if c % 2 else "Dogs",
                "country": "PL", "timezone": timezone}  # fmt: skip

    def _member(self, c: int, n: int) -> dict[str, Any]:
        rng = self.rng
        created = self.when(c)
        left = None
        if rng.random() < 0.3:
            left = min(NOW, created + timedelta(days=rng.uniform(0, 60)))
        return {
            "customer_id": c, "id": c * 1000 + n,
            "optin_channel": rng.choice(("web", "app", None)),
            "optin_subchannel": rng.choice(("a", None)),
            "optin_platform": rng.choice((*enums.OPTIN_PLATFORM.values, None)),
            "gender": rng.choice((*enums.GENDER.values, None)),
            "birth_year": rng.choice((None, *range(1950, 2012, 7))),
            "subunit_ids": [], "group_ids": [], "favorite_stores": [], "properties": {},
            "consents": {}, "marketing_via_sms": False, "marketing_via_email": True,
            "marketing_via_push": False,
            "country": rng.choice(("PL", "DE", None)),
            "created_at": created, "updated_at": created + timedelta(hours=rng.randint(0, 900)),
            "left_at": left,
        }  # fmt: skip

    def _sending(self, c: int, n: int) -> dict[str, Any]:
        rng = self.rng
        service = rng.choice(enums.SERVICE_TYPE.values)
        return {
            "customer_id": c, "id": c * 100 + n, "language": None,
            "channel": rng.choice(enums.CHANNEL.values), "service_type": service,
            "reporting_id": rng.choice((None, 7001, 7002)), "source_app": None,
            "source_type": None, "audience_id": None,
            "campaign_id": rng.choice((None, 51, 52)), "created_at": self.when(c),
        }  # fmt: skip

    def _event(self, sending: dict[str, Any], members: list[dict[str, Any]]) -> dict[str, Any]:
        rng, c = self.rng, sending["customer_id"]
        member = rng.choice([m for m in members if m["customer_id"] == c])["id"]
        return {"customer_id": c, "sending_id": sending["id"],
                "member_id": None if rng.random() < 0.1 else member,
                "event_type": rng.choice(enums.SENDING_EVENT_TYPE.values),
                "occurred_at": self.when(c)}  # fmt: skip

    def _link(self, c: int, n: int) -> dict[str, Any]:
        rng = self.rng
        return {
            "customer_id": c, "id": c * 100 + n,
            "source_type": rng.choice(("sending", "sending", *enums.LINK_SOURCE_TYPE.values)),
            "source_id": rng.choice(("7001", "7002", "campaign")),
            "host": rng.choice(("a.example", "b.example")), "path": "/",
            "utm_campaign": None, "utm_content": None, "utm_medium": None, "utm_source": None,
            "utm_term": None, "created_at": self.when(c),
        }  # fmt: skip

    def _visit(self, link: dict[str, Any], members: list[dict[str, Any]]) -> dict[str, Any]:
        rng, c = self.rng, link["customer_id"]
        member = rng.choice([m for m in members if m["customer_id"] == c])["id"]
        return {"customer_id": c, "link_id": link["id"],
                "member_id": None if rng.random() < 0.15 else member,
                "is_bot": rng.random() < 0.2, "visited_at": self.when(c)}  # fmt: skip

    def _offer(self, c: int, n: int) -> dict[str, Any]:
        created = self.when(c)
        return {"customer_id": c, "id": c * 100 + n,
                "collection_id": self.rng.choice((None, c * 10, c * 10 + 1)), "title": "o",
                "type": "gift", "status": "active", "valid_from": None, "valid_to": None,
                "created_at": created}  # fmt: skip

    def _offer_event(self, offer: dict[str, Any]) -> dict[str, Any]:
        c = offer["customer_id"]
        return {"customer_id": c, "offer_id": offer["id"], "member_id": None,
                "event_type": self.rng.choice(enums.OFFER_EVENT_TYPE.values),
                "occurred_at": self.when(c)}  # fmt: skip

    def _usage(self, offer: dict[str, Any]) -> dict[str, Any]:
        c = offer["customer_id"]
        return {"customer_id": c, "offer_id": offer["id"], "member_id": None,
                "place_id": self.rng.choice((None, 1, 2)), "used_at": self.when(c)}  # fmt: skip

    def _transaction(self, c: int) -> dict[str, Any]:
        rng = self.rng
        amount = round(rng.uniform(-50, 400), 2)
        return {"customer_id": c, "member_id": None, "place_id": rng.choice((None, 1, 2)),
                "type": "refund" if amount < 0 else "purchase", "amount": amount,
                "currency": rng.choice(("PLN", "EUR")), "points": 0,
                "occurred_at": self.when(c)}  # fmt: skip
