"""Sending reports (spec §5 and the two surviving documentation pages)."""

from __future__ import annotations

from reporting_gateway.catalog import enums
from reporting_gateway.catalog.members import AGE, GENDER
from reporting_gateway.catalog.model import (
    DATETIME,
    INT,
    JSON,
    STRING,
    Field,
    Format,
    Interval,
    Measure,
    Report,
    by,
    enum,
    with_total_twins,
)

LOYALTY_CLUB_ID = Field("loyalty_club_id", INT, "ID of loyalty club.", nullable=False)
CHANNEL = Field("channel", enum(enums.CHANNEL), "Channel of sending.", True, nullable=False)
SERVICE_TYPE = Field(
    "service_type", enum(enums.SERVICE_TYPE), "Sending's service type.", True, nullable=False
)
CAMPAIGN_ID = Field("campaign_id", INT, "ID of campaign to which sending was scheduled.", True)
REPORTING_ID = Field(
    "reporting_id",
    INT,
    "Sending's reporting_id. This field can be used to attribute reported sending to its source.",
    True,
)
SENDING_ID = Field("sending_id", INT, "ID of the sending.", True, nullable=False)
EVENT_TYPE = Field(
    "event_type", enum(enums.SENDING_EVENT_TYPE), "Type of sendings event.", True, nullable=False
)
SOURCE_ID = Field(
    "source_id",
    STRING,
    "Where the sending was sent from: the stringified reporting_id when the sending has one "
    "(campaign and triggered sendings always do), else its service_type.",
    True,
    nullable=False,
)
VISITS_COUNT = Field(
    "visits_count",
    INT,
    "Number of how many times link was resolved. Visits done by bots are not included.",
    nullable=False,
)
UNIQUE_VISITS_COUNT = Field(
    "unique_visits_count",
    INT,
    "Number of how many members visited the link. Visits done by bots are not included.",
    nullable=False,
)

_ALL_INTERVALS = (
    Interval.FIVE_MINUTES,
    Interval.HOUR,
    Interval.DAY,
    Interval.WEEK,
    Interval.MONTH,
)

_EVENT_AGGREGATIONS = with_total_twins(
    by("service_type", "Split by the sending's service type."),
    by("campaign_id", "Split by campaign."),
    by("channel", "Split by channel."),
    by("reporting_id", "Split by the sending's reporting_id."),
)


def _counter(name: str, what: str) -> Field:
    return Field(name, INT, what, nullable=False)


SENDINGS = Report(
    name="sendings",
    format=Format.RECORDS,
    domain="sendings",
    description="Sendings (campaign, triggered and other messages) with their delivery counters.",
    permit="Reporting:Api:Report:Sendings",
    cost=2,
    keys=("id",),
    fields=(
        Field("id", INT, "ID of the sending.", True, nullable=False),
        LOYALTY_CLUB_ID,
        Field("language", enum(enums.LANGUAGE), "Language of the sending.", True),
        CHANNEL,
        SERVICE_TYPE,
        REPORTING_ID,
        SOURCE_ID,
        Field("source_app", STRING, "Application that created the sending.", True),
        Field("source_type", STRING, "Kind of object in source_app that created it.", True),
        Field("audience_id", INT, "ID of the audience the sending targeted.", True),
        CAMPAIGN_ID,
        _counter("dispatches_count", "Messages handed to the provider (`transmitted` events)."),
        _counter("members_count", "Different members the sending reached (any event)."),
        _counter("new_count", "Recipients queued (`new` events)."),
        _counter("delivered_count", "Messages delivered (`delivered` events)."),
        _counter("opened_count", "Recipients who opened it (`opened` events, first open each)."),
        _counter("failed_count", "Messages that failed (`failed` and `delivery_errored` events)."),
        Field("created_at", DATETIME, "When the sending was created.", True, nullable=False),
        Field(
            "timeseries_ranges",
            JSON,
            "For each interval of sendings_events_history: the `from`/`to` (in the customer's "
            "timezone) that cover this sending's events within that interval's retention and "
            "bucket limit; null for an interval whose retention the events are past. Object: "
            "interval → {from, to}.",
        ),
    ),
)

