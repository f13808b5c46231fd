"""Running an export: pages read from one snapshot, appended to a file, checkpointed.

The order of each step is what makes a job survive `kill -9`: a page is appended and
fsync'ed, and only then is its keyset position recorded with the file's new length. A
restarted job truncates the file to the recorded length (dropping a page written but not
recorded) and continues after the recorded key, so no row is lost or written twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncGenerator, Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from reporting_gateway.access.limiter import Limiter
from reporting_gateway.errors import ErrorCode, GatewayError
from reporting_gateway.exports.spec import ExportSpec, build_query, scope_of
from reporting_gateway.exports.writers import Writer, series_rows
from reporting_gateway.ops import metrics
from reporting_gateway.query import RecordsQuery, ReportQuery, TimeseriesQuery
from reporting_gateway.resolvers.context import RequestContext
from reporting_gateway.resolvers.series import shape_statistics, shape_timeseries
from reporting_gateway.settings import Settings
from reporting_gateway.storage.state.export_jobs import DONE, FAILED, RATE_LIMITED, ExportJobs
from reporting_gateway.storage.store import Store

log = logging.getLogger("reporting_gateway.exports")

Admit = Callable[[], Awaitable[None]]


@dataclass(frozen=True)
class Page:
    data: bytes
    rows: int
    after: tuple[Any, ...] | None  # where the next page starts; None once everything is written
    total: int | None  # rows expected, when known


class RateLimitedExport(Exception):
    pass


async def pages(
    store: Store, query: ReportQuery, writer: Writer, after: tuple[Any, ...] | None, admit: Admit
) -> AsyncGenerator[Page, None]:
    """The export's pages from `after` on; `admit` runs (and may refuse) before each one.
    Callers close it (`contextlib.aclosing`): a records export reads ahead."""
    if isinstance(query, RecordsQuery):
        # Closed with this generator, not whenever the collector gets to it: its read ahead
        # must be cancelled before the snapshot's connection is rolled back and returned.
        async with contextlib.aclosing(_record_pages(store, query, writer, after, admit)) as read:
            async for page in read:
                yield page
        return
    await admit()
    keys = writer.names[: -3 if isinstance(query, TimeseriesQuery) else -1]
    if isinstance(query, TimeseriesQuery):
        data = await store.timeseries(query)
        # An export holds every value: the answer's 1000-value cut is for the GraphQL answer.
        result: Any = shape_timeseries(
            query.report, query.scope, query.plan, data, query.fill_gaps, max_points=None
        )
    else:
        timezones = query.scope.timezones
        timezone = next(iter(timezones)) if len(timezones) == 1 else "local"
        result = shape_statistics(query.report, await store.statistics(query), timezone)
    rows = list(series_rows(result, keys))
    yield Page(writer.rows(rows, dict.get), len(rows), None, len(rows))


async def _record_pages(
    store: Store, query: RecordsQuery, writer: Writer, after: tuple[Any, ...] | None, admit: Admit
) -> AsyncGenerator[Page, None]:
    """Keyset pages, the next one read while this one is encoded and written: the database
    (or SQLite's thread) works while this process formats. A page is admitted before it is
    read; a refusal surfaces after the pages before it are out, as it did without reading
    ahead, so a rate-limited export keeps everything it was charged for."""
    await admit()
    reading = asyncio.ensure_future(
        store.records(replace(query, after=after, with_total_count=after is None))
    )
    try:
        while True:
            page = await reading
            after = page.key(page.rows[-1]) if page.rows else after
            refused: RateLimitedExport | None = None
            if page.has_next_page:
                try:
                    await admit()
                except RateLimitedExport as stop:
                    refused = stop
                else:
                    reading = asyncio.ensure_future(
                        store.records(replace(query, after=after, with_total_count=False))
                    )
            yield Page(
                writer.rows(page.rows),
                len(page.rows),
                after if page.has_next_page else None,
                page.total_count,
            )
            if refused is not None:
                raise refused
            if not page.has_next_page:
                return
    finally:
        if not reading.done():
            reading.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await reading  # the snapshot's connection is free before it closes


def _append(handle: BinaryIO, data: bytes) -> int:
    handle.write(data)
    handle.flush()
    os.fsync(handle.fileno())
    return handle.tell()


class JobRunner:
    """Runs export jobs from the store, one page and one checkpoint at a time."""

    def __init__(
        self,
        store: Store,
        jobs: ExportJobs,
        limiter: Limiter | None,
        settings: Settings,
        owner: str,
    ) -> None:
        self.store = store
        self.jobs = jobs
        self.limiter = limiter
        self.settings = settings
        self.owner = owner
        self.directory = Path(settings.export_dir)

    def path(self, job_id: str, format: str) -> Path:
        return self.directory / f"{job_id}.{format}"

    async def run(self, job_id: str) -> None:
        lease = self.settings.export_lease_seconds
        if not await self.jobs.lease(job_id, self.owner, self._now(), lease):
            return  # another worker has it
        job = await self.jobs.get(job_id)
        assert job is not None
        try:
            spec = ExportSpec.from_json(job.spec)
            context = RequestContext(
                self.store, self.settings, scope_of(spec, await self.store.customers())
            )
            query = build_query(spec, context)
            writer = Writer.for_query(query, spec.format)
            handle = await asyncio.to_thread(
                self._open, self.path(job.id, spec.format), job.bytes_written
            )
            with handle:
                written = job.bytes_written or await asyncio.to_thread(
                    _append, handle, writer.header()
                )
                progress = {
                    "rows": job.rows_written,
                    "pages": job.pages_written,
                    "expected": job.rows_expected,
                }

                async def admit() -> None:
                    await self._charge(job.bucket, job.page_cost)

                after = tuple(job.checkpoint) if job.checkpoint is not None else None
                async with (
                    self.store.snapshot(),
                    contextlib.aclosing(pages(self.store, query, writer, after, admit)) as stream,
                ):
                    async for page in stream:
                        written = await asyncio.to_thread(_append, handle, page.data)
                        progress["rows"] = int(progress["rows"] or 0) + page.rows
                        metrics.EXPORT_ROWS.inc(page.rows)
                        progress["pages"] = int(progress["pages"] or 0) + 1
                        progress["expected"] = (
                            page.total if page.total is not None else progress["expected"]
                        )
                        if not await self.jobs.checkpoint(
                            job.id,
                            self.owner,
                            self._now(),
                            lease,
                            rows_written=progress["rows"],
                            pages_written=progress["pages"],
                            rows_expected=progress["expected"],
                            bytes_written=written,
                            checkpoint=list(page.after) if page.after is not None else None,
                        ):
                            return  # the lease was taken over: the other worker continues
            now = self._now()
            expires = now + timedelta(hours=self.settings.export_ttl_hours)
            await self.jobs.finish(
                job.id, self.owner, now, DONE, finished_at=now, expires_at=expires
            )
            metrics.EXPORT_JOBS.labels("done").inc()
        except RateLimitedExport as stop:
            await self.jobs.finish(job.id, self.owner, self._now(), RATE_LIMITED, error=str(stop))
            metrics.EXPORT_JOBS.labels("rate_limited").inc()
        except GatewayError as error:
            await self.jobs.finish(
                job.id, self.owner, self._now(), FAILED, error=error.message[:1000]
            )
            metrics.EXPORT_JOBS.labels("failed").inc()
        except Exception:
            log.exception("export %s failed", job.id)
            metrics.EXPORT_JOBS.labels("failed").inc()
            await self.jobs.finish(
                job.id,
                self.owner,
                self._now(),
                FAILED,
                error=f"Internal error; quote export id {job.id} to the operator. "
                "Resume with resumeExport.",
            )

    def _open(self, path: Path, length: int) -> BinaryIO:
        """The job's file, cut back to what the last checkpoint recorded."""
        self.directory.mkdir(parents=True, exist_ok=True)
        path.touch()
        handle = path.open("r+b")
        handle.truncate(length)  # drop a page written but never recorded
        handle.seek(length)
        return handle

    async def _charge(self, bucket: str, cost: int) -> None:
        if self.limiter is None:
            return
        charge = await self.limiter.charge(bucket, cost)
        if not charge.admitted:
            raise RateLimitedExport(
                f"The {bucket} bucket ran dry; the export stopped after its last complete page. "
                f"Resume it with resumeExport in about {charge.retry_after} s."
            )

    def _now(self) -> datetime:
        return self.store.clock()


async def export_to_file(
    store: Store,
    query: ReportQuery,
    writer: Writer,
    path: Path,
    progress: Callable[[int, int | None], None] | None = None,
) -> int:
    """The same pages written straight to a file (the CLI): no job, no rate limit."""

    async def admit() -> None:
        return None

    rows = 0
    with path.open("wb") as handle:
        handle.write(writer.header())
        async with (
            store.snapshot(),
            contextlib.aclosing(pages(store, query, writer, None, admit)) as stream,
        ):
            async for page in stream:
                handle.write(page.data)
                rows += page.rows
                if progress is not None:
                    progress(rows, page.total)
        handle.flush()
        os.fsync(handle.fileno())
    return rows


def not_found(job_id: str) -> GatewayError:
    return GatewayError(ErrorCode.NOT_FOUND, f"No export {job_id!r} for this token.")
