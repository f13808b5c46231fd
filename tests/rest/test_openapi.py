"""openapi.json: generated from the catalog, committed, served, and true of the running API
(schemathesis fuzzes every operation from it: no 500, every answer as documented)."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import httpx

from reporting_gateway.catalog import CATALOG
from reporting_gateway.rest.openapi import openapi_json
from reporting_gateway.storage.store import Store
from tests import processes
from tests.conftest import serve

ROOT = Path(__file__).parents[2]
FUZZ_EXAMPLES = 25  # per operation: a bounded run inside make test
# Schemathesis's coverage phase (every boundary of every schema, ~14,000 cases, ~75 s) runs
# when asked: REPORTING_TEST_SCHEMATHESIS_PHASES=examples,coverage,fuzzing,stateful.
PHASES = os.environ.get("REPORTING_TEST_SCHEMATHESIS_PHASES", "examples,fuzzing,stateful")


def test_openapi_json_is_up_to_date() -> None:
    committed = (ROOT / "openapi.json").read_text()
    assert committed == openapi_json(CATALOG), "openapi.json is stale: run `make schema`"


def test_every_report_has_its_own_request_and_answer() -> None:
    document = (ROOT / "openapi.json").read_text()
    for name in CATALOG:
        pascal = "".join(part.capitalize() for part in name.split("_"))
        assert f'"{pascal}Query"' in document and f'"{pascal}Answer"' in document


async def test_the_document_is_served(store: Store, token: str) -> None:
    async with serve(store, token) as http:
        response = await http.get("/v1/openapi.json")
    assert response.status_code == 200
    assert response.text == openapi_json(CATALOG)


async def test_schemathesis_finds_nothing(tmp_path: Path, backend: str) -> None:
    """Random bodies and headers from the document, against a real server over a socket."""
    if backend != "sqlite":  # one run is enough: the contract does not depend on the backend
        return
    environment, token = await processes.shared_store(tmp_path, "fuzz")
    environment = {**environment, "REPORTING_RATE_LIMIT_CAPACITY": "1000000000"}
    async with processes.gateway(environment, tmp_path) as base:
        async with httpx.AsyncClient() as http:
            assert (await http.get(f"{base}/v1/openapi.json")).status_code == 200
        run = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "schemathesis.cli", "run", f"{base}/v1/openapi.json",
            "--header", f"X-Client-Authorization: {token}",
            "--header", "X-Customer: id=101",
            "--checks", "not_a_server_error,response_schema_conformance,"
            "status_code_conformance,content_type_conformance",
            "--max-examples", str(FUZZ_EXAMPLES),
            "--phases", PHASES,
            "--seed", "17",
            "--generation-deterministic",
            "--no-color",
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            cwd=tmp_path,
        )  # fmt: skip
        output, _ = await run.communicate()
    assert run.returncode == 0, output.decode()[-6000:]


async def test_swagger_ui_is_served_in_development_from_local_assets(
    store: Store, token: str
) -> None:
    async with serve(store, token) as http:
        page = await http.get("/v1/docs")
        assert page.status_code == 200 and "/v1/openapi.json" in page.text
        if "/graphiql/assets/swagger-ui.js" in page.text:  # npm installed the explorer's assets
            script = await http.get("/graphiql/assets/swagger-ui.js")
            assert script.status_code == 200 and "SwaggerUIBundle" in script.text
        else:
            assert "https://unpkg.com/swagger-ui-dist@5.35.0/" in page.text
    async with serve(store, token, env="production", secret="x" * 40) as http:
        assert (await http.get("/v1/docs")).status_code == 404
