"""Every error the gateway answers with, in one place.

A client sees `extensions.code` (one of `ErrorCode`), a message that names what was wrong
and, where it helps, `details` (the invalid parameters, shaped like the request) and a
`hint` saying what to do. `docs/errors.md` has one section per code.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    """Value: the code string. `status`: the HTTP status of a whole-request rejection."""

    status: int

    def __new__(cls, value: str, status: int) -> ErrorCode:
        member = str.__new__(cls, value)
        member._value_ = value
        member.status = status
        return member

    GRAPHQL_PARSE_FAILED = ("GRAPHQL_PARSE_FAILED", 400)
    GRAPHQL_VALIDATION_FAILED = ("GRAPHQL_VALIDATION_FAILED", 400)
    BAD_REQUEST = ("BAD_REQUEST", 422)
    BAD_FILTER = ("BAD_FILTER", 422)
    PERSISTED_QUERY_NOT_FOUND = ("PERSISTED_QUERY_NOT_FOUND", 400)
    INVALID_CURSOR = ("INVALID_CURSOR", 422)
    TOO_MANY_BUCKETS = ("TOO_MANY_BUCKETS", 422)
    QUERY_TOO_COMPLEX = ("QUERY_TOO_COMPLEX", 400)
    UNAUTHENTICATED = ("UNAUTHENTICATED", 401)
    FORBIDDEN = ("FORBIDDEN", 403)
    UNTRUSTED_OPERATION = ("UNTRUSTED_OPERATION", 403)
    NOT_FOUND = ("NOT_FOUND", 404)
    METHOD_NOT_ALLOWED = ("METHOD_NOT_ALLOWED", 405)
    NOT_ACCEPTABLE = ("NOT_ACCEPTABLE", 406)
    PAYLOAD_TOO_LARGE = ("PAYLOAD_TOO_LARGE", 413)
    UNSUPPORTED_MEDIA_TYPE = ("UNSUPPORTED_MEDIA_TYPE", 415)
    RATE_LIMITED = ("RATE_LIMITED", 429)
    CUSTOMER_HEADER_MISSING = ("CUSTOMER_HEADER_MISSING", 470)
    CUSTOMER_HEADER_INVALID = ("CUSTOMER_HEADER_INVALID", 471)
    REQUEST_TIMEOUT = ("REQUEST_TIMEOUT", 408)
    INTERNAL = ("INTERNAL", 500)
    OVERLOADED = ("OVERLOADED", 503)
    TIMEOUT = ("TIMEOUT", 504)


class GatewayError(Exception):
    """An error meant for the client: code, message, and optionally details and a hint."""

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        *,
        details: Mapping[str, Any] | None = None,
        hint: str | None = None,
        headers: Mapping[str, str] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        # A status given here is about the HTTP request itself (malformed): it is kept whatever
        # the response's media type; otherwise the code's status applies.
        self.status = status or code.status
        self.http_level = status is not None
        self.message = message
        self.details = dict(details) if details else None
        self.hint = hint
        self.headers = dict(headers) if headers else {}

    def extensions(self) -> dict[str, Any]:
        extensions: dict[str, Any] = {"code": self.code.value}
        if self.details:
            extensions["details"] = self.details
        if self.hint:
            extensions["hint"] = self.hint
        return extensions


def bad_request(message: str, *, path: str | None = None, hint: str | None = None) -> GatewayError:
    """A 422-class error about one argument; `path` goes into `details` like the REST 422."""
    details = {path: message} if path else None
    return GatewayError(ErrorCode.BAD_REQUEST, message, details=details, hint=hint)


def bad_filter(path: str, message: str, *, hint: str | None = None) -> GatewayError:
    return GatewayError(
        ErrorCode.BAD_FILTER, f"{path}: {message}", details={path: message}, hint=hint
    )
