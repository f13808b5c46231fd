"""What the GraphQL layer asks of exports: create a job, find one, resume one, for one token."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from reporting_gateway.access.cost import filter_cost
from reporting_gateway.access.limiter import bucket_name
from reporting_gateway.access.policy import REPORTING
from reporting_gateway.exports.spec import ExportSpec
from reporting_gateway.exports.worker import ExportWorker
from reporting_gateway.ops import metrics
from reporting_gateway.query import ReportQuery
from reporting_gateway.storage.state.credentials import Credential
from reporting_gateway.storage.state.export_jobs import QUEUED, ExportJobs, Job


@dataclass(frozen=True)
class ExportView:
    """A job as its owner sees it."""

    id: str
    report: str
    format: str
    status: str
    tenants: bool
    rows_written: int
    rows_expected: int | None
    pages_written: int
    bytes_written: int
    error: str | None
    download_url: str | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    expires_at: datetime | None

    @property
    def progress(self) -> float | None:
        if self.status == "done":
            return 1.0
        if not self.rows_expected:
            return None
        return min(1.0, self.rows_written / self.rows_expected)

    @classmethod
    def of(cls, job: Job) -> ExportView:
        return cls(
            id=job.id,
            report=job.report,
            format=job.format,
            status=job.status,
            tenants=len(job.spec["customers"]) > 1,
            rows_written=job.rows_written,
            rows_expected=job.rows_expected,
            pages_written=job.pages_written,
            bytes_written=job.bytes_written,
            error=job.error,
            download_url=f"/exports/{job.id}" if job.status == "done" else None,
            created_at=job.created_at,
            updated_at=job.updated_at,
            finished_at=job.finished_at,
            expires_at=job.expires_at,
        )


class Exports:
    def __init__(self, jobs: ExportJobs, worker: ExportWorker | None) -> None:
        self.jobs = jobs
        self.worker = worker

    async def create(
        self, spec: ExportSpec, query: ReportQuery, credential: Credential, now: datetime
    ) -> ExportView:
        """A queued job charged to the owner's reporting bucket page by page (tenants: the
        organization's)."""
        job = Job(
            id=secrets.token_hex(16),
            token_id=credential.id,
            report=spec.report,
            format=spec.format,
            spec=spec.to_json(),
            bucket=bucket_name(REPORTING, spec.customers, credential.organization),
            page_cost=query.report.cost + filter_cost(query.filter),
            status=QUEUED,
            rows_written=0,
            rows_expected=None,
            pages_written=0,
            bytes_written=0,
            checkpoint=None,
            error=None,
            lease_owner=None,
            lease_until=None,
            created_at=now,
            updated_at=now,
            finished_at=None,
            expires_at=None,
        )
        await self.jobs.create(job)
        metrics.EXPORT_JOBS.labels("created").inc()
        if self.worker is not None:
            self.worker.wake()
        return ExportView.of(job)

    async def find(self, job_id: str, credential: Credential) -> Job | None:
        job = await self.jobs.get(job_id)
        return job if job is not None and job.token_id == credential.id else None

    async def resume(self, job_id: str, credential: Credential, now: datetime) -> ExportView | None:
        job = await self.find(job_id, credential)
        if job is None:
            return None
        if await self.jobs.requeue(job.id, now) and self.worker is not None:
            self.worker.wake()
        refreshed = await self.jobs.get(job.id)
        return ExportView.of(refreshed) if refreshed is not None else None