SENDINGS_EVENTS_HISTORY = Report(
    name="sendings_events_history",
    format=Format.TIMESERIES,
    domain="sendings",
    description="Sending events per time bucket, labelled by event_type.",
    permit="Reporting:Api:Report:SendingsEventsHistory",
    cost=3,
    keys=("event_type",),
    intervals=_ALL_INTERVALS,
    measure=Measure.COUNT,
    fields=(
        LOYALTY_CLUB_ID,
        SENDING_ID,
        EVENT_TYPE,
        CHANNEL,
        SERVICE_TYPE,
        CAMPAIGN_ID,
        REPORTING_ID,
    ),
    aggregations=_EVENT_AGGREGATIONS,
)

SENDINGS_RECIPIENTS_STATISTICS = Report(
    name="sendings_recipients_statistics",
    format=Format.TIMESERIES,
    domain="sendings",
    description="Different members sendings were transmitted to, per time bucket.",
    permit="Reporting:Api:Report:SendingsRecipientsStatistics",
    cost=3,
    keys=(),
    intervals=(Interval.HOUR, Interval.DAY, Interval.WEEK, Interval.MONTH),
    measure=Measure.DISTINCT_MEMBERS,
    fields=(LOYALTY_CLUB_ID, SENDING_ID, GENDER, AGE, CHANNEL),
    aggregations=(by("gender", "Split by gender."), by("age", "Split by age band.")),
)

SENDINGS_LINKS = Report(
    name="sendings_links",
    format=Format.RECORDS,
    domain="sendings",
    description="Tracked links published in sendings, with their visits. Bot visits are not "
    "counted.",
    permit="Reporting:Api:Report:SendingsLinks",
    cost=3,
    keys=("id",),
    fields=(
        Field("id", INT, "ID of the link.", True, nullable=False),
        LOYALTY_CLUB_ID,
        SOURCE_ID,
        Field("host", STRING, "Host of the link URL.", True, nullable=False),
        Field("path", STRING, "Path of the link URL.", True, nullable=False),
        Field("utm_campaign", STRING, "The link's utm_campaign parameter.", True),
        Field("utm_content", STRING, "The link's utm_content parameter.", True),
        Field("utm_medium", STRING, "The link's utm_medium parameter.", True),
        Field("utm_source", STRING, "The link's utm_source parameter.", True),
        Field("utm_term", STRING, "The link's utm_term parameter.", True),
        VISITS_COUNT,
        UNIQUE_VISITS_COUNT,
    ),
)

SENDINGS_LINKS_STATS = Report(
    name="sendings_links_stats",
    format=Format.RECORDS,
    domain="sendings",
    description="This report allows you to get information about clicks in sendings.",
    permit="Reporting:Api:Report:SendingsLinksStats",
    cost=2,
    keys=("source_id",),
    fields=(LOYALTY_CLUB_ID, SOURCE_ID, VISITS_COUNT, UNIQUE_VISITS_COUNT),
)

SENDINGS_STATS = Report(
    name="sendings_stats",
    format=Format.STATISTICS,
    domain="sendings",
    description="This report allows you to get statistics which are produced during sending. "
    "It includes events which are common for each available channel.",
    permit="Reporting:Api:Report:SendingsStats",
    cost=2,
    keys=("event_type",),
    measure=Measure.COUNT,
    fields=(LOYALTY_CLUB_ID, EVENT_TYPE, CHANNEL, SERVICE_TYPE, CAMPAIGN_ID, REPORTING_ID),
    aggregations=_EVENT_AGGREGATIONS,
)

REPORTS = (
    SENDINGS,
    SENDINGS_EVENTS_HISTORY,
    SENDINGS_RECIPIENTS_STATISTICS,
    SENDINGS_LINKS,
    SENDINGS_LINKS_STATS,
    SENDINGS_STATS,
)
