"""The background worker: runs queued exports, resumes orphaned ones, expires old files.

One runs in every gateway process; leases in the store keep any job on one worker at a time.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

from reporting_gateway.exports.runner import JobRunner
from reporting_gateway.storage.state.export_jobs import EXPIRED, ExportJobs

log = logging.getLogger("reporting_gateway.exports")


class ExportWorker:
    def __init__(self, runner: JobRunner, jobs: ExportJobs, poll_seconds: float) -> None:
        self.runner = runner
        self.jobs = jobs
        self.poll_seconds = poll_seconds
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._loop(), name="export-worker")

    def wake(self) -> None:
        self._wake.set()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def run_once(self) -> None:
        now = self.runner.store.clock()
        for job_id in await self.jobs.runnable(now):
            await self.runner.run(job_id)
        for job in await self.jobs.expired(now):
            await asyncio.to_thread(
                Path(self.runner.path(job.id, job.format)).unlink, missing_ok=True
            )
            await self.jobs.finish(job.id, None, now, EXPIRED)

    async def _loop(self) -> None:
        while True:
            self._wake.clear()  # before the round: a job created during it wakes the next one
            try:
                await self.run_once()
            except Exception:
                log.exception("export worker round failed; trying again")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self.poll_seconds)
