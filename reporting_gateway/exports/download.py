"""GET /exports/{id}: a finished export's file, streamed to the token that made it.

Any other token, an unknown id and an unfinished job all get the same 404, so an export's
existence is not revealed to anyone else.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from reporting_gateway.access.tokens import authenticate
from reporting_gateway.api.responses import rejection
from reporting_gateway.errors import GatewayError
from reporting_gateway.exports.runner import JobRunner, not_found
from reporting_gateway.exports.service import Exports
from reporting_gateway.exports.writers import MEDIA_TYPES
from reporting_gateway.storage.state.credentials import Credential, Credentials
from reporting_gateway.storage.state.export_jobs import DONE


def download_endpoint(
    credentials: Credentials,
    exports: Exports,
    runner: JobRunner,
    *,
    production: bool,
    anonymous: Credential | None,
) -> Callable[[Request], Awaitable[Response]]:
    async def download(request: Request) -> Response:
        job_id = request.path_params["job_id"]
        try:
            credential = anonymous or await authenticate(credentials, request.headers)
            job = await exports.find(job_id, credential)
            path = runner.path(job_id, job.format) if job is not None else None
            if job is None or job.status != DONE or path is None or not path.exists():
                raise not_found(job_id)
        except GatewayError as error:
            return rejection(
                error.code, [error], production=production, request_id=job_id, headers=error.headers
            )
        return FileResponse(
            path, media_type=MEDIA_TYPES[job.format], filename=f"{job.report}-{job.id}.{job.format}"
        )

    return download
