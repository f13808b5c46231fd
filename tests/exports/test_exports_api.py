"""Exports over HTTP: files equal the query's own pages, belong to their token, stop and resume."""

from __future__ import annotations

import csv
import gc
import io
import json
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from reporting_gateway.access.limiter import MemoryLimiter
from reporting_gateway.storage.state.export_jobs import ExportJobs
from reporting_gateway.storage.store import Store
from tests.conftest import create_token, serve
from tests.helpers import data, graphql

JOB = "query($id: ID!) { exportJob(id: $id) { id status tenants rowsWritten rowsExpected pagesWritten progress error downloadUrl } }"


@pytest.fixture
async def http(store: Store, token: str, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with serve(store, token, rate_limit_capacity=10**9, export_dir=str(tmp_path)) as client:
        yield client


async def create(
    http: httpx.AsyncClient,
    mutation: str,
    customer: str = "id=101_103",
    variables: dict[str, Any] | None = None,
) -> str:
    result = await data(
        http, f"mutation {{ job: {mutation} {{ id status }} }}", variables or {}, customer=customer
    )
    assert result["job"]["status"] == "QUEUED"
    return str(result["job"]["id"])


async def finish(http: httpx.AsyncClient, job_id: str) -> dict[str, Any]:
    await http.app.state.export_worker.run_once()  # type: ignore[attr-defined]
    return (await data(http, JOB, {"id": job_id}))["exportJob"]  # type: ignore[no-any-return]


async def download(http: httpx.AsyncClient, job: dict[str, Any]) -> str:
    response = await http.get(job["downloadUrl"])
    assert response.status_code == 200, response.text
    return response.text


def parse(text: str, file_format: str) -> list[dict[str, Any]]:
    if file_format == "JSONL":
        return [json.loads(line) for line in text.splitlines()]
    return list(csv.DictReader(io.StringIO(text)))


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


@pytest.mark.parametrize("file_format", ["CSV", "JSONL"])
async def test_a_records_export_equals_the_query_pages_concatenated(
    http: httpx.AsyncClient, file_format: str
) -> None:
    job_id = await create(
        http, f"exportRecords(report: SENDINGS, format: {file_format}, pageSize: 7)"
    )
    job = await finish(http, job_id)
    assert (job["status"], job["tenants"], job["progress"]) == ("DONE", True, 1.0)
    rows = parse(await download(http, job), file_format)
    fields = "databaseId loyaltyClubId language channel serviceType reportingId sourceId sourceApp sourceType audienceId campaignId dispatchesCount membersCount newCount deliveredCount openedCount failedCount createdAt timeseriesRanges"
    nodes: list[dict[str, Any]] = []
    after = None
    while True:
        page = (
            await data(
                http,
                "query($a: String) { sendings(first: 5, after: $a) { nodes { "
                + fields
                + " } pageInfo { hasNextPage endCursor } } }",
                {"a": after},
                customer="id=101_103",
            )
        )["sendings"]
        nodes += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(rows) == len(nodes) == job["rowsWritten"] == job["rowsExpected"]
    assert job["pagesWritten"] == -(-len(nodes) // 7)
    for row, node in zip(rows, nodes, strict=True):
        for name in fields.split():
            key = (
                "id"
                if name == "databaseId"
                else re.sub("([A-Z])", lambda m: "_" + m.group(1).lower(), name)
            )
            want = node[name]
            if name in ("channel", "serviceType", "language") and want is not None:
                want = want.lower()
            if file_format == "CSV":
                assert row[key] == (as_text(want) if name != "createdAt" else want), (
                    key,
                    row[key],
                    want,
                )
            else:
                assert row[key] == want, key
    assert {int(r["loyalty_club_id"]) for r in rows} == {101, 103}


@pytest.mark.parametrize("file_format", ["CSV", "JSONL"])
async def test_a_timeseries_export_holds_every_data_point_of_the_query(
    http: httpx.AsyncClient, file_format: str
) -> None:
    arguments = 'report: SENDINGS_EVENTS_HISTORY, from: "2026-10-20T00:00:00", to: "2026-11-04T00:00:00", interval: DAY, aggregateBy: "TOTAL_CHANNEL"'
    job = await finish(
        http, await create(http, f"exportTimeseries({arguments}, format: {file_format})")
    )
    rows = parse(await download(http, job), file_format)
    query = '{ sendingsEventsHistory(from: "2026-10-20T00:00:00", to: "2026-11-04T00:00:00", interval: DAY, aggregateBy: TOTAL_CHANNEL) { timeBuckets series { label { eventType channel } values timezone } } }'
    result = (await data(http, query, customer="id=101_103"))["sendingsEventsHistory"]
    want = [
        (s["label"]["eventType"].lower(), s["label"]["channel"].lower(), bucket, value)
        for s in result["series"]
        for bucket, value in zip(result["timeBuckets"], s["values"], strict=True)
        if value is not None
    ]
    got = [(r["event_type"], r["channel"], r["time_bucket"], int(r["value"])) for r in rows]
    assert got == want and got
    assert set(rows[0]) == {
        "event_type",
        "channel",
        "time_bucket",
        "value",
        "timezone",
    }  # no tenant: total_


async def test_a_statistics_export_holds_every_total(http: httpx.AsyncClient) -> None:
    job = await finish(
        http, await create(http, 'exportStatistics(report: SENDINGS_STATS, aggregateBy: "channel")')
    )
    rows = parse(await download(http, job), "CSV")
    result = (
        await data(
            http,
            "{ sendingsStats(aggregateBy: CHANNEL) { series { label { loyaltyClubId eventType channel } value } } }",
            customer="id=101_103",
        )
    )["sendingsStats"]
    want = [
        (
            s["label"]["loyaltyClubId"],
            s["label"]["eventType"].lower(),
            s["label"]["channel"].lower(),
            s["value"],
        )
        for s in result["series"]
    ]
    assert [
        (int(r["loyalty_club_id"]), r["event_type"], r["channel"], int(r["value"])) for r in rows
    ] == want


async def test_export_arguments_are_checked_like_the_query_before_anything_runs(
    http: httpx.AsyncClient,
) -> None:
    cases = {
        "exportRecords(report: SENDINGS_STATS)": "exportStatistics",
        'exportRecords(report: SENDINGS, filterTree: {type: "equal", field: "nope", value: 1})': "not filterable",
        'exportRecords(report: MEMBERS_COUNT, aggregateBy: "NOPE")': "no aggregation",
        'exportTimeseries(report: SENDINGS_RECIPIENTS_STATISTICS, from: "2026-11-05T00:00:00Z", to: "2026-11-05T01:00:00Z", interval: FIVE_MINUTES)': "offers the intervals",
        'exportTimeseries(report: SENDINGS_EVENTS_HISTORY, from: "2026-01-01T00:00:00", to: "2026-11-01T00:00:00", interval: DAY)': "150 buckets",
        "exportRecords(report: SENDINGS, pageSize: 10001)": "pageSize",
    }
    for mutation, words in cases.items():
        response = await graphql(http, f"mutation {{ {mutation} {{ id }} }}")
        assert response.status_code == 422, (mutation, response.text)
        assert words in response.json()["errors"][0]["message"], mutation


async def test_only_the_owner_sees_resumes_and_downloads_an_export(
    http: httpx.AsyncClient, store: Store
) -> None:
    job = await finish(http, await create(http, "exportRecords(report: OFFERS)"))
    other = await create_token(store, name="someone-else")
    headers = {"X-Client-Authorization": other}
    assert (await http.get(job["downloadUrl"], headers=headers)).status_code == 404
    seen = await graphql(http, JOB, {"id": job["id"]}, headers=headers)
    assert seen.json()["data"]["exportJob"] is None
    resumed = await graphql(
        http,
        "mutation($id: ID!) { resumeExport(id: $id) { id } }",
        {"id": job["id"]},
        headers=headers,
    )
    assert resumed.json()["data"]["resumeExport"] is None
    assert (await http.get("/exports/" + "0" * 32)).status_code == 404
    assert (
        await http.get(job["downloadUrl"], headers={"X-Client-Authorization": ""})
    ).status_code == 401


async def test_an_export_stops_when_the_bucket_runs_dry_and_resumes_without_gaps(
    store: Store, token: str, tmp_path: Path
) -> None:
    clock = [1_000_000.0]
    limiter = MemoryLimiter(capacity=5, refill_per_second=1, clock=lambda: clock[0])
    async with serve(store, token, limiter=limiter, export_dir=str(tmp_path)) as http:
        job_id = await create(
            http, "exportRecords(report: MEMBERS, pageSize: 4)", customer="id=101"
        )
        # creation 1, then 10 tokens a page: 5 -> 4 -> -6: one page, then the bucket is dry
        stopped = await finish(http, job_id)
        assert stopped["status"] == "RATE_LIMITED" and "resumeExport" in stopped["error"]
        assert stopped["pagesWritten"] == 1 and stopped["rowsWritten"] == 4
        for _ in range(10):
            clock[0] += 20
            await data(
                http, "mutation($id: ID!) { resumeExport(id: $id) { status } }", {"id": job_id}
            )
            job = await finish(http, job_id)
            if job["status"] == "DONE":
                break
        assert job["status"] == "DONE"
        rows = parse(await download(http, job), "CSV")
    ids = [int(r["id"]) for r in rows]
    from tests import expected

    assert ids == [m["id"] for m in expected.members((101,))]


@pytest.fixture(params=["collector on", "collector paused"])
def collector(request: pytest.FixtureRequest) -> Iterator[None]:
    """With the cyclic collector paused, an export's read ahead is stopped only if the export
    closes it itself (a crash's traceback keeps the page generator in a reference cycle)."""
    paused = request.param == "collector paused"
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


@pytest.mark.usefixtures("collector")
async def test_a_crash_between_writing_and_recording_a_page_writes_it_once(
    store: Store, token: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with serve(
        store, token, rate_limit_capacity=10**9, export_dir=str(tmp_path), export_lease_seconds=-1
    ) as http:
        job_id = await create(
            http, "exportRecords(report: MEMBERS, pageSize: 3)", customer="id=101"
        )
        calls = {"n": 0}
        original = ExportJobs.checkpoint

        async def crash_on_third(self: ExportJobs, *args: Any, **kwargs: Any) -> bool:
            calls["n"] += 1
            if calls["n"] == 3:
                raise SystemExit("killed after the page hit the file, before its checkpoint")
            return await original(self, *args, **kwargs)

        monkeypatch.setattr(ExportJobs, "checkpoint", crash_on_third)
        with pytest.raises(SystemExit):
            await http.app.state.export_worker.runner.run(job_id)  # type: ignore[attr-defined]
        monkeypatch.setattr(ExportJobs, "checkpoint", original)
        half = (await data(http, JOB, {"id": job_id}))["exportJob"]
        assert (half["status"], half["rowsWritten"]) == ("RUNNING", 6)  # two pages recorded
        job = await finish(http, job_id)  # its lease has run out: picked up again
        rows = parse(await download(http, job), "CSV")
    from tests import expected

    assert [int(r["id"]) for r in rows] == [m["id"] for m in expected.members((101,))]


async def test_finished_files_expire(store: Store, token: str, tmp_path: Path) -> None:
    async with serve(
        store, token, export_dir=str(tmp_path), export_ttl_hours=-1
    ) as http:  # the store clock stands still
        job_id = await create(http, "exportRecords(report: OFFERS)")
        await http.app.state.export_worker.runner.run(job_id)  # type: ignore[attr-defined]
        job = (await data(http, JOB, {"id": job_id}))["exportJob"]
        assert job["status"] == "DONE"
        url = job["downloadUrl"]
        assert (await http.get(url)).status_code == 200
        await http.app.state.export_worker.run_once()  # type: ignore[attr-defined]
        expired = (await data(http, JOB, {"id": job["id"]}))["exportJob"]
        assert expired["status"] == "EXPIRED" and expired["downloadUrl"] is None
        assert (await http.get(url)).status_code == 404
    assert not any(tmp_path.iterdir())  # noqa: ASYNC240 - a check after the app is gone


async def test_a_mutation_cannot_be_sent_with_get(http: httpx.AsyncClient) -> None:
    response = await http.get(
        "/graphql",
        params={"query": "mutation { exportRecords(report: OFFERS) { id } }"},
        headers={"X-Customer": "id=101"},
    )
    assert response.status_code == 405 and response.headers["allow"] == "POST"
