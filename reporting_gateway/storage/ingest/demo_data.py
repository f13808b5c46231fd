"""`reporting-gateway demo-data`: a realistic, deterministic data set of any scale.

Four customers in two chains and two countries, across three timezones with different DST
rules (two clubs share Europe/Warsaw; the others are in New York and Los Angeles). Two years
of members joining and leaving, sendings on every channel with every event type, tracked
links with human and bot visits, offers, usages, transactions and places. The same seed,
scale and `until` always give the same rows.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from reporting_gateway.catalog import enums
from reporting_gateway.storage.engine import refresh_statistics
from reporting_gateway.storage.facts import tables
from reporting_gateway.storage.rollups.maintain import Maintainer, as_rows

SPAN = timedelta(days=730)
OFFER_TITLES = ("10% off", "Free coffee", "Double points", "Gift bag")
CHUNK = 10_000
Progress = Callable[[int, float], None]


@dataclass(frozen=True)
class DemoCustomer:
    id: int
    name: str
    slug: str
    chain: str
    country: str
    timezone: str
    currency: str
    language: str
    domain: str
    malls: tuple[tuple[str, str, float, float], ...]  # name, city, latitude, longitude


CUSTOMERS = (
    DemoCustomer(
        1000941,
        "Cats Warszawa",
        "cats-warszawa",
        "Cats",
        "PL",
        "Europe/Warsaw",
        "PLN",
        "pl",
        "cats.example.pl",
        (
            ("Galeria Mokotów", "Warsaw", 52.1799, 21.0039),
            ("Arkadia", "Warsaw", 52.2567, 20.9842),
            ("Złote Tarasy", "Warsaw", 52.2300, 21.0030),
        ),
    ),
    DemoCustomer(
        1000942,
        "Cats Kraków",
        "cats-krakow",
        "Cats",
        "PL",
        "Europe/Warsaw",
        "PLN",
        "pl",
        "krakow.cats.example.pl",
        (
            ("Galeria Krakowska", "Kraków", 50.0675, 19.9453),
            ("Bonarka City Center", "Kraków", 50.0276, 19.9502),
        ),
    ),
    DemoCustomer(
        1000943,
        "Dogs New York",
        "dogs-new-york",
        "Dogs",
        "US",
        "America/New_York",
        "USD",
        "en",
        "ny.dogs.example.com",
        (
            ("Manhattan Mall", "New York", 40.7489, -73.9885),
            ("Queens Center", "New York", 40.7346, -73.8696),
        ),
    ),
    DemoCustomer(
        1000944,
        "Dogs Los Angeles",
        "dogs-los-angeles",
        "Dogs",
        "US",
        "America/Los_Angeles",
        "USD",
        "en",
        "la.dogs.example.com",
        (
            ("Westfield Century City", "Los Angeles", 34.0584, -118.4185),
            ("The Grove", "Los Angeles", 34.0721, -118.3577),
        ),
    ),
)


def _base(c: DemoCustomer, width: int) -> int:
    """Keeps ids of different customers apart and inside 32 bits (GraphQL's Int)."""
    return (CUSTOMERS.index(c) + 1) * width


class DemoData:
    """Row generators for one seed, scale and end time; each table's rows in key order."""

    def __init__(self, *, scale: float = 1.0, seed: int = 7, until: datetime | None = None) -> None:
        self.scale = scale
        self.seed = seed
        self.until = (until or datetime.now(UTC)).replace(minute=0, second=0, microsecond=0)
        self.since = self.until - SPAN

    def _random(self, customer: DemoCustomer, table: str) -> random.Random:
        return random.Random(f"{self.seed}:{customer.id}:{table}")

    def _n(self, base: int) -> int:
        return max(1, round(base * self.scale))

    def _when(self, rng: random.Random, recent_bias: float = 1.5) -> datetime:
        """A moment in the two years, more often recent (clubs grow)."""
        fraction: float = rng.random() ** recent_bias
        return self.until - SPAN * fraction

    def customers(self) -> Iterator[dict[str, Any]]:
        for c in CUSTOMERS:
            yield {
                "id": c.id,
                "name": c.name,
                "slug": c.slug,
                "chain": c.chain,
                "country": c.country,
                "timezone": c.timezone,
            }

    def places(self, c: DemoCustomer) -> list[dict[str, Any]]:
        rng = self._random(c, "places")
        rows, next_id = [], _base(c, 1000)
        for mall, city, lat, lon in c.malls:
            next_id += 1
            rows.append(
                {
                    "customer_id": c.id,
                    "id": next_id,
                    "name": mall,
                    "kind": "shopping_centre",
                    "address": f"{rng.randint(1, 200)} Main Street",
                    "city": city,
                    "country": c.country,
                    "latitude": lat,
                    "longitude": lon,
                }
            )
            for store in range(rng.randint(2, 4)):
                next_id += 1
                rows.append(
                    {
                        "customer_id": c.id,
                        "id": next_id,
                        "name": f"{c.chain} at {mall} #{store + 1}",
                        "kind": "store",
                        "address": None,
                        "city": city,
                        "country": c.country,
                        "latitude": round(lat + rng.uniform(-0.002, 0.002), 6),
                        "longitude": round(lon + rng.uniform(-0.002, 0.002), 6),
                    }
                )
        return rows

    def members(self, c: DemoCustomer, place_ids: list[int]) -> list[dict[str, Any]]:
        rng = self._random(c, "members")
        rows = []
        for n in range(self._n(2000)):
            created = self._when(rng)
            left = created + (self.until - created) * rng.random() if rng.random() < 0.12 else None
            consents = {
                k: rng.random() < p
                for k, p in (("sms", 0.6), ("email", 0.75), ("push", 0.4), ("profiling", 0.5))
            }
            rows.append(
                {
                    "customer_id": c.id,
                    "id": _base(c, 10_000_000) + n + 1,
                    "optin_channel": rng.choices(
                        ("web", "app", "pos", "import", "wifi"), (5, 4, 3, 1, 1)
                    )[0],
                    "optin_subchannel": rng.choice(
                        ("newsletter_form", "checkout", "spring_campaign", None)
                    ),
                    "optin_platform": rng.choices(enums.OPTIN_PLATFORM.values, (30, 30, 25, 10, 5))[
                        0
                    ],
                    "gender": rng.choices((*enums.GENDER.values, None), (48, 44, 2, 6))[0],
                    "birth_year": None if rng.random() < 0.05 else rng.randint(1940, 2013),
                    "subunit_ids": sorted(rng.sample(range(1, 11), rng.randint(0, 3))),
                    "group_ids": sorted(rng.sample(range(100, 121), rng.randint(0, 2))),
                    "favorite_stores": sorted(
                        rng.sample(place_ids, rng.randint(0, min(2, len(place_ids))))
                    ),
                    "properties": {
                        "tier": rng.choice(("basic", "silver", "gold")),
                        "kids": rng.randint(0, 3),
                    },
                    "consents": consents,
                    "marketing_via_sms": consents["sms"],
                    "marketing_via_email": consents["email"],
                    "marketing_via_push": consents["push"],
                    "sms_status": rng.choice(enums.CONTACT_STATUS.values),
                    "email_status": rng.choices(
                        (*enums.CONTACT_STATUS.values, None), (70, 10, 5, 5, 10)
                    )[0],
                    "push_status": rng.choice((*enums.CONTACT_STATUS.values, None)),
                    "country": c.country if rng.random() < 0.93 else rng.choice(("DE", "SE", "CA")),
                    "created_at": created,
                    "updated_at": created + (self.until - created) * rng.random() * 0.5,
                    "left_at": left,
                }
            )
        return rows

    def member_snapshots(
        self, c: DemoCustomer, members: list[dict[str, Any]]
    ) -> Iterator[dict[str, Any]]:
        """A count every 15 minutes for the last 30 days, hourly before (kept small)."""
        changes = sorted(
            [(m["created_at"], 1) for m in members]
            + [(m["left_at"], -1) for m in members if m["left_at"]]
        )
        count, i, at = 0, 0, self.since
        while at <= self.until:
            while i < len(changes) and changes[i][0] <= at:
                count += changes[i][1]
                i += 1
            yield {"customer_id": c.id, "taken_at": at, "members_count": count}
            at += (
                timedelta(minutes=15)
                if self.until - at <= timedelta(days=30)
                else timedelta(hours=1)
            )

    def sendings(self, c: DemoCustomer) -> list[dict[str, Any]]:
        rng = self._random(c, "sendings")
        reporting_ids = [rng.randint(1000, 99999) for _ in range(self._n(40))]
        rows = []
        for n in range(self._n(150)):
            service = rng.choices(enums.SERVICE_TYPE.values, (45, 35, 10, 7, 3))[0]
            reporting = (
                rng.choice(reporting_ids)
                if service in ("campaign", "triggered")
                or (service == "automation" and rng.random() < 0.5)
                else None
            )
            rows.append(
                {
                    "customer_id": c.id,
                    "id": _base(c, 1_000_000) + n + 1,
                    "language": c.language
                    if rng.random() < 0.9
                    else rng.choice(enums.LANGUAGE.values),
                    "channel": rng.choices(enums.CHANNEL.values, (30, 50, 20))[0],
                    "service_type": service,
                    "reporting_id": reporting,
                    "source_app": {"campaign": "campaigns", "triggered": "automations"}.get(
                        service, "console"
                    ),
                    "source_type": {
                        "campaign": "campaign",
                        "triggered": "trigger",
                        "automation": "flow",
                    }.get(service, "manual"),
                    "audience_id": rng.randint(1, 30),
                    "campaign_id": rng.randint(500, 560) if service == "campaign" else None,
                    "created_at": self._when(rng, 1.2),
                }
            )
        return rows

    def sending_events(
        self, c: DemoCustomer, sendings: list[dict[str, Any]], member_ids: list[int]
    ) -> Iterator[dict[str, Any]]:
        rng = self._random(c, "sending_events")
        event_id = _base(c, 100_000_000)
        for sending in sendings:
            t0, channel = sending["created_at"], sending["channel"]
            for member in rng.sample(member_ids, min(len(member_ids), rng.randint(30, 200))):
                events = [("new", t0 + timedelta(seconds=rng.randint(0, 300)))]
                at = events[0][1] + timedelta(seconds=rng.randint(1, 600))
                if rng.random() < 0.04:
                    events.append(("transiently_failed", at))
                    at += timedelta(minutes=rng.randint(5, 120))
                if rng.random() < 0.03:
                    events.append(("failed", at))
                else:
                    events.append(("transmitted", at))
                    at += timedelta(seconds=rng.randint(1, 3600))
                    if rng.random() < 0.03:
                        events.append(("delivery_errored", at))
                    else:
                        events.append(("delivered", at))
                        if channel != "sms" and rng.random() < (
                            0.35 if channel == "email" else 0.2
                        ):
                            at += timedelta(minutes=rng.expovariate(1 / 240))
                            events.append(("opened", at))
                            for _ in range(rng.choice((1, 1, 1, 2, 3))):
                                events.append(("opened_event", at))
                                at += timedelta(minutes=rng.expovariate(1 / 600))
                for event_type, occurred in events:
                    if occurred <= self.until:
                        event_id += 1
                        yield {
                            "customer_id": c.id,
                            "id": event_id,
                            "sending_id": sending["id"],
                            "member_id": member,
                            "event_type": event_type,
                            "occurred_at": occurred,
                        }

    def links(self, c: DemoCustomer, sendings: list[dict[str, Any]]) -> list[dict[str, Any]]:
        rng = self._random(c, "links")
        rows: list[dict[str, Any]] = []
        paths = ("/offers", "/offers/spring", "/app", "/stores", "/black-friday", "/newsletter")
        for sending in sendings:
            source_id = (
                str(sending["reporting_id"])
                if sending["reporting_id"] is not None
                else sending["service_type"]
            )
            for _ in range(0 if sending["channel"] == "push" else rng.randint(0, 3)):
                rows.append(
                    self._link(c, rng, len(rows), "sending", source_id, rng.choice(paths), sending)
                )
        for n in range(self._n(20)):
            kind = rng.choice(("offer", "web", "other"))
            rows.append(
                self._link(c, rng, len(rows), kind, f"{kind}-{n % 7}", rng.choice(paths), None)
            )
        return rows

    def _link(
        self,
        c: DemoCustomer,
        rng: random.Random,
        n: int,
        source_type: str,
        source_id: str,
        path: str,
        sending: dict[str, Any] | None,
    ) -> dict[str, Any]:
        created = sending["created_at"] if sending else self._when(rng)
        return {
            "customer_id": c.id,
            "id": _base(c, 10_000_000) + n + 1,
            "source_type": source_type,
            "source_id": source_id,
            "host": c.domain if rng.random() < 0.85 else "shop." + c.domain,
            "path": path,
            "utm_campaign": f"campaign-{sending['campaign_id']}"
            if sending and sending["campaign_id"]
            else None,
            "utm_content": rng.choice(("button", "image", None)),
            "utm_medium": sending["channel"] if sending else None,
            "utm_source": "loyalty-club" if sending else rng.choice(("facebook", "google", None)),
            "utm_term": None,
            "created_at": created,
        }

    def link_visits(
        self, c: DemoCustomer, links: list[dict[str, Any]], member_ids: list[int]
    ) -> Iterator[dict[str, Any]]:
        rng = self._random(c, "link_visits")
        visit_id = _base(c, 100_000_000)
        for link in links:
            visitors = rng.sample(member_ids, min(len(member_ids), rng.randint(0, 25)))
            for member in visitors:
                for _ in range(rng.choice((1, 1, 1, 2, 4))):
                    at = link["created_at"] + timedelta(minutes=rng.expovariate(1 / 300))
                    bot = rng.random() < 0.06
                    if at <= self.until:
                        visit_id += 1
                        yield {
                            "customer_id": c.id,
                            "id": visit_id,
                            "link_id": link["id"],
                            "member_id": None if bot or rng.random() < 0.05 else member,
                            "is_bot": bot,
                            "visited_at": at,
                        }

    def offers(self, c: DemoCustomer) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        rng = self._random(c, "offers")
        collections = [
            {
                "customer_id": c.id,
                "id": _base(c, 1000) + n + 1,
                "name": name,
                "created_at": self._when(rng, 0.5),
            }
            for n, name in enumerate(
                ("Welcome", "Weekend deals", "Birthday", "Summer", "VIP")[: rng.randint(3, 5)]
            )
        ]
        offers = []
        for n in range(self._n(40)):
            created = self._when(rng)
            collection = rng.choice(collections) if rng.random() < 0.85 else None
            offers.append(
                {
                    "customer_id": c.id,
                    "id": _base(c, 100_000) + n + 1,
                    "collection_id": collection["id"] if collection else None,
                    "title": f"{rng.choice(OFFER_TITLES)} #{n + 1}",
                    "type": rng.choice(enums.OFFER_TYPE.values),
                    "status": "expired"
                    if created < self.until - timedelta(days=120)
                    else rng.choice(("draft", "active", "active")),
                    "valid_from": created,
                    "valid_to": created + timedelta(days=rng.randint(7, 90))
                    if rng.random() < 0.8
                    else None,
                    "created_at": created,
                }
            )
        return collections, offers

    def offer_events(
        self,
        c: DemoCustomer,
        offers: list[dict[str, Any]],
        member_ids: list[int],
        place_ids: list[int],
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        rng = self._random(c, "offer_events")
        events: list[dict[str, Any]] = []
        usages: list[dict[str, Any]] = []
        for offer in offers:
            for member in rng.sample(member_ids, min(len(member_ids), rng.randint(10, 80))):
                at = offer["created_at"] + timedelta(hours=rng.expovariate(1 / 72))
                for event_type, chance in (("viewed", 1.0), ("clicked", 0.4), ("claimed", 0.5)):
                    if rng.random() >= chance or at > self.until:
                        break
                    events.append(
                        {
                            "customer_id": c.id,
                            "id": _base(c, 100_000_000) + len(events) + 1,
                            "offer_id": offer["id"],
                            "member_id": member,
                            "event_type": event_type,
                            "occurred_at": at,
                        }
                    )
                    at += timedelta(minutes=rng.randint(1, 600))
                else:
                    if rng.random() < 0.6 and at <= self.until:
                        usages.append(
                            {
                                "customer_id": c.id,
                                "id": _base(c, 100_000_000) + len(usages) + 1,
                                "offer_id": offer["id"],
                                "member_id": member,
                                "place_id": rng.choice(place_ids),
                                "used_at": at,
                            }
                        )
        return events, usages

    def transactions(
        self, c: DemoCustomer, members: list[dict[str, Any]], place_ids: list[int]
    ) -> Iterator[dict[str, Any]]:
        rng = self._random(c, "transactions")
        for n in range(self._n(10_000)):
            member = rng.choice(members)
            refund = rng.random() < 0.03
            amount = round(rng.uniform(5, 400), 2) * (-1 if refund else 1)
            yield {
                "customer_id": c.id,
                "id": _base(c, 100_000_000) + n + 1,
                "member_id": member["id"],
                "place_id": rng.choice(place_ids),
                "type": "refund" if refund else "purchase",
                "amount": amount,
                "currency": c.currency,
                "points": int(amount),
                "occurred_at": member["created_at"]
                + (self.until - member["created_at"]) * rng.random(),
            }

    def tables(
        self,
    ) -> Iterator[tuple[sa.Table, Iterator[dict[str, Any]] | list[dict[str, Any]], float]]:
        """(table, rows, share of the work done once they are written), in foreign-key order,
        one customer at a time."""
        yield tables.customers, list(self.customers()), 0.0
        for index, c in enumerate(CUSTOMERS):
            done = (index + 1) / len(CUSTOMERS)
            places = self.places(c)
            place_ids = [p["id"] for p in places]
            members = self.members(c, place_ids)
            member_ids = [m["id"] for m in members]
            sendings = self.sendings(c)
            links = self.links(c, sendings)
            collections, offers = self.offers(c)
            offer_events, offer_usages = self.offer_events(c, offers, member_ids, place_ids)
            before = index / len(CUSTOMERS)
            yield tables.places, places, before
            yield tables.members, members, before
            yield tables.member_snapshots, self.member_snapshots(c, members), before
            yield tables.sendings, sendings, before
            yield tables.sending_events, self.sending_events(c, sendings, member_ids), before
            yield tables.links, links, before
            yield tables.link_visits, self.link_visits(c, links, member_ids), before
            yield tables.offer_collections, collections, before
            yield tables.offers, offers, before
            yield tables.offer_events, offer_events, before
            yield tables.offer_usages, offer_usages, before
            yield tables.transactions, self.transactions(c, members, place_ids), done


async def is_empty(engine: AsyncEngine) -> bool:
    async with engine.connect() as connection:
        return (
            await connection.execute(sa.select(sa.func.count()).select_from(tables.customers))
        ).scalar_one() == 0


async def write_demo_data(
    engine: AsyncEngine, data: DemoData, progress: Progress | None = None
) -> dict[str, int]:
    """Insert every generated row in one transaction; returns rows per table. `progress` is
    told the rows written so far and the share of the work done."""
    counts: dict[str, int] = {}
    written = 0
    async with engine.begin() as connection:
        rollups = Maintainer(connection)
        for table, rows, done in data.tables():
            chunk: list[dict[str, Any]] = []
            for row in rows:
                chunk.append(row)
                if len(chunk) == CHUNK:
                    await connection.execute(table.insert(), chunk)
                    await rollups.add(table, as_rows(table, chunk))
                    counts[table.name] = counts.get(table.name, 0) + len(chunk)
                    written += len(chunk)
                    chunk = []
                    if progress is not None:
                        progress(written, done)
            if chunk:
                await connection.execute(table.insert(), chunk)
                await rollups.add(table, as_rows(table, chunk))
            counts[table.name] = counts.get(table.name, 0) + len(chunk)
            written += len(chunk)
            if progress is not None:
                progress(written, done)
    await refresh_statistics(engine, tables.FACT_TABLES)
    return counts
