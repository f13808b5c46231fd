"""A real gateway process over a small demo store, for the tests that drive it like a client:
the browser, the Python `gql` client, Prometheus scrapes."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reporting_gateway.catalog.registry import all_permits
from reporting_gateway.storage.engine import create_engine
from reporting_gateway.storage.ingest.demo_data import CUSTOMERS, DemoData, write_demo_data
from reporting_gateway.storage.migrate import migrate
from reporting_gateway.storage.state.credentials import Credentials
from tests.conftest import NOW, TEST_SECRET, require_or_skip
from tests.processes import gateway

ROOT = Path(__file__).parents[2]
DEMO_SCALE = 0.03


@dataclass(frozen=True)
class DemoGateway:
    url: str  # base URL, e.g. http://127.0.0.1:41234
    token: str
    directory: Path
    database_url: str

    def headers(self, customer: str = f"id={CUSTOMERS[0].id}") -> dict[str, str]:
        return {"X-Client-Authorization": self.token, "X-Customer": customer}


@pytest.fixture(scope="package")
async def demo_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    directory = tmp_path_factory.mktemp("demo")
    url = f"sqlite+aiosqlite:///{directory / 'demo.db'}"
    engine = create_engine(url)
    try:
        await migrate(engine)
        await write_demo_data(engine, DemoData(scale=DEMO_SCALE, seed=7))
        token, _ = await Credentials(engine).create(
            name="clients", permits=all_permits(), customers=None, organization="demo", now=NOW
        )
    finally:
        await engine.dispose()
    return directory, url, token


@pytest.fixture(scope="package")
async def demo_gateway(demo_store: tuple[Path, str, str]) -> AsyncIterator[DemoGateway]:
    directory, url, token = demo_store
    environment = {
        "REPORTING_DATABASE_URL": url,
        "REPORTING_SECRET": TEST_SECRET,
        "REPORTING_RATE_LIMIT_CAPACITY": "100000",
        "REPORTING_LOG_LEVEL": "warning",
        "REPORTING_EXPLORER_ASSETS": "auto",
    }
    async with gateway(environment, directory) as base:
        yield DemoGateway(base, token, directory, url)


def require_npm_install(folder: str) -> Path:
    """The npm package under clients/, installed by `make test` (npm ci from its lockfile)."""
    path = ROOT / "clients" / folder
    if shutil.which("npm") is None or shutil.which("node") is None:
        require_or_skip("node and npm are not installed: the npm clients cannot be checked")
    if not (path / "node_modules" / ".package-lock.json").exists():
        require_or_skip(f"clients/{folder} is not installed: run `make clients` (npm ci)")
    return path
