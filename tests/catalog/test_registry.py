"""The catalog holds the 21 reports of spec §5 with the documented names, permits, costs,
intervals and enums, and refuses contradictions at import with a message that says where."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reporting_gateway.catalog import CATALOG, enums
from reporting_gateway.catalog.model import INT, Aggregation, Field, Format, Report
from reporting_gateway.catalog.registry import CatalogError, validate

ALL = ("5m", "1h", "1d", "1w", "1mo")
NO_5M = ("1h", "1d", "1w", "1mo")
# Copied from the spec (§5, [doc] entries): report → (format, permit suffix, cost, intervals).
DOCUMENTED = {
    "members": ("records", "Members", 10, ()),
    "members_grouped_count": ("records", "MembersGroupedCount", 2, ()),
    "member_balance": ("timeseries", "MemberBalance", 3, ALL),
    "members_count_snapshot": ("timeseries", "MembersCountSnapshot", 3, NO_5M),
    "members_count_history": ("timeseries", "MembersCountHistory", 3, ALL),
    "sendings": ("records", "Sendings", 2, ()),
    "sendings_events_history": ("timeseries", "SendingsEventsHistory", 3, ALL),
    "sendings_recipients_statistics": ("timeseries", "SendingsRecipientsStatistics", 3, NO_5M),
    "sendings_links": ("records", "SendingsLinks", 3, ()),
    "sendings_links_stats": ("records", "SendingsLinksStats", 2, ()),
    "sendings_stats": ("statistics", "SendingsStats", 2, ()),
    "links_visits_history": ("timeseries", "LinksVisitsHistory", 3, ALL),
}
OURS = {
    "members_count",
    "offers",
    "offers_collections",
    "offers_events_history",
    "offers_usages_history",
    "offers_events_stats",
    "offers_usages_stats",
    "transactions",
    "transactions_history",
}


def test_the_catalog_has_the_21_reports_of_the_spec() -> None:
    assert len(CATALOG) == 21
    assert set(CATALOG) == set(DOCUMENTED) | OURS


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_documented_reports_are_exact(name: str) -> None:
    report = CATALOG[name]
    form, permit, cost, intervals = DOCUMENTED[name]
    assert report.format.value == form
    assert report.permit == f"Reporting:Api:Report:{permit}"
    assert report.cost == cost
    assert tuple(i.value for i in report.intervals) == intervals


def test_documented_enums_are_exact() -> None:
    assert enums.SENDING_EVENT_TYPE.values == (
        "new",
        "transmitted",
        "transiently_failed",
        "delivered",
        "opened",
        "opened_event",
        "failed",
        "delivery_errored",
    )
    assert enums.CHANNEL.values == ("sms", "email", "push")
    assert enums.AGE_BAND.values[0] == "-14" and enums.AGE_BAND.values[-1] == "80-"
    assert enums.GROUPING_TYPE.values == (
        "optin_channel",
        "optin_platform",
        "country",
        "gender",
        "age",
    )
    assert enums.BALANCE_TYPE.values == ("in", "out")


def test_sendings_stats_is_shaped_like_its_documentation_page() -> None:
    report = CATALOG["sendings_stats"]
    assert report.keys == ("event_type",)
    base = ("service_type", "campaign_id", "channel", "reporting_id")
    assert [a.name for a in report.aggregations] == [*base, *(f"total_{b}" for b in base)]
    for name in base:
        assert (
            report.aggregation(name).keys == (name,) and not report.aggregation(name).drops_tenant
        )
        assert report.aggregation(f"total_{name}").drops_tenant
    assert report.filterable_fields == tuple(
        f for f in report.fields if f.name != "loyalty_club_id"
    )


def test_sendings_links_stats_is_shaped_like_its_documentation_page() -> None:
    report = CATALOG["sendings_links_stats"]
    assert [f.name for f in report.fields] == [
        "loyalty_club_id",
        "source_id",
        "visits_count",
        "unique_visits_count",
    ]
    assert [f.name for f in report.filterable_fields] == ["source_id"]


def test_member_reports_use_community_id_as_tenant() -> None:
    for report in CATALOG.values():
        expected = "community_id" if report.domain == "members" else "loyalty_club_id"
        assert report.tenant_field == expected, report.name


def test_every_report_and_field_is_described() -> None:
    for report in CATALOG.values():
        assert report.description.strip()
        for field in report.fields:
            assert field.description.strip(), (report.name, field.name)


def test_label_keys_split_by_tenant_only_across_customers() -> None:
    report = CATALOG["sendings_stats"]
    assert report.label_keys(None, cross_customer=False) == ("event_type",)
    assert report.label_keys(None, cross_customer=True) == ("loyalty_club_id", "event_type")
    assert report.label_keys(report.aggregation("channel"), True) == (
        "loyalty_club_id",
        "event_type",
        "channel",
    )
    assert report.label_keys(report.aggregation("total_channel"), True) == ("event_type", "channel")


def _report(**changes: object) -> Report:
    base = Report(
        name="things",
        format=Format.RECORDS,
        domain="test",
        description="Things.",
        permit="Reporting:Api:Report:Things",
        cost=1,
        keys=("id",),
        fields=(Field("id", INT, "ID.", True), Field("loyalty_club_id", INT, "Tenant.")),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "Things"}, "snake_case"),
        ({"permit": "Things"}, "must start with"),
        ({"cost": 0}, "positive"),
        ({"description": " "}, "description"),
        ({"tenant_field": "community_id"}, "tenant field"),
        ({"fields": (Field("loyalty_club_id", INT, "T."),), "keys": ("nope",)}, "key 'nope'"),
        (
            {
                "fields": (
                    Field("id", INT, "ID.", True),
                    Field("id", INT, "ID."),
                    Field("loyalty_club_id", INT, "T."),
                )
            },
            "listed twice",
        ),
        (
            {"fields": (Field("id", INT, "ID.", True), Field("loyalty_club_id", INT, "T.", True))},
            "X-Customer",
        ),
        ({"aggregations": (Aggregation("total_x", (), "d", True),)}, "twin of 'x'"),
        ({"aggregations": (Aggregation("by_x", ("x",), "d"),)}, "key 'x' is not a field"),
        ({"format": Format.TIMESERIES}, "intervals belong to timeseries"),
    ],
)
def test_catalog_mistakes_fail_at_startup_saying_where(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(CatalogError, match=message) as raised:
        validate([_report(**changes)])
    assert "things" in str(raised.value).lower()


def test_a_report_name_can_be_used_once() -> None:
    with pytest.raises(CatalogError, match="defined twice"):
        validate([_report(), _report()])
