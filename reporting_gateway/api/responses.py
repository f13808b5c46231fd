"""GraphQL results and errors → JSON. Every error carries `extensions.code`; none a traceback."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import orjson
from graphql import GraphQLError
from starlette.responses import Response

from reporting_gateway.api.media import JSON
from reporting_gateway.errors import ErrorCode, GatewayError

log = logging.getLogger("reporting_gateway.errors")


def error_payload(
    error: GraphQLError | GatewayError,
    *,
    default_code: ErrorCode,
    production: bool,
    request_id: str,
) -> dict[str, Any]:
    original = error.original_error if isinstance(error, GraphQLError) else error
    while isinstance(original, GraphQLError) and original.original_error is not None:
        original = original.original_error
    if isinstance(original, GatewayError):
        payload: dict[str, Any] = {"message": original.message, "extensions": original.extensions()}
    elif original is None or isinstance(original, GraphQLError):
        payload = {
            "message": error.message if isinstance(error, GraphQLError) else str(error),
            "extensions": {"code": default_code.value},
        }
    else:
        log.error("internal error in request %s", request_id, exc_info=original)
        message = (
            f"Internal error; quote request id {request_id} to the operator."
            if production
            else f"Internal error ({_summary(original)}); request id {request_id}."
        )
        payload = {"message": message, "extensions": {"code": ErrorCode.INTERNAL.value}}
    if isinstance(error, GraphQLError):
        if error.locations:
            payload["locations"] = [
                {"line": loc.line, "column": loc.column} for loc in error.locations
            ]
        if error.path:
            payload["path"] = list(error.path)
    payload["extensions"]["requestId"] = request_id
    return payload


def _summary(error: BaseException) -> str:
    """For developers: the exception's type and the first line of its message, cut short
    (a database error's message would quote the whole statement and its parameters)."""
    cause = getattr(error, "orig", None) or error  # SQLAlchemy's wrapper → the driver's error
    first = (str(cause).strip().splitlines() or [""])[0]
    return f"{type(cause).__name__}: {first[:200]}{'…' if len(first) > 200 else ''}"


def json_response(
    body: dict[str, Any],
    status: int = 200,
    headers: dict[str, str] | None = None,
    media_type: str = JSON,
) -> Response:
    return Response(
        orjson.dumps(body, option=orjson.OPT_NON_STR_KEYS),
        status_code=status,
        media_type=media_type,
        headers=headers,
    )


def rejection(
    code: ErrorCode,
    errors: Iterable[GraphQLError | GatewayError],
    *,
    production: bool,
    request_id: str,
    headers: dict[str, str] | None = None,
    extensions: dict[str, Any] | None = None,
    status: int | None = None,
) -> Response:
    """A whole-request rejection: HTTP status from the error code, GraphQL-shaped body."""
    body: dict[str, Any] = {
        "errors": [
            error_payload(e, default_code=code, production=production, request_id=request_id)
            for e in errors
        ]
    }
    if extensions:
        body["extensions"] = extensions
    return json_response(body, status or code.status, headers)
