"""The command line: tokens are printed once, listed without themselves, revoked by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from reporting_gateway.cli import main
from reporting_gateway.storage.rollups.definitions import ROLLUPS


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(argv))
    captured = capsys.readouterr()
    return int(exited.value.code or 0), captured.out + captured.err


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.db"
    monkeypatch.setenv("REPORTING_DATABASE_URL", f"sqlite+aiosqlite:///{path}")
    return path


def test_tokens_create_list_and_revoke(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(
        capsys,
        "tokens",
        "create",
        "--name",
        "bi",
        "--permit",
        "Reporting:Api:Query,Reporting:Api:Report:Members",
        "--customers",
        "1,2",
        "--organization",
        "acme",
    )
    assert code == 0
    token = out.strip().splitlines()[-1]
    assert token.startswith("rg_") and len(token) > 40
    code, out = run(capsys, "tokens", "list")
    assert code == 0 and "bi" in out and "customers=1,2" in out and "org=acme" in out
    assert token not in out
    assert token not in database.read_bytes().decode("latin-1")
    assert run(capsys, "tokens", "revoke", "bi") == (0, "revoked 1 token(s)\n")
    assert "revoked" in run(capsys, "tokens", "list")[1]
    assert run(capsys, "tokens", "revoke", "bi")[0] == 1


def test_unknown_permits_are_refused(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(
        capsys,
        "tokens",
        "create",
        "--name",
        "x",
        "--permit",
        "Reporting:Api:Everything",
        "--customers",
        "all",
        "--organization",
        "acme",
    )
    assert code == 1 and "unknown permit" in out


def test_export_schema_check_detects_a_stale_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = tmp_path / "schema.graphql"
    stale.write_text("type Query { old: Int }\n")
    code, out = run(capsys, "export-schema", "--output", str(stale), "--check")
    assert code == 1 and "BREAKING: FIELD_REMOVED: Field Query.old was removed." in out
    code, out = run(capsys, "export-schema", "--output", str(stale))
    assert code == 1 and "refused: 1 breaking change" in out
    assert stale.read_text() == "type Query { old: Int }\n"  # nothing written
    assert run(capsys, "export-schema", "--output", str(stale), "--allow-breaking")[0] == 0
    assert run(capsys, "export-schema", "--output", str(stale), "--check")[0] == 0


def test_export_schema_writes_an_additive_change_without_asking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reporting_gateway.gateway_schema import export_schema

    older = tmp_path / "schema.graphql"
    sdl = export_schema()
    field = '  """Metadata of every report this token may query. Cost 1."""\n  reports: [ReportMetadata!]!\n'
    assert field in sdl
    older.write_text(sdl.replace(field, ""))  # the release before `reports` was added
    assert run(capsys, "export-schema", "--output", str(older))[0] == 0
    assert older.read_text() == sdl


def test_serve_refuses_several_workers_without_redis(
    database: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("REPORTING_REDIS_URL", raising=False)
    code, out = run(capsys, "serve", "--workers", "3")
    assert code == 1
    assert "3 workers would each keep their own rate-limit buckets" in out
    assert not database.exists()  # refused before touching anything


def test_every_command_has_examples_in_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    commands = [
        "serve", "migrate", "load", "demo-data", "export-schema", "export-docs", "export",
        "tokens", "settings",
    ]  # fmt: skip
    for command in commands:
        code, out = run(capsys, command, "--help")
        assert code == 0 and "\nexamples:\n  " in out and f"reporting-gateway {command}" in out, (
            command
        )


def test_demo_data_and_load_show_progress(
    database: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, "demo-data", "--scale", "0.01")
    assert code == 0 and "demo data [" in out and "100%" in out
    places = tmp_path / "places.csv"
    places.write_text(
        "customer_id,id,name,kind,city,country,latitude,longitude\n"
        + "".join(f"1000941,{900000 + n},Shop {n},shop,Warsaw,PL,52.2,21.0\n" for n in range(2500))
    )
    code, out = run(capsys, "load", "places", str(places))
    assert code == 0, out
    assert "loading places [" in out and "100%  2,500/2,500 rows" in out
    assert "loaded 2,500 rows into places" in out


def test_rollups_check_finds_drift_that_rollups_rebuild_repairs(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    assert run(capsys, "demo-data", "--scale", "0.02")[0] == 0
    assert run(capsys, "rollups", "check") == (
        0,
        f"every rollup ({len(ROLLUPS)}) equals what the facts give\n",
    )
    with sqlite3.connect(database) as db:
        db.execute("UPDATE rollup_link_counters SET visits_count = visits_count + 2")
    code, out = run(capsys, "rollups", "check", "--limit", "3")
    assert code == 1
    assert "rollup_link_counters" not in out and "link_counters [customer_id=" in out
    assert "rollups differ from the facts (3 shown)" in out
    code, out = run(capsys, "rollups", "rebuild", "link_visits")
    assert code == 0 and "link_counters" in out and "link_visits_by_host" in out
    assert run(capsys, "rollups", "check")[0] == 0


def test_rollups_rebuild_names_what_it_does_not_know(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, "rollups", "rebuild", "nope")
    assert code == 1 and "'nope' is neither a rollup nor a fact table" in out


def test_migrate_says_what_it_did(database: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "migrate")
    assert code == 0 and "created or upgraded" in out
    assert database.exists()
    code, out = run(capsys, "migrate")
    assert code == 0 and "up to date" in out


def test_settings_lists_every_setting_with_its_variable_and_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from reporting_gateway.settings import Settings

    code, out = run(capsys, "settings")
    assert code == 0
    for name, field in Settings.model_fields.items():
        assert f"REPORTING_{name.upper()}" in out, name
        if field.default not in (None, "") and not isinstance(field.default, bool):
            assert str(field.default) in out, name


def test_export_docs_writes_what_check_then_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = Path(__file__).parents[1]
    (tmp_path / "docs").mkdir()
    readme = (root / "README.md").read_text()
    (tmp_path / "README.md").write_text(readme)
    code, out = run(capsys, "export-docs", "--root", str(tmp_path), "--check")
    assert code == 1, out  # docs/reports.md is missing there
    code, out = run(capsys, "export-docs", "--root", str(tmp_path))
    assert code == 0, out
    assert (tmp_path / "docs" / "reports.md").read_text() == (
        root / "docs" / "reports.md"
    ).read_text()
    assert (tmp_path / "README.md").read_text() == readme
    code, out = run(capsys, "export-docs", "--root", str(tmp_path), "--check")
    assert code == 0, out


def test_settings_piped_into_a_reader_that_stops_ends_quietly() -> None:
    """`settings | head` used to end in a Broken pipe error; `true` reads nothing at all."""
    import shutil
    import subprocess
    import sys

    pipeline = subprocess.run(  # noqa: S603 - a fixed pipeline, as a user types it
        [shutil.which("bash") or "/bin/bash", "-c",
         f"{sys.executable} -m reporting_gateway settings | true; "
         'echo "status ${PIPESTATUS[0]}"'],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert "Broken pipe" not in pipeline.stderr and "Traceback" not in pipeline.stderr
    assert pipeline.stdout.strip() in ("status 141", "status 0")  # 0: it wrote before `true` left


def test_serve_without_demo_prints_no_demo_link(capsys: pytest.CaptureFixture[str]) -> None:
    from reporting_gateway.cli.serve import _print_start
    from tests.conftest import make_settings

    _print_start(make_settings(port=8123))
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8123/graphql" in out
    assert "headers=" not in out and "Demo customers" not in out
    assert "tokens create" in out
    _print_start(make_settings(env="production", auth=True))
    assert "GraphiQL" not in capsys.readouterr().out
