"""Every rollup the gateway keeps, like the report catalog: plain data.

The planner answers a report from the first rollup listed for it (`sources.py`) that keeps
every field the query uses, so each family lists a small rollup for the common questions
and a wider one for the rest; what no rollup keeps (a sending_id filter, say) reads the facts.
"""

from __future__ import annotations

from reporting_gateway.storage.facts import tables as t
from reporting_gateway.storage.rollups.model import (
    ALL_GRAINS,
    DAY_AND_MONTH,
    HOUR_AND_COARSER,
    Count,
    Distinct,
    Earliest,
    LastValue,
    Latest,
    Parent,
    Rollup,
    Stream,
    Sum,
)

# ------------------------------------------------------------------------------ streams
SENDING = Parent(
    t.sendings, "sending_id", ("channel", "service_type", "campaign_id", "reporting_id")
)
LINK = Parent(t.links, "link_id", ("source_type", "source_id", "host"))
OFFER = Parent(t.offers, "offer_id", ("collection_id",))

SENDING_EVENTS = Stream("sending_events", t.sending_events, time="occurred_at", parent=SENDING)
TRANSMISSIONS = Stream(
    "transmissions",
    t.sending_events,
    time="occurred_at",
    parent=SENDING,
    only={"event_type": ("transmitted",)},
    present=("member_id",),
)
HUMAN_VISITS = Stream(
    "human_visits", t.link_visits, time="visited_at", parent=LINK, only={"is_bot": (False,)}
)
LINKS = Stream("links", t.links, weight=0)  # every link's source has a row, visited or not
MEMBER_JOINS = Stream("member_joins", t.members, time="created_at", constants={"type": "in"})
MEMBER_LEAVES = Stream(
    "member_leaves", t.members, time="left_at", present=("left_at",), constants={"type": "out"}
)
CURRENT_MEMBERS = Stream("current_members", t.members, only={"left_at": (None,)})
SNAPSHOTS = Stream("member_snapshots", t.member_snapshots, time="taken_at")
OFFER_EVENTS = Stream("offer_events", t.offer_events, time="occurred_at", parent=OFFER)
OFFER_USAGES = Stream("offer_usages", t.offer_usages, time="used_at", parent=OFFER)
OFFERS = Stream("offers", t.offers, present=("collection_id",))
TRANSACTIONS = Stream("transactions", t.transactions, time="occurred_at")

# Member attributes a count can be split by (members_count_history's grouping types, the
# splits of member_balance). The age band is kept as the birth year: a band moves with time.
MEMBER_ATTRIBUTES = ("optin_channel", "optin_platform", "country", "gender", "birth_year")


