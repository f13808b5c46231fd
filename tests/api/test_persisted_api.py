"""Persisted queries: Apollo's automatic protocol (in the process or shared through Redis)
and trusted documents, where only a manifest's operations run."""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any

import httpx
import pytest

from reporting_gateway.api.persisted import MemoryDocuments, sha256
from reporting_gateway.server import create_app
from reporting_gateway.storage.store import Store
from tests.conftest import make_settings, serve

QUERY = "query Members { members(first: 2) { nodes { id } } }"
GR = "application/graphql-response+json"


def reference(query: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha256(query)}}


async def post(http: httpx.AsyncClient, body: dict[str, Any], accept: str = GR) -> httpx.Response:
    return await http.post(
        "/graphql", json=body, headers={"X-Customer": "id=101", "Accept": accept}
    )


def code(response: httpx.Response) -> str:
    return str(response.json()["errors"][0]["extensions"]["code"])


async def test_the_automatic_protocol_registers_once_then_runs_by_hash(
    store: Store, token: str
) -> None:
    query = f"{QUERY} # {secrets.token_hex(4)}"  # a text no other test registered
    async with serve(store, token) as http:
        unknown = await post(http, {"extensions": reference(query)})
        assert unknown.status_code == 400 and code(unknown) == "PERSISTED_QUERY_NOT_FOUND"
        assert unknown.json()["errors"][0]["message"] == "PersistedQueryNotFound"
        legacy = await post(http, {"extensions": reference(query)}, accept="application/json")
        assert legacy.status_code == 200 and code(legacy) == "PERSISTED_QUERY_NOT_FOUND"
        registered = await post(http, {"query": query, "extensions": reference(query)})
        assert registered.status_code == 200, registered.text
        by_hash = await post(http, {"extensions": reference(query)})
        assert by_hash.json()["data"] == registered.json()["data"]
        got = await http.get(
            "/graphql",
            params={"extensions": json.dumps(reference(query))},
            headers={"X-Customer": "id=101"},
        )
        assert got.status_code == 200 and got.json()["data"] == registered.json()["data"]
        assert "etag" in got.headers  # a GET by hash is cacheable


@pytest.mark.parametrize(
    "extensions",
    [
        {"persistedQuery": {"version": 1, "sha256Hash": "0" * 64}},  # not the query's hash
        {"persistedQuery": {"version": 2, "sha256Hash": sha256(QUERY)}},
        {"persistedQuery": {"version": 1, "sha256Hash": "xyz"}},
        {"persistedQuery": "yes"},
    ],
)
async def test_a_wrong_reference_is_a_malformed_request(
    client: httpx.AsyncClient, extensions: dict[str, Any]
) -> None:
    response = await post(client, {"query": QUERY, "extensions": extensions})
    assert response.status_code == 400 and code(response) == "BAD_REQUEST"
    legacy = await post(client, {"query": QUERY, "extensions": extensions}, "application/json")
    assert legacy.status_code == 400


async def test_the_store_of_a_process_is_bounded_least_recently_used_first() -> None:
    documents = MemoryDocuments(size=2)
    for name in ("a", "b"):
        await documents.put(name, f"query {name}")
    assert await documents.get("a") == "query a"  # now b is the oldest
    await documents.put("c", "query c")
    assert await documents.get("b") is None
    assert await documents.get("a") == "query a" and await documents.get("c") == "query c"


async def test_with_redis_every_process_knows_what_one_learned(
    store: Store, token: str, redis_url: str
) -> None:
    prefix = f"rg:test:{secrets.token_hex(4)}:"
    query = f"{QUERY} # {secrets.token_hex(4)}"
    async with serve(store, token, redis_url=redis_url, redis_key_prefix=prefix) as one:
        assert (
            await post(one, {"query": query, "extensions": reference(query)})
        ).status_code == 200
    async with serve(store, token, redis_url=redis_url, redis_key_prefix=prefix) as other:
        by_hash = await post(other, {"extensions": reference(query)})
        assert by_hash.status_code == 200, by_hash.text
        assert by_hash.json()["data"]["members"]["nodes"]


def manifests(folder: Path, documents: list[str]) -> list[Path]:
    codegen = folder / "persisted-documents.json"
    codegen.write_text(json.dumps({sha256(d): d for d in documents}))
    apollo = folder / "persisted-query-manifest.json"
    apollo.write_text(
        json.dumps(
            {
                "format": "apollo-persisted-query-manifest",
                "version": 1,
                "operations": [
                    {"id": sha256(d), "name": "Members", "type": "query", "body": d}
                    for d in documents
                ],
            }
        )
    )
    return [codegen, apollo]


@pytest.mark.parametrize("kind", ["codegen", "apollo"])
async def test_trusted_documents_admit_only_the_manifests_operations(
    store: Store, token: str, tmp_path: Path, kind: str
) -> None:
    manifest = manifests(tmp_path, [QUERY])[0 if kind == "codegen" else 1]
    async with serve(store, token, trusted_documents=str(manifest)) as http:
        by_hash = await post(http, {"extensions": reference(QUERY)})
        assert by_hash.status_code == 200, by_hash.text
        by_text = await post(http, {"query": QUERY})
        assert by_text.json()["data"] == by_hash.json()["data"]
        other = await post(http, {"query": "{ __typename }"})
        assert other.status_code == 403 and code(other) == "UNTRUSTED_OPERATION"
        learning = await post(
            http, {"query": "{ __typename }", "extensions": reference("{ __typename }")}
        )
        assert code(learning) == "UNTRUSTED_OPERATION"  # nothing is learned from requests
        unknown = await post(http, {"extensions": reference("{ __typename }")})
        assert code(unknown) == "PERSISTED_QUERY_NOT_FOUND"
        mismatched = await post(http, {"query": "{ __typename }", "extensions": reference(QUERY)})
        assert mismatched.status_code == 400 and code(mismatched) == "BAD_REQUEST"


def test_a_manifest_whose_hashes_do_not_match_is_refused_at_start(tmp_path: Path) -> None:
    bad = tmp_path / "persisted-documents.json"
    bad.write_text(json.dumps({"0" * 64: QUERY}))
    with pytest.raises(ValueError, match="is not the SHA-256 of its document"):
        create_app(make_settings(trusted_documents=str(bad)))
    with pytest.raises(ValueError, match="cannot read"):
        create_app(make_settings(trusted_documents=str(tmp_path / "missing.json")))
