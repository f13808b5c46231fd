"""The Dockerfile and compose.yaml agree with the code (containers do not run on the machines
that run this suite, so this is what can be checked): every variable they set is a setting with
a valid value, several workers come with Redis, the explorer's files are copied, the health
check asks a route that exists."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from reporting_gateway.settings import ENV_PREFIX, Settings

ROOT = Path(__file__).parents[2]
DOCKERFILE = (ROOT / "Dockerfile").read_text()
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())


def settings_from(variables: dict[str, str], workers: int = 1) -> Settings:
    values = {name.removeprefix(ENV_PREFIX).lower(): value for name, value in variables.items()}
    unknown = set(values) - set(Settings.model_fields)
    assert not unknown, f"not settings: {sorted(unknown)}"
    settings = Settings.isolated(**values, workers=workers)
    settings.check()
    return settings


def dockerfile_environment() -> dict[str, str]:
    block = re.search(r"^ENV (.*?)\n(?!\s)", DOCKERFILE, re.S | re.M)
    assert block
    pairs = re.findall(r"(\w+)=(\S+)", block.group(1))
    return {k: v for k, v in pairs if k.startswith(ENV_PREFIX)}


def test_the_images_settings_are_real_and_valid() -> None:
    settings = settings_from(dockerfile_environment())
    assert settings.production and settings.host == "0.0.0.0"  # noqa: S104 - a container listens on all
    assert "npm run --silent build" in DOCKERFILE  # the explorer's bundle, then copied whole
    assert "COPY --from=explorer /src/clients/explorer/dist /app/explorer" in DOCKERFILE
    assert settings.explorer_assets == "/app/explorer"


def test_compose_runs_several_workers_with_redis_and_postgresql() -> None:
    gateway = COMPOSE["services"]["gateway"]
    command = gateway["command"]
    workers = int(command[command.index("--workers") + 1])
    environment = {k: str(v) for k, v in gateway["environment"].items()}
    environment["REPORTING_SECRET"] = "from-the-operator"  # compose requires it from the shell
    settings = settings_from(environment, workers=workers)
    assert workers > 1 and settings.redis_url.startswith("redis://redis:")
    assert settings.database_url.startswith("postgresql+asyncpg://")
    assert COMPOSE["services"]["migrate"]["environment"] == gateway["environment"]
    assert "service_completed_successfully" in str(gateway["depends_on"]["migrate"])
    assert "${REPORTING_SECRET:?" in (ROOT / "compose.yaml").read_text()


def test_the_health_check_asks_readiness() -> None:
    assert "http://127.0.0.1:8000/readyz" in DOCKERFILE
