"""Records plans are shared by every request of one shape; values travel as parameters.

A kept statement must never answer with another request's values: each test runs requests
of one shape one after the other and checks every answer against the independent rows.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from reporting_gateway.catalog import CATALOG
from reporting_gateway.geo.catalog import PLACES
from reporting_gateway.query import Condition, FilterNode, Logical, Near, RecordsQuery
from reporting_gateway.storage.facts.sources import SOURCES
from reporting_gateway.storage.statements import records
from reporting_gateway.storage.statements.records import plan_records
from reporting_gateway.storage.store import Store
from tests import expected, factories
from tests.factories import T0
from tests.geo.test_places_api import haversine_km
from tests.helpers import pick, scope, walk

MEMBERS = CATALOG["members"]


def _members(filter: FilterNode | None = None, *ids: int, **kw: Any) -> RecordsQuery:
    return RecordsQuery(MEMBERS, scope(*(ids or (101,))), first=5, filter=filter, **kw)


def _plan(query: RecordsQuery) -> records.RecordsPlan:
    return plan_records(query, SOURCES[query.report.name])[0]


def test_one_shape_builds_its_statements_once() -> None:
    female, male = (Condition("gender", "equal", g) for g in ("female", "male"))
    first, second = _plan(_members(female)), _plan(_members(male, 102))
    assert second is first
    assert plan_records(_members(male, 102), SOURCES["members"])[1]["rg_customer"] == 102


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (_members(), _members(None, 101, 102)),  # one customer, or an IN list
        (_members(), _members(after=(1, 2))),
        (_members(), _members(with_total_count=True)),
        (_members(), _members(fields=frozenset({"id"}))),
        (_members(Condition("gender", "equal", "x")), _members(Condition("gender", "in", ["x"]))),
        (_members(Condition("gender", "equal", "x")), _members(Condition("id", "equal", 1))),
        (_members(Condition("gender", "equal", "x")), _members(Condition("gender", "equal", None))),
        (_members(Condition("id", "equal", 1)), _members(Condition("id", "equal", "1"))),
    ],
)
def test_another_shape_has_its_own_statements(one: RecordsQuery, other: RecordsQuery) -> None:
    assert _plan(one) is not _plan(other)


def test_an_array_overlap_is_built_for_each_request() -> None:
    groups = Condition("group_ids", "in", [1])
    assert _plan(_members(groups)) is not _plan(_members(groups))


def test_the_kept_plans_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(records, "PLANS_KEPT", 3)
    monkeypatch.setattr(records, "_plans", {})
    for first in range(1, 10):
        _plan(_members(Logical("and", (Condition("id", "equal", 1),) * first)))
    assert len(records._plans) == 3


@pytest.mark.parametrize("customers", [(101,), (102,), (101, 103), (102, 104)])
@pytest.mark.parametrize("gender", ["female", "male", "other"])
async def test_each_request_of_a_shared_shape_gets_its_own_rows(
    store: Store, customers: tuple[int, ...], gender: str
) -> None:
    young = Logical(
        "and",
        (
            Condition("gender", "in", [gender, "nobody"]),
            Condition("created_at", "greater_or_equal_to", T0 - timedelta(days=400)),
        ),
    )
    want = expected.members(
        customers, lambda r: r["gender"] == gender and r["created_at"] >= T0 - timedelta(days=400)
    )
    got = await walk(store, "members", customers, first=2, filter=young)
    assert pick(got, ["id", "community_id", "gender"]) == pick(
        want, ["id", "community_id", "gender"]
    )


@pytest.mark.parametrize("centre", [(52.2297, 21.0122), (40.7128, -74.006)])
@pytest.mark.parametrize("radius_km", [100.0, 300.0, 10_000.0])
async def test_near_points_and_radii_are_parameters_of_one_plan(
    store: Store, centre: tuple[float, float], radius_km: float
) -> None:
    places, customers = PLACES, (101, 102, 103)
    query = RecordsQuery(places, scope(*customers), first=1000, near=Near(*centre, radius_km))
    page = await store.records(query)
    want = sorted(
        (haversine_km(*centre, p["latitude"], p["longitude"]), p["customer_id"], p["id"])
        for p in factories.PLACES
        if p["customer_id"] in customers
    )
    want = [w for w in want if w[0] <= radius_km]
    tenant = places.tenant_field
    assert [(getattr(r, tenant), r.id) for r in page.rows] == [(c, i) for _, c, i in want]
    assert [r.distance_km for r in page.rows] == pytest.approx([d for d, _, _ in want], rel=1e-9)
