"""Rollups maintained by loads: all or nothing, parents required, replacements rebuilt,
drift found by `rollups check` and repaired by a rebuild; on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from reporting_gateway.storage.ingest import loader
from reporting_gateway.storage.ingest.loader import LoadError, load_file
from reporting_gateway.storage.migrate import migrate
from reporting_gateway.storage.rollups.check import check
from reporting_gateway.storage.rollups.definitions import BY_NAME, ROLLUPS
from reporting_gateway.storage.rollups.rebuild import rebuild
from reporting_gateway.storage.rollups.tables import ALL_TABLES, TABLES, rollup_state

NOW = datetime(2026, 11, 5, 12, tzinfo=UTC)
CUSTOMER = {"id": 1, "name": "One", "slug": "one", "chain": "Cats", "country": "PL",
            "timezone": "Asia/Kathmandu"}  # fmt: skip


def sending(n: int, channel: str = "sms") -> dict[str, Any]:
    return {"customer_id": 1, "id": n, "channel": channel, "service_type": "campaign",
            "reporting_id": 7000 + n, "created_at": "2026-10-01T00:00:00Z"}  # fmt: skip


def event(n: int, sending_id: int = 1, minutes: int = 0, **changes: Any) -> dict[str, Any]:
    at = NOW - timedelta(hours=3) + timedelta(minutes=minutes)
    row = {"customer_id": 1, "id": n, "sending_id": sending_id, "member_id": 100 + n % 3,
           "event_type": "delivered", "occurred_at": at.isoformat()}  # fmt: skip
    return {**row, **changes}


def jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_bytes(b"".join(orjson.dumps(row) + b"\n" for row in rows))
    return path


async def everything(engine: AsyncEngine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every rollup table and of the facts they read, sorted."""
    async with engine.connect() as connection:
        found = {}
        for table in (*ALL_TABLES, *loader.TABLES.values()):
            if table is rollup_state:
                continue
            rows = (await connection.execute(sa.select(table))).all()
            found[table.name] = sorted((tuple(r) for r in rows), key=repr)
        return found


@pytest.fixture
async def loaded(empty_engine: AsyncEngine, tmp_path: Path) -> AsyncEngine:
    await load_file(empty_engine, "customers", jsonl(tmp_path / "c.jsonl", [CUSTOMER]), now=NOW)
    sendings = [sending(1), sending(2, "email")]
    await load_file(empty_engine, "sendings", jsonl(tmp_path / "s.jsonl", sendings), now=NOW)
    events = [event(n, 1 + n % 2, minutes=7 * n) for n in range(1, 30)]
    await load_file(empty_engine, "sending_events", jsonl(tmp_path / "e.jsonl", events), now=NOW)
    return empty_engine


async def test_a_load_that_fails_late_leaves_facts_and_rollups_as_they_were(
    loaded: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "BATCH", 5)  # several batches are merged before the bad row
    before = await everything(loaded)
    rows = [event(n, minutes=n) for n in range(100, 120)] + [event(120, event_type="sent")]
    with pytest.raises(LoadError, match="line 21") as raised:
        await load_file(loaded, "sending_events", jsonl(tmp_path / "bad.jsonl", rows), now=NOW)
    assert "'sent' is not one of" in str(raised.value)
    assert await everything(loaded) == before


async def test_a_fact_without_its_parent_is_refused_with_its_line(
    loaded: AsyncEngine, tmp_path: Path
) -> None:
    before = await everything(loaded)
    rows = [event(200), event(201, sending_id=99)]
    with pytest.raises(LoadError, match="line 2: sending_id 99 is not in `sendings`"):
        await load_file(loaded, "sending_events", jsonl(tmp_path / "p.jsonl", rows), now=NOW)
    assert await everything(loaded) == before


async def test_a_key_already_stored_is_traced_to_its_line(
    loaded: AsyncEngine, tmp_path: Path
) -> None:
    before = await everything(loaded)
    rows = [event(300), event(301), event(5)]
    with pytest.raises(LoadError, match=r"line 3: the key .* is already in the store"):
        await load_file(loaded, "sending_events", jsonl(tmp_path / "k.jsonl", rows), now=NOW)
    assert await everything(loaded) == before


async def test_batches_and_late_events_keep_the_rollups_exact(
    loaded: AsyncEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loader, "BATCH", 4)
    late = [event(n, minutes=-600 - n) for n in range(400, 420)]  # older than every loaded one
    await load_file(loaded, "sending_events", jsonl(tmp_path / "late.jsonl", late), now=NOW)
    async with loaded.connect() as connection:
        assert await check(connection, ROLLUPS, now=NOW) == []
        counts = sa.select(sa.func.sum(TABLES["sending_counters"].c.delivered_count))
        assert (await connection.execute(counts)).scalar_one() == 29 + 20


