"""Export jobs in the store: created, leased by one worker at a time, checkpointed, finished.

A lease is a conditional UPDATE: a worker takes a job only if nobody holds it or the holder's
lease ran out (its process died), so gateway processes sharing one database never run a job
twice, and a killed process's jobs are picked up again after `lease_seconds`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from reporting_gateway.storage.state.tables import export_jobs as jobs

QUEUED, RUNNING, RATE_LIMITED, DONE, FAILED, EXPIRED = (
    "queued",
    "running",
    "rate_limited",
    "done",
    "failed",
    "expired",
)
RESUMABLE = (RATE_LIMITED, FAILED)


@dataclass(frozen=True)
class Job:
    id: str
    token_id: int
    report: str
    format: str
    spec: dict[str, Any]
    bucket: str
    page_cost: int
    status: str
    rows_written: int
    rows_expected: int | None
    pages_written: int
    bytes_written: int
    checkpoint: list[Any] | None
    error: str | None
    lease_owner: str | None
    lease_until: datetime | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    expires_at: datetime | None


class ExportJobs:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def create(self, job: Job) -> None:
        async with self.engine.begin() as connection:
            await connection.execute(jobs.insert(), vars(job))

    async def get(self, job_id: str) -> Job | None:
        async with self.engine.connect() as connection:
            row = (await connection.execute(sa.select(jobs).where(jobs.c.id == job_id))).first()
        return Job(**row._mapping) if row is not None else None

    async def runnable(self, now: datetime, limit: int = 10) -> list[str]:
        """Jobs waiting to run, and running jobs whose worker stopped renewing its lease."""
        waiting = sa.or_(
            jobs.c.status == QUEUED,
            sa.and_(jobs.c.status == RUNNING, jobs.c.lease_until < now),
        )
        async with self.engine.connect() as connection:
            rows = await connection.execute(
                sa.select(jobs.c.id).where(waiting).order_by(jobs.c.created_at).limit(limit)
            )
            return list(rows.scalars())

    async def lease(self, job_id: str, owner: str, now: datetime, seconds: float) -> bool:
        free = sa.or_(
            jobs.c.status == QUEUED,
            sa.and_(
                jobs.c.status == RUNNING,
                sa.or_(jobs.c.lease_until < now, jobs.c.lease_owner == owner),
            ),
        )
        values = {
            "status": RUNNING,
            "lease_owner": owner,
            "lease_until": now + timedelta(seconds=seconds),
            "updated_at": now,
        }
        return await self._update(sa.and_(jobs.c.id == job_id, free), values) == 1

    async def checkpoint(
        self, job_id: str, owner: str, now: datetime, seconds: float, **progress: Any
    ) -> bool:
        """Record progress and renew the lease; False if another worker took the job over."""
        values = {**progress, "lease_until": now + timedelta(seconds=seconds), "updated_at": now}
        return (
            await self._update(sa.and_(jobs.c.id == job_id, jobs.c.lease_owner == owner), values)
            == 1
        )

    async def finish(
        self, job_id: str, owner: str | None, now: datetime, status: str, **values: Any
    ) -> None:
        where = (
            jobs.c.id == job_id
            if owner is None
            else sa.and_(jobs.c.id == job_id, jobs.c.lease_owner == owner)
        )
        await self._update(
            where,
            {
                "status": status,
                "lease_owner": None,
                "lease_until": None,
                "updated_at": now,
                **values,
            },
        )

    async def requeue(self, job_id: str, now: datetime) -> bool:
        where = sa.and_(jobs.c.id == job_id, jobs.c.status.in_(RESUMABLE))
        return await self._update(where, {"status": QUEUED, "error": None, "updated_at": now}) == 1

    async def expired(self, now: datetime) -> list[Job]:
        async with self.engine.connect() as connection:
            rows = await connection.execute(
                sa.select(jobs).where(jobs.c.status == DONE, jobs.c.expires_at < now)
            )
            return [Job(**row._mapping) for row in rows]

    async def _update(self, where: Any, values: dict[str, Any]) -> int:
        async with self.engine.begin() as connection:
            result = await connection.execute(jobs.update().where(where).values(**values))
        return int(result.rowcount)
