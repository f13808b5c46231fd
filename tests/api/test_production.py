"""Production mode: internal errors masked (no traceback, SQL or path), introspection and field
suggestions off, the full error kept in the log under the request id the client sees."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest

from reporting_gateway.storage.store import Store
from tests.conftest import serve
from tests.helpers import graphql


class BrokenStore(Store):
    """A store whose records fail the way a database can: with SQL and a file path in the error."""

    async def records(self, query: Any) -> Any:
        raise RuntimeError("SELECT secret FROM members -- /srv/reporting/var/reporting.db")


@pytest.fixture
def broken(store: Store) -> Store:
    return BrokenStore(store.engine, store.signer, clock=store.clock)


@pytest.mark.parametrize("env", ["production", "development"])
async def test_internal_errors_are_internal_and_masked_in_production(
    broken: Store, token: str, env: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, "reporting_gateway")
    async with serve(broken, token, env=env) as http:
        response = await graphql(http, "{ members(first: 1) { nodes { id } } }")
    body = response.json()
    error = body["errors"][0]
    assert error["extensions"]["code"] == "INTERNAL"
    request_id = error["extensions"]["requestId"]
    assert request_id == response.headers["x-request-id"]
    assert "Traceback" not in response.text
    if env == "production":
        assert (
            "SELECT" not in response.text
            and "/srv" not in response.text
            and "RuntimeError" not in response.text
        )
    assert any(request_id in record.getMessage() and record.exc_info for record in caplog.records)


async def test_introspection_is_off_in_production_unless_enabled(store: Store, token: str) -> None:
    async with serve(store, token, env="production") as http:
        response = await graphql(http, "{ __schema { queryType { name } } }")
        assert response.status_code == 400
        assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    async with serve(store, token, env="production", introspection="on") as http:
        assert (await graphql(http, "{ __schema { queryType { name } } }")).status_code == 200


async def test_field_suggestions_are_hidden_in_production(store: Store, token: str) -> None:
    async with serve(store, token) as http:
        development = await graphql(http, "{ membrs { nodes { id } } }")
    async with serve(store, token, env="production") as http:
        production = await graphql(http, "{ membrs { nodes { id } } }")
    assert "Did you mean" in development.text
    assert "Did you mean" not in production.text and production.status_code == 400


async def test_the_explorer_is_not_served_in_production(store: Store, token: str) -> None:
    async with serve(store, token, env="production") as http:
        response = await http.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 400 and "graphiql" not in response.text.lower()


def test_authentication_cannot_be_switched_off_in_production() -> None:
    from tests.conftest import make_settings

    with pytest.raises(ValueError, match="REPORTING_AUTH=false"):
        make_settings(env="production", auth=False).check()


async def test_every_error_code_reachable_over_http_has_a_status(client: httpx.AsyncClient) -> None:
    response = await graphql(client, "{ members(first: 0) { nodes { id } } }")
    assert response.status_code == 422
