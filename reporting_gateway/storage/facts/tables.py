"""The fact tables (DESIGN §4): the data contract operators load their data into.

Every row carries its tenant (`customer_id`); primary keys and indexes lead with it, then
the time column, so every query the gateway runs is a range scan inside one customer.
Timestamps are UTC. A column's `info` carries what the loader validates beyond its SQL
type: `values` (the allowed enum values) and `doc` (the README's column description).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from reporting_gateway.catalog import enums
from reporting_gateway.catalog.model import ValueSet
from reporting_gateway.storage.metadata import metadata
from reporting_gateway.storage.types import Amount, IntArray, Json, UtcDateTime


def _tenant() -> sa.Column[int]:
    return sa.Column(
        "customer_id",
        sa.Integer,
        sa.ForeignKey("customers.id"),
        primary_key=True,
        info={"doc": "Customer (loyalty club) the row belongs to."},
    )


def _id(doc: str) -> sa.Column[int]:
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=False, info={"doc": doc})


def _col(name: str, type_: Any, doc: str, *, nullable: bool = True, **info: Any) -> sa.Column[Any]:
    return sa.Column(name, type_, nullable=nullable, info={"doc": doc, **info})


def _enum(name: str, values: ValueSet, doc: str, *, nullable: bool = False) -> sa.Column[Any]:
    return _col(name, sa.String(32), doc, nullable=nullable, values=values)


def _time(name: str, doc: str, *, nullable: bool = False) -> sa.Column[Any]:
    return _col(name, UtcDateTime(), doc, nullable=nullable)


customers = sa.Table(
    "customers",
    metadata,
    _id("Customer (loyalty club) ID, as sent in X-Customer."),
    _col("name", sa.String(200), "Display name.", nullable=False),
    _col("slug", sa.String(100), "Short unique name.", nullable=False),
    _col(
        "chain", sa.String(100), "Chain the club belongs to (X-Customer `chain=`).", nullable=False
    ),
    _col(
        "country",
        sa.String(2),
        "ISO 3166-1 alpha-2 country (X-Customer `country=`).",
        nullable=False,
    ),
    _col("timezone", sa.String(64), "IANA timezone its events are bucketed in.", nullable=False),
    sa.UniqueConstraint("slug", name="uq_customers_slug"),
)

members = sa.Table(
    "members",
    metadata,
    _tenant(),
    _id("Member ID."),
    _col("optin_channel", sa.String(64), "Channel the member joined through."),
    _col("optin_subchannel", sa.String(64), "Finer source within the channel."),
    _enum("optin_platform", enums.OPTIN_PLATFORM, "Platform joined on.", nullable=True),
    _enum("gender", enums.GENDER, "Gender; empty when not given.", nullable=True),
    _col("birth_year", sa.Integer, "Year of birth; the age band is derived from it."),
    _col("subunit_ids", IntArray(), "Subunit IDs (JSON array of integers).", nullable=False),
    _col("group_ids", IntArray(), "Member group IDs (JSON array of integers).", nullable=False),
    _col("favorite_stores", IntArray(), "Favourite place IDs (JSON array).", nullable=False),
    _col("properties", Json(), "Free-form properties (JSON object).", nullable=False),
    _col("consents", Json(), "Consent name → granted (JSON object of booleans).", nullable=False),
    _col("marketing_via_sms", sa.Boolean, "Marketing via SMS allowed.", nullable=False),
    _col("marketing_via_email", sa.Boolean, "Marketing via e-mail allowed.", nullable=False),
    _col("marketing_via_push", sa.Boolean, "Marketing via push allowed.", nullable=False),
    _enum("sms_status", enums.CONTACT_STATUS, "SMS contact state.", nullable=True),
    _enum("email_status", enums.CONTACT_STATUS, "E-mail contact state.", nullable=True),
    _enum("push_status", enums.CONTACT_STATUS, "Push contact state.", nullable=True),
    _col("country", sa.String(2), "Member's country (ISO 3166-1 alpha-2)."),
    _time("created_at", "When the member joined (a `member_balance` `in`)."),
    _time("updated_at", "When the member's data last changed."),
    _time(
        "left_at",
        "When the member left (a `member_balance` `out`); empty while a member.",
        nullable=True,
    ),
    sa.Index("ix_members_created", "customer_id", "created_at"),
    sa.Index("ix_members_left", "customer_id", "left_at"),
)

member_snapshots = sa.Table(
    "member_snapshots",
    metadata,
    _tenant(),
    sa.Column(
        "taken_at", UtcDateTime(), primary_key=True, info={"doc": "When the count was taken."}
    ),
    _col("members_count", sa.Integer, "Number of members at that moment.", nullable=False),
)

sendings = sa.Table(
    "sendings",
    metadata,
    _tenant(),
    _id("Sending ID."),
    _enum("language", enums.LANGUAGE, "Language (ISO 639-1).", nullable=True),
    _enum("channel", enums.CHANNEL, "sms, email or push."),
    _enum("service_type", enums.SERVICE_TYPE, "Service that sent it."),
    _col("reporting_id", sa.Integer, "Reporting ID; campaign and triggered sendings have one."),
    _col("source_app", sa.String(64), "Application that created the sending."),
    _col("source_type", sa.String(64), "Kind of object that created it."),
    _col("audience_id", sa.Integer, "Audience targeted."),
    _col("campaign_id", sa.Integer, "Campaign it was scheduled in."),
    _time("created_at", "When the sending was created."),
    sa.Index("ix_sendings_created", "customer_id", "created_at"),
)

# The columns the fact indexes carry after their key (migration 0004 added them).
SENDING_EVENT_COVERED = {
    "time": ("event_type", "sending_id", "member_id"),
    "sending": ("event_type", "member_id", "occurred_at"),
}
LINK_VISIT_COVERED = {"time": ("is_bot", "link_id", "member_id"), "link": ("is_bot", "member_id")}

sending_events = sa.Table(
    "sending_events",
    metadata,
    _tenant(),
    _id("Event ID."),
    _col("sending_id", sa.Integer, "Sending the event belongs to.", nullable=False),
    _col("member_id", sa.Integer, "Recipient member."),
    _enum("event_type", enums.SENDING_EVENT_TYPE, "What happened."),
    _time("occurred_at", "When it happened."),
    # Covering: timeseries, statistics and the counters of a sendings page read the index only.
    sa.Index(
        "ix_sending_events_time", "customer_id", "occurred_at", *SENDING_EVENT_COVERED["time"]
    ),
    sa.Index(
        "ix_sending_events_sending", "customer_id", "sending_id", *SENDING_EVENT_COVERED["sending"]
    ),
)

links = sa.Table(
    "links",
    metadata,
    _tenant(),
    _id("Link ID."),
    _enum("source_type", enums.LINK_SOURCE_TYPE, "Where the link was published."),
    _col(
        "source_id",
        sa.String(64),
        "Publishing object; for sendings the reporting_id as text, else the service_type.",
        nullable=False,
    ),
    _col("host", sa.String(255), "Host of the URL.", nullable=False),
    _col("path", sa.String(2048), "Path of the URL.", nullable=False),
    _col("utm_campaign", sa.String(255), "utm_campaign."),
    _col("utm_content", sa.String(255), "utm_content."),
    _col("utm_medium", sa.String(255), "utm_medium."),
    _col("utm_source", sa.String(255), "utm_source."),
    _col("utm_term", sa.String(255), "utm_term."),
    _time("created_at", "When the link was created."),
    sa.Index("ix_links_source", "customer_id", "source_type", "source_id"),
)

link_visits = sa.Table(
    "link_visits",
    metadata,
    _tenant(),
    _id("Visit ID."),
    _col("link_id", sa.Integer, "Link visited.", nullable=False),
    _col("member_id", sa.Integer, "Visiting member, when known."),
    _col("is_bot", sa.Boolean, "The visit came from a bot (never counted).", nullable=False),
    _time("visited_at", "When the link was resolved."),
    sa.Index("ix_link_visits_time", "customer_id", "visited_at", *LINK_VISIT_COVERED["time"]),
    sa.Index("ix_link_visits_link", "customer_id", "link_id", *LINK_VISIT_COVERED["link"]),
)

offer_collections = sa.Table(
    "offer_collections",
    metadata,
    _tenant(),
    _id("Collection ID."),
    _col("name", sa.String(200), "Name.", nullable=False),
    _time("created_at", "When it was created."),
)

offers = sa.Table(
    "offers",
    metadata,
    _tenant(),
    _id("Offer ID."),
    _col("collection_id", sa.Integer, "Collection the offer is in."),
    _col("title", sa.String(200), "Title.", nullable=False),
    _enum("type", enums.OFFER_TYPE, "What it gives."),
    _enum("status", enums.OFFER_STATUS, "Publication state."),
    _time("valid_from", "Start of validity.", nullable=True),
    _time("valid_to", "End of validity.", nullable=True),
    _time("created_at", "When it was created."),
    sa.Index("ix_offers_collection", "customer_id", "collection_id"),
)

offer_events = sa.Table(
    "offer_events",
    metadata,
    _tenant(),
    _id("Event ID."),
    _col("offer_id", sa.Integer, "Offer.", nullable=False),
    _col("member_id", sa.Integer, "Member."),
    _enum("event_type", enums.OFFER_EVENT_TYPE, "viewed, clicked or claimed."),
    _time("occurred_at", "When it happened."),
    sa.Index("ix_offer_events_time", "customer_id", "occurred_at"),
)

offer_usages = sa.Table(
    "offer_usages",
    metadata,
    _tenant(),
    _id("Usage ID."),
    _col("offer_id", sa.Integer, "Offer used.", nullable=False),
    _col("member_id", sa.Integer, "Member."),
    _col("place_id", sa.Integer, "Place it was used at."),
    _time("used_at", "When it was used."),
    sa.Index("ix_offer_usages_time", "customer_id", "used_at"),
)

transactions = sa.Table(
    "transactions",
    metadata,
    _tenant(),
    _id("Transaction ID."),
    _col("member_id", sa.Integer, "Member."),
    _col("place_id", sa.Integer, "Place."),
    _enum("type", enums.TRANSACTION_TYPE, "purchase or refund."),
    _col(
        "amount",
        Amount(),
        "Amount; negative for refunds.",
        nullable=False,
    ),
    _col("currency", sa.String(3), "ISO 4217 currency.", nullable=False),
    _col("points", sa.Integer, "Points earned (negative when taken back).", nullable=False),
    _time("occurred_at", "When it happened."),
    sa.Index("ix_transactions_time", "customer_id", "occurred_at"),
)

places = sa.Table(
    "places",
    metadata,
    _tenant(),
    _id("Place ID."),
    _col("name", sa.String(200), "Name.", nullable=False),
    _col("kind", sa.String(32), "shopping_centre, store, …", nullable=False),
    _col("address", sa.String(300), "Street address."),
    _col("city", sa.String(100), "City.", nullable=False),
    _col("country", sa.String(2), "ISO 3166-1 alpha-2 country.", nullable=False),
    _col("latitude", sa.Float, "Latitude (WGS 84, degrees).", nullable=False),
    _col("longitude", sa.Float, "Longitude (WGS 84, degrees).", nullable=False),
)

# The tables operators load, in an order that satisfies foreign keys.
FACT_TABLES: tuple[sa.Table, ...] = (
    customers,
    members,
    member_snapshots,
    sendings,
    sending_events,
    links,
    link_visits,
    offer_collections,
    offers,
    offer_events,
    offer_usages,
    transactions,
    places,
)
