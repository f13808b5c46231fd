"""Guards of the exports that nothing else holds: each test fails when its guard goes."""

from __future__ import annotations

from pathlib import Path

import httpx

from reporting_gateway.storage.store import Store
from tests.conftest import serve
from tests.exports.test_exports_api import JOB, create
from tests.helpers import data


async def test_a_job_that_is_not_done_cannot_be_downloaded_even_with_its_file_there(
    store: Store, token: str, tmp_path: Path
) -> None:
    """The DONE check is the only thing between a client and a half-written file."""
    async with serve(store, token, rate_limit_capacity=10**9, export_dir=str(tmp_path)) as http:
        job_id = await create(http, "exportRecords(report: SENDINGS, format: CSV, pageSize: 3)")
        runner = http.app.state.export_worker.runner  # type: ignore[attr-defined]
        runner.path(job_id, "csv").write_text("half,written\n")  # as a running job leaves it
        job = (await data(http, JOB, {"id": job_id}))["exportJob"]
        assert job["status"] == "QUEUED" and job["downloadUrl"] is None
        response = await http.get(f"/exports/{job_id}")
        assert response.status_code == 404
        assert b"half" not in response.content


async def test_with_exports_off_no_worker_runs_and_jobs_wait(
    store: Store, token: str, tmp_path: Path
) -> None:
    async with serve(store, token, exports=False, export_dir=str(tmp_path)) as http:
        assert http.app.state.export_worker is None  # type: ignore[attr-defined]
        job_id = await create(http, "exportRecords(report: SENDINGS, format: CSV)")
        job = (await data(http, JOB, {"id": job_id}))["exportJob"]
        assert job["status"] == "QUEUED"
        assert not runner_files(tmp_path)


async def test_an_export_job_is_visible_only_to_its_token(
    store: Store, token: str, tmp_path: Path
) -> None:
    async with serve(store, token, rate_limit_capacity=10**9, export_dir=str(tmp_path)) as http:
        job_id = await create(http, "exportRecords(report: SENDINGS, format: CSV)")
        anonymous = httpx.AsyncClient(transport=http._transport, base_url="http://gateway")
        async with anonymous:
            assert (await anonymous.get(f"/exports/{job_id}")).status_code in (401, 404)


def runner_files(folder: Path) -> list[Path]:
    return list(folder.iterdir())
