"""Member reports (spec §5). The tenant field of member reports is `community_id`."""

from __future__ import annotations

from dataclasses import replace

from reporting_gateway.catalog import enums
from reporting_gateway.catalog.model import (
    BOOL,
    DATETIME,
    INT,
    INT_ARRAY,
    JSON,
    STRING,
    TOTAL,
    Aggregation,
    Field,
    Format,
    Interval,
    Measure,
    Report,
    by,
    enum,
)

_ALL_INTERVALS = (
    Interval.FIVE_MINUTES,
    Interval.HOUR,
    Interval.DAY,
    Interval.WEEK,
    Interval.MONTH,
)

COMMUNITY_ID = Field("community_id", INT, "ID of the loyalty club (community).", nullable=False)
COMMUNITY_ID_OR_TOTAL = Field(
    "community_id", INT, "ID of the loyalty club (community); null when summed across customers."
)

OPTIN_CHANNEL = Field(
    "optin_channel", STRING, "Channel the member joined through (web, app, pos, …).", True
)
OPTIN_SUBCHANNEL = Field(
    "optin_subchannel", STRING, "Finer source within the opt-in channel (a campaign, a form).", True
)
OPTIN_PLATFORM = Field("optin_platform", enum(enums.OPTIN_PLATFORM), "Platform joined on.", True)
GENDER = Field("gender", enum(enums.GENDER), "Gender the member gave.", True)
AGE = Field("age", enum(enums.AGE_BAND), "Age band, from the member's birth year.", True)
GROUPING_TYPE = Field(
    "grouping_type",
    enum(enums.GROUPING_TYPE),
    "Member attribute the count is grouped by.",
    True,
    nullable=False,
)
GROUPING_VALUE = Field(
    "grouping_value",
    STRING,
    "Value of the grouping attribute (`unknown` where members did not give one).",
    True,
    nullable=False,
)


def _contact_status(channel: str) -> Field:
    return Field(
        f"{channel}_status", enum(enums.CONTACT_STATUS), f"State of the {channel} contact.", True
    )


def _marketing_via(channel: str, what: str) -> Field:
    return Field(f"marketing_via_{channel}", BOOL, f"Member agreed to marketing via {what}.", True)


MEMBERS = Report(
    name="members",
    format=Format.RECORDS,
    domain="members",
    description="Current members of the club, one record per member. Members who left are "
    "not listed.",
    permit="Reporting:Api:Report:Members",
    cost=10,
    tenant_field="community_id",
    keys=("id",),
    fields=(
        Field("id", INT, "Member ID.", True, nullable=False),
        COMMUNITY_ID,
        OPTIN_CHANNEL,
        OPTIN_SUBCHANNEL,
        OPTIN_PLATFORM,
        GENDER,
        AGE,
        Field(
            "birth_year_group",
            INT,
            "First year of the member's 5-year birth-year group (1990 for 1990-1994).",
            True,
        ),
        Field(
            "subunit_ids", INT_ARRAY, "Subunits (stores, departments) the member belongs to.", True
        ),
        Field("group_ids", INT_ARRAY, "Member groups the member belongs to.", True),
        Field("favorite_stores", INT_ARRAY, "Places the member marked as favourite.", True),
        Field("properties", JSON, "Free-form member properties (object)."),
        Field("consents", JSON, "Consents the member gave: consent name → granted (object)."),
        _marketing_via("sms", "SMS"),
        _marketing_via("email", "e-mail"),
        _marketing_via("push", "push notifications"),
        Field("marketing_via_anything", BOOL, "Member agreed to marketing via any channel.", True),
        _contact_status("sms"),
        _contact_status("email"),
        _contact_status("push"),
        Field("country", STRING, "Country of the member (ISO 3166-1 alpha-2).", True),
        Field("created_at", DATETIME, "When the member joined.", True, nullable=False),
        Field("updated_at", DATETIME, "When the member's data last changed.", True, nullable=False),
    ),
)

