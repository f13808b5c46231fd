"""Explicit fixture rows for every table: small, hand-shaped, no randomness.

Tests derive their expected values from these rows with plain Python, never from the code
under test. Patterns are chosen to hit every branch: nulls in every nullable column, array
fields, members who left, sendings with and without reporting_id, every event type and
channel, bot and anonymous link visits, empty collections, refunds, three timezones.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from reporting_gateway.catalog import enums

T0 = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
NOW = datetime(
    2026, 11, 5, 12, 0, tzinfo=UTC
)  # the store's clock in tests: retention is relative to it
# Windows of timeline events (UTC): the 2026 DST changes in Europe (Mar 29, Oct 25) and the US
# (Mar 8, Nov 1), and the last hours before NOW for 5-minute buckets.
TIMELINE_WINDOWS = (
    (
        datetime(2026, 3, 7, 20, tzinfo=UTC),
        datetime(2026, 3, 9, 12, tzinfo=UTC),
        timedelta(minutes=37),
    ),
    (
        datetime(2026, 3, 28, 18, tzinfo=UTC),
        datetime(2026, 3, 30, 6, tzinfo=UTC),
        timedelta(minutes=41),
    ),
    (
        datetime(2026, 10, 24, 18, tzinfo=UTC),
        datetime(2026, 10, 26, 6, tzinfo=UTC),
        timedelta(minutes=23),
    ),
    (
        datetime(2026, 10, 31, 18, tzinfo=UTC),
        datetime(2026, 11, 2, 12, tzinfo=UTC),
        timedelta(minutes=29),
    ),
    (NOW - timedelta(hours=6), NOW, timedelta(minutes=7)),
)
TIMELINE_SENDING = 9  # sending k=9 of each customer carries the timeline events

CUSTOMERS = [
    {
        "id": 101,
        "name": "Alpha",
        "slug": "alpha",
        "chain": "Cats",
        "country": "PL",
        "timezone": "Europe/Warsaw",
    },
    {
        "id": 102,
        "name": "Beta",
        "slug": "beta",
        "chain": "Cats",
        "country": "PL",
        "timezone": "Europe/Warsaw",
    },
    {
        "id": 103,
        "name": "Gamma",
        "slug": "gamma",
        "chain": "Dogs",
        "country": "US",
        "timezone": "America/New_York",
    },
    {
        "id": 104,
        "name": "Delta",
        "slug": "delta",
        "chain": "Dogs",
        "country": "NO",
        "timezone": "Europe/Oslo",
    },
]
MEMBERS_PER_CUSTOMER = {101: 25, 102: 10, 103: 7, 104: 4}
CHANNELS = enums.CHANNEL.values
SERVICE_TYPES = ("campaign", "triggered", "manual", "automation", "test", "campaign")
EVENT_PATTERN = (  # event types a recipient gets, by recipient index: covers all 8 types
    ("new", "transmitted", "delivered", "opened", "opened_event", "opened_event"),
    ("new", "transmitted", "delivered"),
    ("new", "transiently_failed", "transmitted", "delivery_errored"),
    ("new", "failed"),
    ("new", "transmitted", "delivered", "opened", "opened_event"),
)


def _members() -> list[dict[str, Any]]:
    rows = []
    for customer, count in MEMBERS_PER_CUSTOMER.items():
        for n in range(count):
            created = T0 - timedelta(days=n * 10, hours=n)
            rows.append(
                {
                    "customer_id": customer,
                    "id": customer * 1000 + n,
                    "optin_channel": ("web", "app", "pos")[n % 3],
                    "optin_subchannel": None if n % 4 == 0 else f"sub{n % 2}",
                    "optin_platform": enums.OPTIN_PLATFORM.values[n % 5],
                    "gender": ("female", "male", "other", None)[n % 4],
                    "birth_year": None if n % 7 == 0 else 1950 + 3 * n,
                    "subunit_ids": [n % 5, n % 5 + 1] if n % 3 else [],
                    "group_ids": [100 + n % 4],
                    "favorite_stores": [customer * 10 + n % 3] if n % 2 else [],
                    "properties": {"n": n, "tier": ("basic", "gold")[n % 2]},
                    "consents": {"sms": n % 2 == 0, "email": n % 3 == 0},
                    "marketing_via_sms": n % 2 == 0,
                    "marketing_via_email": n % 3 == 0,
                    "marketing_via_push": n % 5 == 1,
                    "sms_status": enums.CONTACT_STATUS.values[n % 4],
                    "email_status": None if n % 5 == 0 else "subscribed",
                    "push_status": None,
                    "country": ("DE" if n % 6 == 0 else CUSTOMER_COUNTRY[customer]),
                    "created_at": created,
                    "updated_at": created + timedelta(days=1, minutes=n),
                    "left_at": created + timedelta(days=5) if n % 8 == 7 else None,
                }
            )
    return rows


CUSTOMER_COUNTRY = {c["id"]: c["country"] for c in CUSTOMERS}


def _sendings() -> list[dict[str, Any]]:
    rows = []
    for customer in MEMBERS_PER_CUSTOMER:
        for k, service in [*enumerate(SERVICE_TYPES), (TIMELINE_SENDING, "campaign")]:
            reporting = (
                7000 + k if service in ("campaign", "triggered") else (7003 if k == 3 else None)
            )
            rows.append(
                {
                    "customer_id": customer,
                    "id": customer * 100 + k,
                    "language": ("pl", "en", None)[k % 3],
                    "channel": CHANNELS[k % 3],
                    "service_type": service,
                    "reporting_id": reporting,
                    "source_app": "campaigns" if service == "campaign" else None,
                    "source_type": "campaign" if service == "campaign" else "other",
                    "audience_id": 10 + k if k % 2 else None,
                    "campaign_id": 50 + k if service == "campaign" else None,
                    "created_at": T0 - timedelta(days=3 * k, hours=k),
                }
            )
    return rows


def _sending_events(
    sendings: list[dict[str, Any]], members: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for sending in sendings:
        if sending["id"] % 100 == TIMELINE_SENDING:
            rows.extend(_timeline(sending, members, len(rows)))
            continue
        recipients = [m["id"] for m in members if m["customer_id"] == sending["customer_id"]][:6]
        for r, member in enumerate(recipients):
            for e, event_type in enumerate(EVENT_PATTERN[(r + sending["id"]) % len(EVENT_PATTERN)]):
                rows.append(
                    {
                        "customer_id": sending["customer_id"],
                        "id": len(rows) + 1,
                        "sending_id": sending["id"],
                        "member_id": member,
                        "event_type": event_type,
                        "occurred_at": sending["created_at"] + timedelta(minutes=7 * r + 50 * e),
                    }
                )
    return rows


def _timeline(
    sending: dict[str, Any], members: list[dict[str, Any]], offset: int
) -> list[dict[str, Any]]:
    recipients = [m["id"] for m in members if m["customer_id"] == sending["customer_id"]]
    types = enums.SENDING_EVENT_TYPE.values
    rows = []
    for start, end, step in TIMELINE_WINDOWS:
        at = start
        while at < end:
            n = offset + len(rows)
            rows.append(
                {
                    "customer_id": sending["customer_id"],
                    "id": n + 1,
                    "sending_id": sending["id"],
                    "member_id": recipients[n % len(recipients)],
                    "event_type": types[n % len(types)],
                    "occurred_at": at,
                }
            )
            at += step
    return rows


def source_id(sending: dict[str, Any]) -> str:
    return (
        str(sending["reporting_id"])
        if sending["reporting_id"] is not None
        else sending["service_type"]
    )


def _links(sendings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for sending in sendings:
        if sending["channel"] == "push":
            continue
        for j in range(2):
            rows.append(
                _link(
                    len(rows),
                    sending["customer_id"],
                    "sending",
                    source_id(sending),
                    j,
                    sending["created_at"],
                )
            )
    for customer in MEMBERS_PER_CUSTOMER:
        rows.append(_link(len(rows), customer, "web", "homepage", 0, T0 - timedelta(days=40)))
    return rows


def _link(
    n: int, customer: int, source_type: str, source: str, j: int, created: datetime
) -> dict[str, Any]:
    return {
        "customer_id": customer,
        "id": 5000 + n,
        "source_type": source_type,
        "source_id": source,
        "host": ("a.example", "b.example")[j],
        "path": f"/p{j}",
        "utm_campaign": f"c{n % 3}" if n % 2 else None,
        "utm_content": None,
        "utm_medium": ("email", "sms")[n % 2],
        "utm_source": "club",
        "utm_term": None,
        "created_at": created,
    }


def _link_visits(
    links: list[dict[str, Any]], members: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for link in links:
        visitors = [m["id"] for m in members if m["customer_id"] == link["customer_id"]][
            : 2 + link["id"] % 3
        ]
        for v, member in enumerate(visitors):
            for repeat in range(1 + v % 2):
                rows.append(_visit(len(rows), link, member, False, v * 30 + repeat * 5))
        rows.append(_visit(len(rows), link, None, True, 3))  # a bot: never counted
        if link["id"] % 2:
            rows.append(_visit(len(rows), link, None, False, 9))  # anonymous human visit
    return rows


def _visit(
    n: int, link: dict[str, Any], member: int | None, bot: bool, minutes: int
) -> dict[str, Any]:
    return {
        "customer_id": link["customer_id"],
        "id": n + 1,
        "link_id": link["id"],
        "member_id": member,
        "is_bot": bot,
        "visited_at": link["created_at"] + timedelta(minutes=minutes),
    }


def _offer_collections() -> list[dict[str, Any]]:
    return [
        {
            "customer_id": c,
            "id": c * 10 + k,
            "name": f"Collection {k}",
            "created_at": T0 - timedelta(days=50 - k),
        }
        for c in MEMBERS_PER_CUSTOMER
        for k in range(2)  # collection 1 of each customer stays empty
    ]


def _offers() -> list[dict[str, Any]]:
    rows = []
    for c in MEMBERS_PER_CUSTOMER:
        for k in range(4):
            rows.append(
                {
                    "customer_id": c,
                    "id": c * 100 + k,
                    "collection_id": c * 10 if k < 3 else None,
                    "title": f"Offer {k}",
                    "type": enums.OFFER_TYPE.values[k % 4],
                    "status": enums.OFFER_STATUS.values[k % 3],
                    "valid_from": T0 - timedelta(days=30 - k),
                    "valid_to": None if k == 2 else T0 + timedelta(days=k),
                    "created_at": T0 - timedelta(days=31 - k),
                }
            )
    return rows


def _offer_events(
    offers: list[dict[str, Any]], members: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for offer in offers:
        members_of = [m["id"] for m in members if m["customer_id"] == offer["customer_id"]][
            : 1 + offer["id"] % 4
        ]
        for i, member in enumerate(members_of):
            for event_type in enums.OFFER_EVENT_TYPE.values[: 1 + (i + offer["id"]) % 3]:
                rows.append(
                    {
                        "customer_id": offer["customer_id"],
                        "id": len(rows) + 1,
                        "offer_id": offer["id"],
                        "member_id": member,
                        "event_type": event_type,
                        "occurred_at": offer["created_at"] + timedelta(hours=5 * i + len(rows) % 7),
                    }
                )
    return rows


def _offer_usages(offers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "customer_id": offer["customer_id"],
            "id": i + 1,
            "offer_id": offer["id"],
            "member_id": offer["customer_id"] * 1000 + i % 3,
            "place_id": offer["customer_id"] * 10 + i % 2 if i % 5 else None,
            "used_at": offer["created_at"] + timedelta(days=2, hours=i),
        }
        for i, offer in enumerate(offers)
        if i % 4 != 3
    ]


def _transactions() -> list[dict[str, Any]]:
    rows = []
    for c in MEMBERS_PER_CUSTOMER:
        for k in range(8):
            refund = k == 5
            amount = round((k + 1) * 12.25, 2) * (-1 if refund else 1)
            rows.append(
                {
                    "customer_id": c,
                    "id": c * 1000 + k,
                    "member_id": c * 1000 + k % 4 if k != 6 else None,
                    "place_id": c * 10 + k % 3 if k != 7 else None,
                    "type": "refund" if refund else "purchase",
                    "amount": amount,
                    "currency": "EUR" if k == 4 else ("USD" if c == 103 else "PLN"),
                    "points": int(amount),
                    "occurred_at": T0 - timedelta(days=k, hours=3 * k),
                }
            )
    return rows


def _places() -> list[dict[str, Any]]:
    spots = {
        101: (52.2297, 21.0122, "Warsaw"),
        102: (50.0647, 19.9450, "Kraków"),
        103: (40.7128, -74.0060, "New York"),
        104: (59.9139, 10.7522, "Oslo"),
    }
    return [
        {
            "customer_id": c,
            "id": c * 10 + k,
            "name": f"Place {k}",
            "kind": ("shopping_centre", "store")[k % 2],
            "address": None,
            "city": spots[c][2],
            "country": CUSTOMER_COUNTRY[c],
            "latitude": spots[c][0] + k * 0.01,
            "longitude": spots[c][1] - k * 0.01,
        }
        for c in MEMBERS_PER_CUSTOMER
        for k in range(3)
    ]


def _member_snapshots(members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for c in MEMBERS_PER_CUSTOMER:
        for step in range(0, 72 * 4):
            at = T0 - timedelta(days=3) + timedelta(minutes=15 * step)
            count = sum(
                1
                for m in members
                if m["customer_id"] == c
                and m["created_at"] <= at
                and (m["left_at"] is None or m["left_at"] > at)
            )
            rows.append({"customer_id": c, "taken_at": at, "members_count": count + step % 3})
    return rows


MEMBERS = _members()
SENDINGS = _sendings()
SENDING_EVENTS = _sending_events(SENDINGS, MEMBERS)
LINKS = _links(SENDINGS)
LINK_VISITS = _link_visits(LINKS, MEMBERS)
OFFER_COLLECTIONS = _offer_collections()
OFFERS = _offers()
OFFER_EVENTS = _offer_events(OFFERS, MEMBERS)
OFFER_USAGES = _offer_usages(OFFERS)
TRANSACTIONS = _transactions()
PLACES = _places()
MEMBER_SNAPSHOTS = _member_snapshots(MEMBERS)

# The canary: a customer whose rows copy customer 101's with the SAME ids (so a join that
# forgot the tenant would mix them in), marked text, and outsized numbers. No test token
# may read it except the canary tests' own; any value of it in an answer is a leak.
CANARY = 777
CANARY_MARK = "CANARY"
CUSTOMERS.append(
    {
        "id": CANARY,
        "name": "Canary",
        "slug": "canary",
        "chain": "Cats",
        "country": "PL",
        "timezone": "Europe/Warsaw",
    }
)
_MARKED = {"optin_subchannel", "source_app", "host", "title", "name", "utm_source"}


def _canary(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    copies = []
    for row in rows:
        if row["customer_id"] != 101:
            continue
        copy = {**row, "customer_id": CANARY}
        for key in _MARKED & set(copy):
            copy[key] = CANARY_MARK
        if "currency" in copy:
            copy["currency"] = "CNY"
        if "members_count" in copy:
            copy["members_count"] += 100_000
        copies.append(copy)
    return copies


for _rows in (
    MEMBERS,
    MEMBER_SNAPSHOTS,
    SENDINGS,
    SENDING_EVENTS,
    LINKS,
    LINK_VISITS,
    OFFER_COLLECTIONS,
    OFFERS,
    OFFER_EVENTS,
    OFFER_USAGES,
    TRANSACTIONS,
    PLACES,
):
    _rows.extend(_canary(_rows))
CUSTOMER_COUNTRY[CANARY] = "PL"

ROWS: dict[str, list[dict[str, Any]]] = {
    "customers": CUSTOMERS,
    "members": MEMBERS,
    "member_snapshots": MEMBER_SNAPSHOTS,
    "sendings": SENDINGS,
    "sending_events": SENDING_EVENTS,
    "links": LINKS,
    "link_visits": LINK_VISITS,
    "offer_collections": OFFER_COLLECTIONS,
    "offers": OFFERS,
    "offer_events": OFFER_EVENTS,
    "offer_usages": OFFER_USAGES,
    "transactions": TRANSACTIONS,
    "places": PLACES,
}
