"""Link reports (spec §5)."""

from __future__ import annotations

from reporting_gateway.catalog import enums
from reporting_gateway.catalog.model import (
    STRING,
    Field,
    Format,
    Interval,
    Measure,
    Report,
    by,
    enum,
)
from reporting_gateway.catalog.sendings import LOYALTY_CLUB_ID

LINKS_VISITS_HISTORY = Report(
    name="links_visits_history",
    format=Format.TIMESERIES,
    domain="links",
    description="Visits of tracked links per time bucket. Visits done by bots are not included.",
    permit="Reporting:Api:Report:LinksVisitsHistory",
    cost=3,
    keys=(),
    intervals=(
        Interval.FIVE_MINUTES,
        Interval.HOUR,
        Interval.DAY,
        Interval.WEEK,
        Interval.MONTH,
    ),
    measure=Measure.COUNT,
    fields=(
        LOYALTY_CLUB_ID,
        Field(
            "source_type",
            enum(enums.LINK_SOURCE_TYPE),
            "Where the link was published.",
            True,
            nullable=False,
        ),
        Field(
            "source_id",
            STRING,
            "ID of the publishing object (for sendings: reporting_id or service_type).",
            True,
            nullable=False,
        ),
        Field("host", STRING, "Host of the link URL.", True, nullable=False),
    ),
    aggregations=(
        by("source_type", "Split by where the link was published."),
        by("source_id", "Split by publishing object."),
        by("host", "Split by host."),
    ),
)

REPORTS = (LINKS_VISITS_HISTORY,)
