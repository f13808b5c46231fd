"""GraphQL over HTTP's two response media types, chosen by the request's `Accept`.

`application/graphql-response+json` (what Apollo Client 4, urql and graphql-request ask for
first) lets the status code say what happened: a request refused before execution is 4xx.
`application/json`, for older clients, `*/*` and a missing `Accept`, answers every
well-formed GraphQL request 200, the code staying in `extensions.code`; only what is about
the HTTP exchange itself keeps its status there (authentication, the rate limit, sizes,
methods, timeouts, an overloaded or failing server), so that proxies and retries still see it.
"""

from __future__ import annotations

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
_AS_JSON = frozenset({JSON, "application/*", "*/*"})
HTTP_LEVEL = frozenset({401, 405, 406, 408, 413, 415, 429, 500, 503, 504})


def negotiate(accept: str | None) -> str | None:
    """The media type to answer in, or None if `accept` admits neither (HTTP 406).

    The highest `q` wins; on a tie graphql-response+json, the spec's own."""
    if accept is None or not accept.strip():
        return JSON
    chosen, best = None, 0.0
    for part in accept.split(","):
        media, *parameters = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        media = media.lower()
        candidate = (
            GRAPHQL_RESPONSE if media == GRAPHQL_RESPONSE else JSON if media in _AS_JSON else None
        )
        if candidate is None or quality <= 0:
            continue
        if quality > best or (quality == best and candidate == GRAPHQL_RESPONSE):
            chosen, best = candidate, quality
    return chosen


def status_for(media: str, status: int) -> int:
    """The HTTP status of a GraphQL response in `media` that the gateway would give `status`."""
    if media == GRAPHQL_RESPONSE or status < 400 or status in HTTP_LEVEL:
        return status
    return 200
