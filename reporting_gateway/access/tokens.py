"""Authentication: the token from `X-Client-Authorization` (spec) or `Authorization: Bearer`."""

from __future__ import annotations

from starlette.datastructures import Headers

from reporting_gateway.errors import ErrorCode, GatewayError
from reporting_gateway.storage.state.credentials import Credential, Credentials

CHALLENGE = {"WWW-Authenticate": 'Bearer realm="reporting-gateway"'}


def token_from(headers: Headers) -> str | None:
    client = headers.get("x-client-authorization", "").strip()
    if client:
        return client
    scheme, _, token = headers.get("authorization", "").strip().partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


async def authenticate(credentials: Credentials, headers: Headers) -> Credential:
    token = token_from(headers)
    if token is None:
        raise GatewayError(
            ErrorCode.UNAUTHENTICATED,
            "Send a client token: X-Client-Authorization: <token> "
            "(or Authorization: Bearer <token>).",
            headers=CHALLENGE,
        )
    credential = await credentials.find(token)
    if credential is None:
        raise GatewayError(
            ErrorCode.UNAUTHENTICATED,
            "The client token is unknown or was revoked.",
            hint="Ask the operator for a token (reporting-gateway tokens create).",
            headers=CHALLENGE,
        )
    return credential
