"""`export<Report>`: each report's export with its own typed filter, aggregation enum and
intervals writes the file the generic mutation writes for the same question."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from reporting_gateway.catalog import CATALOG, QUERY_PERMIT
from reporting_gateway.exports.resolvers import typed_mutation_name
from reporting_gateway.storage.store import Store
from tests.conftest import create_token, serve
from tests.helpers import data, errors

JOB = "query($id: ID!) { exportJob(id: $id) { status downloadUrl rowsWritten } }"
CASES = [
    (
        'exportRecords(report: SENDINGS, filterTree: $t, pageSize: 4) { id }',
        'exportSendings(filter: {channel: {in: [SMS, PUSH]}}, pageSize: 4) { id }',
        {"type": "in", "field": "channel", "value": ["sms", "push"]},
    ),
    (
        'exportTimeseries(report: SENDINGS_EVENTS_HISTORY, from: "2026-10-20T00:00:00", '
        'to: "2026-11-04T00:00:00", interval: DAY, filterTree: $t, aggregateBy: "TOTAL_CHANNEL") '
        "{ id }",
        'exportSendingsEventsHistory(from: "2026-10-20T00:00:00", to: "2026-11-04T00:00:00", '
        "interval: DAY, filter: {eventType: {notEqual: FAILED}}, aggregateBy: TOTAL_CHANNEL) "
        "{ id }",
        {"type": "not_equal", "field": "event_type", "value": "failed"},
    ),
    (
        "exportStatistics(report: SENDINGS_STATS, filterTree: $t, aggregateBy: \"CHANNEL\", "
        'from: "2026-01-01T00:00:00") { id }',
        "exportSendingsStats(filter: {or: [{channel: {equal: SMS}}, {campaignId: {in: [1, 2]}}]}, "
        'aggregateBy: CHANNEL, from: "2026-01-01T00:00:00") { id }',
        {"type": "or", "operations": [
            {"type": "equal", "field": "channel", "value": "sms"},
            {"type": "in", "field": "campaign_id", "value": [1, 2]},
        ]},
    ),
]  # fmt: skip


@pytest.fixture
async def http(store: Store, token: str, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with serve(store, token, rate_limit_capacity=10**9, export_dir=str(tmp_path)) as client:
        yield client


async def _file(http: httpx.AsyncClient, mutation: str, tree: Any = None) -> str:
    variables = "($t: JSON)" if "$t" in mutation else ""
    created = await data(
        http, f"mutation{variables} {{ job: {mutation} }}", {"t": tree}, customer="id=101_103"
    )
    await http.app.state.export_worker.run_once()  # type: ignore[attr-defined]
    job = (await data(http, JOB, {"id": created["job"]["id"]}))["exportJob"]
    assert job["status"] == "DONE" and job["rowsWritten"] > 0, job
    return (await http.get(job["downloadUrl"])).text


@pytest.mark.parametrize(("generic", "typed", "tree"), CASES, ids=["records", "timeseries",
                                                                   "statistics"])  # fmt: skip
async def test_a_typed_export_writes_the_generic_exports_file(
    http: httpx.AsyncClient, generic: str, typed: str, tree: Any
) -> None:
    assert await _file(http, typed) == await _file(http, generic, tree)


def test_every_report_has_its_typed_export() -> None:
    sdl = (Path(__file__).parents[2] / "schema.graphql").read_text()
    for report in CATALOG.values():
        assert f"  {typed_mutation_name(report)}(" in sdl, report.name


async def test_a_typed_filter_error_names_its_typed_path(http: httpx.AsyncClient) -> None:
    status, found = await errors(
        http,
        'mutation { exportSendingsEventsHistory(from: "2026-10-20T00:00:00", '
        'to: "2026-11-04T00:00:00", filter: {and: []}) { id } }',
    )
    assert status == 422 and found[0]["extensions"]["code"] == "BAD_FILTER"
    assert "filter.and" in found[0]["message"]


async def test_a_typed_export_needs_its_reports_permit(store: Store, tmp_path: Path) -> None:
    narrow = await create_token(store, permits=[QUERY_PERMIT], name="narrow-export")
    async with serve(store, narrow, export_dir=str(tmp_path)) as http:
        status, found = await errors(http, "mutation { exportSendings { id } }")
    assert status == 403 and "Reporting:Api:Report:Sendings" in found[0]["message"]
