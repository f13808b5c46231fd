"""Offer reports [ours: the documentation pages of the Offers section are lost]."""

from __future__ import annotations

from reporting_gateway.catalog import enums
from reporting_gateway.catalog.model import (
    DATETIME,
    INT,
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
from reporting_gateway.catalog.sendings import LOYALTY_CLUB_ID

_INTERVALS = (Interval.HOUR, Interval.DAY, Interval.WEEK, Interval.MONTH)

OFFER_ID = Field("offer_id", INT, "ID of the offer.", True, nullable=False)
COLLECTION_ID = Field("collection_id", INT, "ID of the offer's collection.", True)
PLACE_ID = Field("place_id", INT, "ID of the place the offer was used at.", True)
OFFER_EVENT_TYPE = Field(
    "event_type", enum(enums.OFFER_EVENT_TYPE), "What the member did.", True, nullable=False
)

_EVENT_AGGREGATIONS = (
    by("offer_id", "Split by offer."),
    by("collection_id", "Split by offer collection."),
)
_USAGE_AGGREGATIONS = (
    by("offer_id", "Split by offer."),
    by("place_id", "Split by place."),
)

OFFERS = Report(
    name="offers",
    format=Format.RECORDS,
    domain="offers",
    description="Offers of the club, one record per offer.",
    permit="Reporting:Api:Report:Offers",
    cost=3,
    keys=("id",),
    fields=(
        Field("id", INT, "ID of the offer.", True, nullable=False),
        LOYALTY_CLUB_ID,
        COLLECTION_ID,
        Field("title", STRING, "Title of the offer.", nullable=False),
        Field("type", enum(enums.OFFER_TYPE), "What the offer gives.", True, nullable=False),
        Field("status", enum(enums.OFFER_STATUS), "Publication state.", True, nullable=False),
        Field("valid_from", DATETIME, "Start of validity.", True),
        Field("valid_to", DATETIME, "End of validity.", True),
        Field("created_at", DATETIME, "When the offer was created.", True, nullable=False),
    ),
)

OFFERS_COLLECTIONS = Report(
    name="offers_collections",
    format=Format.RECORDS,
    domain="offers",
    description="Offer collections, with the number of offers in each.",
    permit="Reporting:Api:Report:OffersCollections",
    cost=2,
    keys=("id",),
    fields=(
        Field("id", INT, "ID of the collection.", True, nullable=False),
        LOYALTY_CLUB_ID,
        Field("name", STRING, "Name of the collection.", nullable=False),
        Field("offers_count", INT, "Number of offers in the collection.", nullable=False),
        Field("created_at", DATETIME, "When the collection was created.", True, nullable=False),
    ),
)

OFFERS_EVENTS_HISTORY = Report(
    name="offers_events_history",
    format=Format.TIMESERIES,
    domain="offers",
    description="Offer views, clicks and claims per time bucket, labelled by event_type.",
    permit="Reporting:Api:Report:OffersEventsHistory",
    cost=3,
    keys=("event_type",),
    intervals=_INTERVALS,
    measure=Measure.COUNT,
    fields=(LOYALTY_CLUB_ID, OFFER_ID, COLLECTION_ID, OFFER_EVENT_TYPE),
    aggregations=_EVENT_AGGREGATIONS,
)

OFFERS_USAGES_HISTORY = Report(
    name="offers_usages_history",
    format=Format.TIMESERIES,
    domain="offers",
    description="Offers used (redeemed) per time bucket.",
    permit="Reporting:Api:Report:OffersUsagesHistory",
    cost=3,
    keys=(),
    intervals=_INTERVALS,
    measure=Measure.COUNT,
    fields=(LOYALTY_CLUB_ID, OFFER_ID, COLLECTION_ID, PLACE_ID),
    aggregations=_USAGE_AGGREGATIONS,
)

OFFERS_EVENTS_STATS = Report(
    name="offers_events_stats",
    format=Format.STATISTICS,
    domain="offers",
    description="Offer views, clicks and claims over a period, labelled by event_type.",
    permit="Reporting:Api:Report:OffersEventsStats",
    cost=2,
    keys=("event_type",),
    measure=Measure.COUNT,
    fields=(LOYALTY_CLUB_ID, OFFER_ID, COLLECTION_ID, OFFER_EVENT_TYPE),
    aggregations=with_total_twins(*_EVENT_AGGREGATIONS),
)

OFFERS_USAGES_STATS = Report(
    name="offers_usages_stats",
    format=Format.STATISTICS,
    domain="offers",
    description="Offers used (redeemed) over a period.",
    permit="Reporting:Api:Report:OffersUsagesStats",
    cost=2,
    keys=(),
    measure=Measure.COUNT,
    fields=(LOYALTY_CLUB_ID, OFFER_ID, COLLECTION_ID, PLACE_ID),
    aggregations=with_total_twins(*_USAGE_AGGREGATIONS),
)

REPORTS = (
    OFFERS,
    OFFERS_COLLECTIONS,
    OFFERS_EVENTS_HISTORY,
    OFFERS_USAGES_HISTORY,
    OFFERS_EVENTS_STATS,
    OFFERS_USAGES_STATS,
)