ROLLUPS: tuple[Rollup, ...] = (
    Rollup(
        "sending_events_by_type",
        "Sending events per type (a chart of all of them reads a handful of rows a bucket).",
        (SENDING_EVENTS,),
        ("event_type",),
        {"events": Count()},
        ALL_GRAINS,
    ),
    Rollup(
        "sending_events_by_channel",
        "Sending events per type, channel and service type.",
        (SENDING_EVENTS,),
        ("event_type", "channel", "service_type"),
        {"events": Count()},
        ALL_GRAINS,
    ),
    Rollup(
        "sending_events_by_campaign",
        "Sending events per type, channel, service type, campaign and reporting_id.",
        (SENDING_EVENTS,),
        ("event_type", "channel", "service_type", "campaign_id", "reporting_id"),
        {"events": Count()},
        DAY_AND_MONTH,  # as many keys as sendings: hours of it would be the facts again
    ),
    Rollup(
        "sending_recipients",
        "Members a sending was transmitted to, per channel (exact: the members are kept).",
        (TRANSMISSIONS,),
        ("channel",),
        {},
        HOUR_AND_COARSER,
        sets={"recipients": "member_id"},
    ),
    Rollup(
        "sending_counters",
        "Each sending's counters: events by type, different members, first and last event.",
        (SENDING_EVENTS,),
        ("sending_id",),
        {
            "dispatches_count": Count({"event_type": ("transmitted",)}),
            "new_count": Count({"event_type": ("new",)}),
            "delivered_count": Count({"event_type": ("delivered",)}),
            "opened_count": Count({"event_type": ("opened",)}),
            "failed_count": Count({"event_type": ("failed", "delivery_errored")}),
            "members_count": Distinct("member_id"),
            "first_event_at": Earliest("occurred_at"),
            "last_event_at": Latest("occurred_at"),
        },
    ),
    Rollup(
        "link_visits_by_host",
        "Human link visits per source type and host.",
        (HUMAN_VISITS,),
        ("source_type", "host"),
        {"visits": Count()},
        ALL_GRAINS,
    ),
    Rollup(
        "link_visits_by_source",
        "Human link visits per source type, source and host.",
        (HUMAN_VISITS,),
        ("source_type", "source_id", "host"),
        {"visits": Count()},
        HOUR_AND_COARSER,
    ),
    Rollup(
        "link_counters",
        "Each link's human visits and different visiting members.",
        (HUMAN_VISITS,),
        ("link_id",),
        {"visits_count": Count(), "unique_visits_count": Distinct("member_id")},
    ),
    Rollup(
        "link_source_counters",
        "Human visits and different visiting members per link source (every source has a row).",
        (HUMAN_VISITS, LINKS),
        ("source_type", "source_id"),
        {"visits_count": Count(), "unique_visits_count": Distinct("member_id")},
    ),
    Rollup(
        "member_changes",
        "Members joining (`in`) and leaving (`out`).",
        (MEMBER_JOINS, MEMBER_LEAVES),
        ("type",),
        {"members": Count()},
        ALL_GRAINS,
    ),
    *(
        Rollup(
            f"member_changes_by_{attribute}",
            f"Members joining and leaving, per {attribute.replace('_', ' ')}.",
            (MEMBER_JOINS, MEMBER_LEAVES),
            ("type", attribute),
            {"members": Count()},
            ALL_GRAINS,
        )
        for attribute in MEMBER_ATTRIBUTES
    ),
    Rollup(
        "current_members",
        "Members who have not left.",
        (CURRENT_MEMBERS,),
        (),
        {"members_count": Count()},
    ),
    *(
        Rollup(
            f"current_members_by_{attribute}",
            f"Members who have not left, per {attribute.replace('_', ' ')}, and their latest "
            "change.",
            (CURRENT_MEMBERS,),
            (attribute,),
            {"members_count": Count(), "updated_at": Latest("updated_at")},
        )
        for attribute in MEMBER_ATTRIBUTES
    ),
    Rollup(
        "member_snapshots_last",
        "The last member-count snapshot of each bucket.",
        (SNAPSHOTS,),
        (),
        {"members_count": LastValue("members_count", "taken_at")},
        HOUR_AND_COARSER,
    ),
    Rollup(
        "offer_events_by_type",
        "Offer events per type.",
        (OFFER_EVENTS,),
        ("event_type",),
        {"events": Count()},
        HOUR_AND_COARSER,
    ),
    Rollup(
        "offer_events_by_offer",
        "Offer events per type, offer and collection.",
        (OFFER_EVENTS,),
        ("event_type", "offer_id", "collection_id"),
        {"events": Count()},
        HOUR_AND_COARSER,
    ),
    Rollup(
        "offer_usages_total",
        "Offer usages.",
        (OFFER_USAGES,),
        (),
        {"usages": Count()},
        HOUR_AND_COARSER,
    ),
    Rollup(
        "offer_usages_by_offer",
        "Offer usages per offer, collection and place.",
        (OFFER_USAGES,),
        ("offer_id", "collection_id", "place_id"),
        {"usages": Count()},
        HOUR_AND_COARSER,
    ),
    Rollup(
        "offer_collection_counters",
        "Offers in each collection.",
        (OFFERS,),
        ("collection_id",),
        {"offers_count": Count()},
    ),
    Rollup(
        "transactions_by_place",
        "Transaction amounts (exact, in cents) and counts per currency, type and place.",
        (TRANSACTIONS,),
        ("currency", "type", "place_id"),
        {"amount": Sum("amount", 2), "transactions": Count()},
        HOUR_AND_COARSER,
    ),
)

BY_NAME: dict[str, Rollup] = {rollup.name: rollup for rollup in ROLLUPS}
STREAMS: tuple[Stream, ...] = tuple(
    dict.fromkeys(stream for rollup in ROLLUPS for stream in rollup.streams)
)
