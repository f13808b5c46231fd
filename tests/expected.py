"""Expected report rows computed with plain Python over the fixture rows (tests/factories.py).

This is the independent side of every records test: loops and dicts, no SQL, no code from
`reporting_gateway.storage`. Keys are catalog field names; rows come in the report's order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from tests import factories as f

Row = dict[str, Any]

AGE_BANDS = (
    [(None, 14, "-14")]
    + [(lo, lo + 4, f"{lo}-{lo + 4}") for lo in range(15, 80, 5)]
    + [(80, None, "80-")]
)


def age_band(birth_year: int | None) -> str | None:
    if birth_year is None:
        return None
    age = datetime.now(UTC).year - birth_year
    for low, high, band in AGE_BANDS:
        if (low is None or age >= low) and (high is None or age <= high):
            return band
    raise AssertionError(age)


def member_record(m: Row) -> Row:
    return {
        "id": m["id"],
        "community_id": m["customer_id"],
        **{
            k: m[k]
            for k in (
                "optin_channel",
                "optin_subchannel",
                "optin_platform",
                "gender",
                "subunit_ids",
                "group_ids",
                "favorite_stores",
                "properties",
                "consents",
                "marketing_via_sms",
                "marketing_via_email",
                "marketing_via_push",
                "sms_status",
                "email_status",
                "push_status",
                "country",
                "created_at",
                "updated_at",
            )
        },
        "age": age_band(m["birth_year"]),
        "birth_year_group": None if m["birth_year"] is None else m["birth_year"] // 5 * 5,
        "marketing_via_anything": m["marketing_via_sms"]
        or m["marketing_via_email"]
        or m["marketing_via_push"],
    }


def members(customers: Iterable[int], where: Callable[[Row], bool] = lambda r: True) -> list[Row]:
    chosen = set(customers)
    rows = [
        member_record(m) for m in f.MEMBERS if m["customer_id"] in chosen and m["left_at"] is None
    ]
    return sorted((r for r in rows if where(r)), key=lambda r: (r["community_id"], r["id"]))


def members_count(
    customers: Iterable[int], where: Callable[[Row], bool] = lambda r: True, total: bool = False
) -> list[Row]:
    chosen = sorted(set(customers))
    rows = members(chosen, where)
    if total:
        return [{"community_id": None, "members_count": len(rows)}]
    return [
        {"community_id": c, "members_count": sum(1 for r in rows if r["community_id"] == c)}
        for c in chosen
    ]


GROUPINGS = ("optin_channel", "optin_platform", "country", "gender", "age")


def members_grouped_count(customers: Iterable[int], across_customers: bool = False) -> list[Row]:
    groups: dict[tuple[Any, ...], list[Row]] = defaultdict(list)
    for record in members(customers):
        for grouping in GROUPINGS:
            value = record[grouping] if record[grouping] is not None else "unknown"
            tenant = None if across_customers else record["community_id"]
            groups[(tenant, grouping, value)].append(record)
    rows = [
        {
            "community_id": tenant,
            "grouping_type": grouping,
            "grouping_value": value,
            "members_count": len(rs),
            "updated_at": max(r["updated_at"] for r in rs),
        }
        for (tenant, grouping, value), rs in groups.items()
    ]
    return sorted(
        rows, key=lambda r: (r["community_id"] or 0, r["grouping_type"], r["grouping_value"])
    )


def sendings(customers: Iterable[int]) -> list[Row]:
    chosen = set(customers)
    rows = []
    for s in f.SENDINGS:
        if s["customer_id"] not in chosen:
            continue
        events = [
            e
            for e in f.SENDING_EVENTS
            if e["customer_id"] == s["customer_id"] and e["sending_id"] == s["id"]
        ]

        def count(*types: str, events: list[Row] = events) -> int:
            return sum(1 for e in events if e["event_type"] in types)

        rows.append(
            {
                "id": s["id"],
                "loyalty_club_id": s["customer_id"],
                **{
                    k: s[k]
                    for k in (
                        "language",
                        "channel",
                        "service_type",
                        "reporting_id",
                        "source_app",
                        "source_type",
                        "audience_id",
                        "campaign_id",
                        "created_at",
                    )
                },
                "source_id": f.source_id(s),
                "dispatches_count": count("transmitted"),
                "members_count": len({e["member_id"] for e in events}),
                "new_count": count("new"),
                "delivered_count": count("delivered"),
                "opened_count": count("opened"),
                "failed_count": count("failed", "delivery_errored"),
            }
        )
    return sorted(rows, key=lambda r: (r["loyalty_club_id"], r["id"]))


def _human_visits(link: Row) -> list[Row]:
    return [
        v
        for v in f.LINK_VISITS
        if v["link_id"] == link["id"]
        and v["customer_id"] == link["customer_id"]
        and not v["is_bot"]
    ]


def sendings_links(customers: Iterable[int]) -> list[Row]:
    chosen = set(customers)
    rows = []
    for link in f.LINKS:
        if link["customer_id"] not in chosen or link["source_type"] != "sending":
            continue
        visits = _human_visits(link)
        rows.append(
            {
                "id": link["id"],
                "loyalty_club_id": link["customer_id"],
                **{
                    k: link[k]
                    for k in (
                        "source_id",
                        "host",
                        "path",
                        "utm_campaign",
                        "utm_content",
                        "utm_medium",
                        "utm_source",
                        "utm_term",
                    )
                },
                "visits_count": len(visits),
                "unique_visits_count": len(
                    {v["member_id"] for v in visits if v["member_id"] is not None}
                ),
            }
        )
    return sorted(rows, key=lambda r: (r["loyalty_club_id"], r["id"]))


def sendings_links_stats(
    customers: Iterable[int], where: Callable[[Row], bool] = lambda r: True
) -> list[Row]:
    chosen = set(customers)
    groups: dict[tuple[int, str], list[Row]] = defaultdict(list)
    for link in f.LINKS:
        if link["customer_id"] in chosen and link["source_type"] == "sending":
            groups[(link["customer_id"], link["source_id"])].extend(_human_visits(link))
    rows = [
        {
            "loyalty_club_id": c,
            "source_id": s,
            "visits_count": len(vs),
            "unique_visits_count": len({v["member_id"] for v in vs if v["member_id"] is not None}),
        }
        for (c, s), vs in groups.items()
    ]
    return sorted(
        (r for r in rows if where(r)), key=lambda r: (r["loyalty_club_id"], r["source_id"])
    )


def offers(customers: Iterable[int]) -> list[Row]:
    chosen = set(customers)
    rows = [
        {
            "id": o["id"],
            "loyalty_club_id": o["customer_id"],
            **{
                k: o[k]
                for k in (
                    "collection_id",
                    "title",
                    "type",
                    "status",
                    "valid_from",
                    "valid_to",
                    "created_at",
                )
            },
        }
        for o in f.OFFERS
        if o["customer_id"] in chosen
    ]
    return sorted(rows, key=lambda r: (r["loyalty_club_id"], r["id"]))


def offers_collections(customers: Iterable[int]) -> list[Row]:
    chosen = set(customers)
    rows = [
        {
            "id": c["id"],
            "loyalty_club_id": c["customer_id"],
            "name": c["name"],
            "created_at": c["created_at"],
            "offers_count": sum(
                1
                for o in f.OFFERS
                if o["customer_id"] == c["customer_id"] and o["collection_id"] == c["id"]
            ),
        }
        for c in f.OFFER_COLLECTIONS
        if c["customer_id"] in chosen
    ]
    return sorted(rows, key=lambda r: (r["loyalty_club_id"], r["id"]))


def transactions(customers: Iterable[int]) -> list[Row]:
    chosen = set(customers)
    rows = [
        {
            "id": t["id"],
            "loyalty_club_id": t["customer_id"],
            **{
                k: t[k]
                for k in (
                    "member_id",
                    "place_id",
                    "type",
                    "amount",
                    "currency",
                    "points",
                    "occurred_at",
                )
            },
        }
        for t in f.TRANSACTIONS
        if t["customer_id"] in chosen
    ]
    return sorted(rows, key=lambda r: (r["loyalty_club_id"], r["id"]))


RECORDS: dict[str, Callable[[Iterable[int]], list[Row]]] = {
    "members": members,
    "members_count": members_count,
    "members_grouped_count": members_grouped_count,
    "sendings": sendings,
    "sendings_links": sendings_links,
    "sendings_links_stats": sendings_links_stats,
    "offers": offers,
    "offers_collections": offers_collections,
    "transactions": transactions,
}
