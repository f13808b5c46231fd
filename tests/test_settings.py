"""Settings come from REPORTING_* variables and .env (the environment wins), refuse bad values
naming the variable, and are all documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from reporting_gateway import settings as settings_module
from reporting_gateway.settings import Settings


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in settings_module.Settings.model_fields:
        monkeypatch.delenv(settings_module.env_name(name), raising=False)
    return tmp_path


def test_dotenv_is_read_and_the_environment_wins(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / ".env").write_text(
        "REPORTING_PORT=9100\nREPORTING_RATE_LIMIT_CAPACITY=7\nUNRELATED=1\n"
    )
    monkeypatch.setenv("REPORTING_PORT", "9200")
    settings = Settings.from_env()
    assert settings.port == 9200 and settings.rate_limit_capacity == 7


@pytest.mark.parametrize(
    ("variable", "raw", "named"),
    [
        ("REPORTING_PORT", "eighty", "REPORTING_PORT='eighty'"),
        ("REPORTING_AUTH", "maybe", "REPORTING_AUTH='maybe'"),
        ("REPORTING_ENV", "staging", "REPORTING_ENV='staging'"),
    ],
)
def test_a_bad_value_is_refused_naming_the_variable(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, variable: str, raw: str, named: str
) -> None:
    monkeypatch.setenv(variable, raw)
    with pytest.raises(ValueError, match=named):
        Settings.from_env()


def test_isolated_settings_ignore_the_environment_and_dotenv(
    workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / ".env").write_text("REPORTING_PORT=9100\n")
    monkeypatch.setenv("REPORTING_MAX_DEPTH", "3")
    settings = Settings.isolated(max_tokens=10)
    assert (settings.port, settings.max_depth, settings.max_tokens) == (8000, 25, 10)


def test_several_workers_need_the_shared_limiter() -> None:
    with pytest.raises(ValueError, match="REPORTING_REDIS_URL"):
        Settings.isolated(workers=2).check()
    Settings.isolated(workers=2, redis_url="redis://127.0.0.1:6379/0").check()
    Settings.isolated(workers=2, rate_limiting=False).check()  # nothing to share


def test_every_setting_is_documented() -> None:
    rows = settings_module.documentation()
    assert [name for name, _, _ in rows] == [
        settings_module.env_name(name) for name in Settings.model_fields
    ]
    assert all(len(text) > 10 for _, _, text in rows)
