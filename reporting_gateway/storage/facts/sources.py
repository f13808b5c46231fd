"""Report name → its SQL source: the rows it reads and one Core expression per catalog field.

This is the only per-report SQL in the gateway. The statement builders (`records.py`,
`timeseries.py`, `statistics.py`) are generic: they filter, group, bucket and paginate any
`Source`. Adding a report means adding its entry to `SOURCES` (tested: every catalog field
has a column here).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import FromClause

from reporting_gateway.catalog import enums
from reporting_gateway.storage.dialect import CurrentYear
from reporting_gateway.storage.facts import tables as t
from reporting_gateway.storage.facts.ranges import sending_timeseries_ranges
from reporting_gateway.storage.statements.source import Column, Enrichment, Join, Source


def age_band(birth_year: Column) -> Column:
    """The AgeBand value for a birth year, with bands read from the catalog's value set."""
    age = CurrentYear() - birth_year
    whens: list[tuple[ColumnElement[bool], str]] = [(birth_year.is_(None), None)]  # type: ignore[list-item]
    for band in enums.AGE_BAND.values:
        low, _, high = band.partition("-")
        if high:
            whens.append((age <= int(high), band))
        else:
            whens.append((age >= int(low), band))
    return sa.case(*whens)


def birth_year_group(birth_year: Column) -> Column:
    """The first year of the 5-year group a birth year is in (1990 for 1990-1994)."""
    return (birth_year // 5) * 5


def _by_name(table: FromClause, *names: str, **renamed: Column) -> dict[str, Column]:
    return {**{name: table.c[name] for name in names}, **renamed}


# ------------------------------------------------------------------------------ members
m = t.members
MEMBER_AGE = age_band(m.c.birth_year)
MEMBER_COLUMNS: dict[str, Column] = _by_name(
    m,
    "id",
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
    community_id=m.c.customer_id,
    age=MEMBER_AGE,
    birth_year_group=birth_year_group(m.c.birth_year),
    marketing_via_anything=sa.or_(
        m.c.marketing_via_sms, m.c.marketing_via_email, m.c.marketing_via_push
    ),
)
CURRENT_MEMBER = m.c.left_at.is_(None)

GROUPINGS: dict[str, Column] = {
    "optin_channel": m.c.optin_channel,
    "optin_platform": m.c.optin_platform,
    "country": m.c.country,
    "gender": m.c.gender,
    "age": MEMBER_AGE,
}
UNKNOWN_GROUPING_VALUE = "unknown"

member_groupings = sa.union_all(
    *(
        sa.select(
            m.c.customer_id,
            sa.literal(grouping_type, sa.String).label("grouping_type"),
            sa.func.coalesce(expression, UNKNOWN_GROUPING_VALUE).label("grouping_value"),
            m.c.created_at,
            m.c.updated_at,
            m.c.left_at,
        )
        for grouping_type, expression in GROUPINGS.items()
    )
).subquery("member_groupings")
g = member_groupings

BALANCE_ATTRIBUTES = ("optin_channel", "optin_subchannel", "optin_platform", "gender", "age")


def _member_change(balance_type: str, at: Column) -> sa.Select[Any]:
    """A member joining (`in`, at created_at) or leaving (`out`, at left_at) as one row."""
    return sa.select(
        m.c.customer_id,
        at.label("at"),
        sa.literal(balance_type, sa.String).label("type"),
        *(MEMBER_COLUMNS[name].label(name) for name in BALANCE_ATTRIBUTES),
    ).where(at.is_not(None))


member_changes = sa.union_all(
    _member_change("in", m.c.created_at), _member_change("out", m.c.left_at)
).subquery("member_changes")
mc = member_changes

# ------------------------------------------------------------------------------ sendings
s = t.sendings
e = t.sending_events
SOURCE_ID = sa.case(
    (s.c.reporting_id.is_not(None), sa.cast(s.c.reporting_id, sa.String)),
    else_=s.c.service_type,
)
SENDING_COLUMNS: dict[str, Column] = _by_name(
    s,
    "id",
    "language",
    "channel",
    "service_type",
    "reporting_id",
    "source_app",
    "source_type",
    "audience_id",
    "campaign_id",
    "created_at",
    loyalty_club_id=s.c.customer_id,
    source_id=SOURCE_ID,
)


def _count_events(*event_types: str) -> Column:
    return sa.func.count().filter(e.c.event_type.in_(event_types))


SENDING_OF_EVENT = Join(
    s,
    sa.and_(s.c.customer_id == e.c.customer_id, s.c.id == e.c.sending_id),
    frozenset({"channel", "service_type", "campaign_id", "reporting_id"}),
)
MEMBER_OF_EVENT = Join(
    m,
    sa.and_(m.c.customer_id == e.c.customer_id, m.c.id == e.c.member_id),
    frozenset({"gender", "age"}),
    outer=True,
)
SENDING_EVENT_COLUMNS: dict[str, Column] = {
    "loyalty_club_id": e.c.customer_id,
    "sending_id": e.c.sending_id,
    "event_type": e.c.event_type,
    "channel": s.c.channel,
    "service_type": s.c.service_type,
    "campaign_id": s.c.campaign_id,
    "reporting_id": s.c.reporting_id,
}

# ------------------------------------------------------------------------------ links
lk = t.links
v = t.link_visits
HUMAN_VISIT = sa.not_(v.c.is_bot)
LINK_COLUMNS: dict[str, Column] = _by_name(
    lk,
    "id",
    "source_id",
    "host",
    "path",
    "utm_campaign",
    "utm_content",
    "utm_medium",
    "utm_source",
    "utm_term",
    loyalty_club_id=lk.c.customer_id,
)
SENDING_LINK = lk.c.source_type == "sending"
VISIT_MEASURES: dict[str, Column] = {
    "visits_count": sa.func.count(v.c.id),
    "unique_visits_count": sa.func.count(sa.distinct(v.c.member_id)),
}

# ------------------------------------------------------------------------------ offers
o = t.offers
oc = t.offer_collections
oe = t.offer_events
ou = t.offer_usages
OFFER_OF_EVENT = Join(
    o,
    sa.and_(o.c.customer_id == oe.c.customer_id, o.c.id == oe.c.offer_id),
    frozenset({"collection_id"}),
)
OFFER_OF_USAGE = Join(
    o,
    sa.and_(o.c.customer_id == ou.c.customer_id, o.c.id == ou.c.offer_id),
    frozenset({"collection_id"}),
)
OFFER_EVENT_COLUMNS: dict[str, Column] = {
    "loyalty_club_id": oe.c.customer_id,
    "offer_id": oe.c.offer_id,
    "collection_id": o.c.collection_id,
    "event_type": oe.c.event_type,
}
OFFER_USAGE_COLUMNS: dict[str, Column] = {
    "loyalty_club_id": ou.c.customer_id,
    "offer_id": ou.c.offer_id,
    "collection_id": o.c.collection_id,
    "place_id": ou.c.place_id,
}

# ------------------------------------------------------------------------------ places
pl = t.places

# ------------------------------------------------------------------------------ transactions
tr = t.transactions

SOURCES: dict[str, Source] = {
    "members": Source(
        m, m.c.customer_id, MEMBER_COLUMNS, where=CURRENT_MEMBER, time=m.c.created_at
    ),
    "members_count": Source(
        m,
        m.c.customer_id,
        MEMBER_COLUMNS,
        where=CURRENT_MEMBER,
        time=m.c.created_at,
        measures={"members_count": sa.func.count()},
        one_row_per_customer=True,
    ),
    "members_grouped_count": Source(
        g,
        g.c.customer_id,
        _by_name(g, "grouping_type", "grouping_value", community_id=g.c.customer_id),
        where=g.c.left_at.is_(None),
        time=g.c.created_at,
        measures={"members_count": sa.func.count(), "updated_at": sa.func.max(g.c.updated_at)},
    ),
    "member_balance": Source(
        mc,
        mc.c.customer_id,
        {
            "community_id": mc.c.customer_id,
            **{name: mc.c[name] for name in ("type", *BALANCE_ATTRIBUTES)},
        },
        time=mc.c.at,
    ),
    "members_count_snapshot": Source(
        t.member_snapshots,
        t.member_snapshots.c.customer_id,
        {"community_id": t.member_snapshots.c.customer_id},
        time=t.member_snapshots.c.taken_at,
        value=t.member_snapshots.c.members_count,
    ),
    "members_count_history": Source(
        g,
        g.c.customer_id,
        _by_name(g, "grouping_type", "grouping_value", community_id=g.c.customer_id),
        time=g.c.created_at,
        until=g.c.left_at,
    ),
    "sendings": Source(
        s,
        s.c.customer_id,
        SENDING_COLUMNS,
        time=s.c.created_at,
        enrichment=Enrichment(
            facts=e,
            tenant=e.c.customer_id,
            parent=e.c.sending_id,
            measures={
                "dispatches_count": _count_events("transmitted"),
                "members_count": sa.func.count(sa.distinct(e.c.member_id)),
                "new_count": _count_events("new"),
                "delivered_count": _count_events("delivered"),
                "opened_count": _count_events("opened"),
                "failed_count": _count_events("failed", "delivery_errored"),
                "first_event_at": sa.func.min(e.c.occurred_at),
                "last_event_at": sa.func.max(e.c.occurred_at),
            },
        ),
        shape_row=sending_timeseries_ranges,
        shaped_field="timeseries_ranges",
    ),
    "sendings_events_history": Source(
        e, e.c.customer_id, SENDING_EVENT_COLUMNS, time=e.c.occurred_at, joins=(SENDING_OF_EVENT,)
    ),
    "sendings_stats": Source(
        e, e.c.customer_id, SENDING_EVENT_COLUMNS, time=e.c.occurred_at, joins=(SENDING_OF_EVENT,)
    ),
    "sendings_recipients_statistics": Source(
        e,
        e.c.customer_id,
        {
            "loyalty_club_id": e.c.customer_id,
            "sending_id": e.c.sending_id,
            "gender": m.c.gender,
            "age": MEMBER_AGE,
            "channel": s.c.channel,
        },
        where=e.c.event_type == "transmitted",
        time=e.c.occurred_at,
        value=e.c.member_id,
        joins=(SENDING_OF_EVENT, MEMBER_OF_EVENT),
    ),
    "sendings_links": Source(
        lk,
        lk.c.customer_id,
        LINK_COLUMNS,
        where=SENDING_LINK,
        time=lk.c.created_at,
        enrichment=Enrichment(
            facts=v,
            tenant=v.c.customer_id,
            parent=v.c.link_id,
            measures={**VISIT_MEASURES, "visits_count": sa.func.count()},  # rows are visits
            where=HUMAN_VISIT,
        ),
    ),
    "sendings_links_stats": Source(
        lk.outerjoin(
            v, sa.and_(v.c.customer_id == lk.c.customer_id, v.c.link_id == lk.c.id, HUMAN_VISIT)
        ),
        lk.c.customer_id,
        _by_name(lk, "source_id", loyalty_club_id=lk.c.customer_id),
        where=SENDING_LINK,
        time=lk.c.created_at,
        measures=VISIT_MEASURES,
    ),
    "links_visits_history": Source(
        v,
        v.c.customer_id,
        _by_name(lk, "source_type", "source_id", "host", loyalty_club_id=v.c.customer_id),
        where=HUMAN_VISIT,
        time=v.c.visited_at,
        joins=(
            Join(
                lk,
                sa.and_(lk.c.customer_id == v.c.customer_id, lk.c.id == v.c.link_id),
                frozenset({"source_type", "source_id", "host"}),
            ),
        ),
    ),
    "offers": Source(
        o,
        o.c.customer_id,
        _by_name(
            o,
            "id",
            "collection_id",
            "title",
            "type",
            "status",
            "valid_from",
            "valid_to",
            "created_at",
            loyalty_club_id=o.c.customer_id,
        ),
        time=o.c.created_at,
    ),
    "offers_collections": Source(
        oc,
        oc.c.customer_id,
        _by_name(oc, "id", "name", "created_at", loyalty_club_id=oc.c.customer_id),
        time=oc.c.created_at,
        enrichment=Enrichment(
            facts=o,
            tenant=o.c.customer_id,
            parent=o.c.collection_id,
            measures={"offers_count": sa.func.count()},
        ),
    ),
    "offers_events_history": Source(
        oe, oe.c.customer_id, OFFER_EVENT_COLUMNS, time=oe.c.occurred_at, joins=(OFFER_OF_EVENT,)
    ),
    "offers_events_stats": Source(
        oe, oe.c.customer_id, OFFER_EVENT_COLUMNS, time=oe.c.occurred_at, joins=(OFFER_OF_EVENT,)
    ),
    "offers_usages_history": Source(
        ou, ou.c.customer_id, OFFER_USAGE_COLUMNS, time=ou.c.used_at, joins=(OFFER_OF_USAGE,)
    ),
    "offers_usages_stats": Source(
        ou, ou.c.customer_id, OFFER_USAGE_COLUMNS, time=ou.c.used_at, joins=(OFFER_OF_USAGE,)
    ),
    "transactions": Source(
        tr,
        tr.c.customer_id,
        _by_name(
            tr,
            "id",
            "member_id",
            "place_id",
            "type",
            "amount",
            "currency",
            "points",
            "occurred_at",
            loyalty_club_id=tr.c.customer_id,
        ),
        time=tr.c.occurred_at,
    ),
    "places": Source(
        pl,
        pl.c.customer_id,
        _by_name(
            pl,
            "id",
            "name",
            "kind",
            "address",
            "city",
            "country",
            "latitude",
            "longitude",
            loyalty_club_id=pl.c.customer_id,
        ),
        point=(pl.c.latitude, pl.c.longitude),
    ),
    "transactions_history": Source(
        tr,
        tr.c.customer_id,
        _by_name(tr, "place_id", "type", "currency", loyalty_club_id=tr.c.customer_id),
        time=tr.c.occurred_at,
        value=tr.c.amount,
    ),
}