async def test_replacing_a_parent_rebuilds_the_rollups_it_feeds(
    loaded: AsyncEngine, tmp_path: Path
) -> None:
    by_channel = TABLES["sending_events_by_channel"]
    query = (
        sa.select(by_channel.c.channel, sa.func.sum(by_channel.c.events))
        .where(by_channel.c.grain == "1mo")
        .group_by(by_channel.c.channel)
    )
    async with loaded.connect() as connection:
        assert dict((await connection.execute(query)).all()) == {"sms": 14, "email": 15}
    swapped = [sending(1, "push"), sending(2, "email")]
    await load_file(
        loaded, "sendings", jsonl(tmp_path / "s2.jsonl", swapped), replace=True, now=NOW
    )
    async with loaded.connect() as connection:
        assert dict((await connection.execute(query)).all()) == {"push": 14, "email": 15}
        assert await check(connection, ROLLUPS, now=NOW) == []


async def test_replacing_a_parent_without_a_referenced_row_is_refused(
    loaded: AsyncEngine, tmp_path: Path
) -> None:
    before = await everything(loaded)
    with pytest.raises(LoadError, match="refers to sending_id 2, which the new sendings do not"):
        await load_file(
            loaded, "sendings", jsonl(tmp_path / "s3.jsonl", [sending(1)]), replace=True, now=NOW
        )
    assert await everything(loaded) == before


async def test_check_names_drift_and_a_rebuild_repairs_it(loaded: AsyncEngine) -> None:
    counters, members = TABLES["sending_counters"], BY_NAME["sending_counters"]
    async with loaded.begin() as connection:
        await connection.execute(
            counters.update().values(delivered_count=counters.c.delivered_count + 1)
        )
        await connection.execute(TABLES["sending_events_by_channel"].delete().where(
            TABLES["sending_events_by_channel"].c.grain == "1d"))  # fmt: skip
    async with loaded.connect() as connection:
        found = await check(connection, ROLLUPS, now=NOW)
    text = "\n".join(map(str, found))
    assert "sending_counters [customer_id=1, sending_id=1]" in text
    assert "delivered_count=15" in text and "delivered_count=14" in text  # stored, then facts
    assert "sending_events_by_channel [customer_id=1, grain=1d" in text and "no row" in text
    async with loaded.begin() as connection:
        await rebuild(connection, [members, BY_NAME["sending_events_by_channel"]], NOW)
    async with loaded.connect() as connection:
        assert await check(connection, ROLLUPS, now=NOW) == []


async def test_migrate_rebuilds_a_rollup_the_store_has_not_built(loaded: AsyncEngine) -> None:
    before = await everything(loaded)
    name = "sending_events_by_campaign"
    async with loaded.begin() as connection:
        await connection.execute(TABLES[name].delete())
        await connection.execute(rollup_state.delete().where(rollup_state.c.rollup == name))
    assert await migrate(loaded) == [name]
    assert (await everything(loaded))[TABLES[name].name] == before[TABLES[name].name]
    assert await migrate(loaded) == []


async def test_short_lived_grains_keep_only_their_retention(
    empty_engine: AsyncEngine, tmp_path: Path
) -> None:
    """5-minute buckets live 14 days and hourly ones 6 months (spec §4), so an event of a
    year ago has day and month rows only; a later load drops 5-minute rows that aged out."""
    await load_file(empty_engine, "customers", jsonl(tmp_path / "c.jsonl", [CUSTOMER]), now=NOW)
    await load_file(empty_engine, "sendings", jsonl(tmp_path / "s.jsonl", [sending(1)]), now=NOW)
    old = event(1, occurred_at=(NOW - timedelta(days=365)).isoformat())
    await load_file(
        empty_engine, "sending_events", jsonl(tmp_path / "o.jsonl", [old, event(2)]), now=NOW
    )
    by_channel = TABLES["sending_events_by_channel"]
    grains = sa.select(by_channel.c.grain, sa.func.count()).group_by(by_channel.c.grain)
    async with empty_engine.connect() as connection:
        assert dict((await connection.execute(grains)).all()) == {
            "5m": 1,
            "1h": 1,
            "1d": 2,
            "1mo": 2,
        }
    later = NOW + timedelta(days=20)
    await load_file(
        empty_engine, "sending_events", jsonl(tmp_path / "n.jsonl", [event(3)]), now=later
    )
    async with empty_engine.connect() as connection:
        assert "5m" not in dict((await connection.execute(grains)).all())
        assert await check(connection, ROLLUPS, now=later) == []