MEMBERS_COUNT = Report(
    name="members_count",
    format=Format.RECORDS,
    domain="members",
    description="Number of current members per customer. Takes a filter on any members field; "
    "every selected customer gets a record, with 0 where no member matches.",
    permit="Reporting:Api:Report:MembersCount",
    cost=3,
    tenant_field="community_id",
    keys=(),
    fields=(
        COMMUNITY_ID_OR_TOTAL,
        *(replace(f, filter_only=True) for f in MEMBERS.fields if f.filterable),
        Field("members_count", INT, "Number of members matching the filter.", nullable=False),
    ),
    aggregations=(TOTAL,),
)

MEMBERS_GROUPED_COUNT = Report(
    name="members_grouped_count",
    format=Format.RECORDS,
    domain="members",
    description="Number of current members per value of each grouping attribute (opt-in "
    "channel, platform, country, gender, age band).",
    permit="Reporting:Api:Report:MembersGroupedCount",
    cost=2,
    tenant_field="community_id",
    keys=("grouping_type", "grouping_value"),
    fields=(
        COMMUNITY_ID_OR_TOTAL,
        GROUPING_TYPE,
        GROUPING_VALUE,
        Field("members_count", INT, "Number of members with this value.", nullable=False),
        Field("updated_at", DATETIME, "Latest change among the members counted.", nullable=False),
    ),
    aggregations=(
        Aggregation(
            name="by_grouping_type_and_value",
            keys=(),
            description="Sum the counts of every selected customer per grouping type and value.",
            drops_tenant=True,
        ),
    ),
)

MEMBER_BALANCE = Report(
    name="member_balance",
    format=Format.TIMESERIES,
    domain="members",
    description="Members joining (`in`) and leaving (`out`) the club per time bucket.",
    permit="Reporting:Api:Report:MemberBalance",
    cost=3,
    tenant_field="community_id",
    keys=("type",),
    intervals=_ALL_INTERVALS,
    measure=Measure.COUNT,
    fields=(
        COMMUNITY_ID,
        Field("type", enum(enums.BALANCE_TYPE), "`in`: joined; `out`: left.", True, nullable=False),
        OPTIN_CHANNEL,
        OPTIN_SUBCHANNEL,
        OPTIN_PLATFORM,
        GENDER,
        AGE,
    ),
    aggregations=(
        TOTAL,
        by("optin_platform", "Split by opt-in platform."),
        by("gender", "Split by gender."),
        by("age", "Split by age band."),
        by("optin_channel", "Split by opt-in channel."),
    ),
)

MEMBERS_COUNT_SNAPSHOT = Report(
    name="members_count_snapshot",
    format=Format.TIMESERIES,
    domain="members",
    description="Number of members as snapshotted about every 15 minutes; a bucket shows the "
    "last snapshot taken in it.",
    permit="Reporting:Api:Report:MembersCountSnapshot",
    cost=3,
    tenant_field="community_id",
    keys=(),
    intervals=(Interval.HOUR, Interval.DAY, Interval.WEEK, Interval.MONTH),
    measure=Measure.LAST,
    fields=(COMMUNITY_ID,),
    aggregations=(TOTAL,),
)

MEMBERS_COUNT_HISTORY = Report(
    name="members_count_history",
    format=Format.TIMESERIES,
    domain="members",
    description="Number of members at the end of each bucket, per grouping type (each member "
    "counts once per grouping type).",
    permit="Reporting:Api:Report:MembersCountHistory",
    cost=3,
    tenant_field="community_id",
    keys=("grouping_type",),
    intervals=_ALL_INTERVALS,
    measure=Measure.RUNNING_COUNT,
    fields=(COMMUNITY_ID, GROUPING_TYPE, GROUPING_VALUE),
    aggregations=(by("grouping_value", "Split by the value of the grouping attribute."),),
)

REPORTS = (
    MEMBERS,
    MEMBERS_COUNT,
    MEMBERS_GROUPED_COUNT,
    MEMBER_BALANCE,
    MEMBERS_COUNT_SNAPSHOT,
    MEMBERS_COUNT_HISTORY,
)
