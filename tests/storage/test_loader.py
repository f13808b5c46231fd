"""`reporting-gateway load`: every row validated, the first bad one reported by line, all or nothing."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from reporting_gateway.storage.facts import tables
from reporting_gateway.storage.ingest.loader import TABLES, LoadError, load_file

CUSTOMERS = [
    {
        "id": 1,
        "name": "One",
        "slug": "one",
        "chain": "Cats",
        "country": "PL",
        "timezone": "Europe/Warsaw",
    },
    {
        "id": 2,
        "name": "Two",
        "slug": "two",
        "chain": "Dogs",
        "country": "US",
        "timezone": "America/New_York",
    },
]


def sending(n: int, **changes: Any) -> dict[str, Any]:
    row = {
        "customer_id": 1,
        "id": n,
        "language": "pl",
        "channel": "sms",
        "service_type": "campaign",
        "reporting_id": 7000 + n,
        "source_app": None,
        "source_type": "campaign",
        "audience_id": None,
        "campaign_id": 3,
        "created_at": f"2026-01-0{n % 9 + 1}T10:00:00+01:00",
    }
    row.update(changes)
    return row


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


async def count(engine: AsyncEngine, table: sa.Table) -> int:
    async with engine.connect() as connection:
        return int(
            (await connection.execute(sa.select(sa.func.count()).select_from(table))).scalar_one()
        )


async def test_csv_and_json_lines_load(empty_engine: AsyncEngine, tmp_path: Path) -> None:
    result = await load_file(
        empty_engine, "customers", write_jsonl(tmp_path / "c.jsonl", CUSTOMERS)
    )
    assert result.rows == 2
    result = await load_file(
        empty_engine, "sendings", write_csv(tmp_path / "s.csv", [sending(n) for n in range(1, 6)])
    )
    assert result.rows == 5
    async with empty_engine.connect() as connection:
        row = (
            await connection.execute(sa.select(tables.sendings).where(tables.sendings.c.id == 2))
        ).one()
    assert row.audience_id is None and row.source_app is None  # empty CSV cells are NULL
    assert row.created_at.isoformat() == "2026-01-03T09:00:00+00:00"  # stored as UTC


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"channel": "fax"}, "'fax' is not one of sms, email, push"),
        ({"reporting_id": "12.5"}, "is not an integer"),
        ({"reporting_id": str(2**31)}, "32-bit"),
        ({"created_at": "yesterday"}, "ISO 8601"),
        ({"created_at": ""}, "needs a value"),
        ({"customer_id": 9}, "customer_id 9 is not in `customers`"),
        ({"id": 2}, "repeats the key"),
        ({"created_at": "0001-01-01T00:00:00Z"}, "outside the years 1900 to 2999"),
        ({"created_at": "9999-12-31T23:59:59-05:00"}, "outside the years 1900 to 2999"),
        ({"source_app": "x" * 1_000_000}, "is longer than"),
    ],
)
async def test_a_bad_row_names_its_line_and_nothing_is_loaded(
    empty_engine: AsyncEngine, tmp_path: Path, bad: dict[str, Any], message: str
) -> None:
    await load_file(empty_engine, "customers", write_jsonl(tmp_path / "c.jsonl", CUSTOMERS))
    rows = (
        [sending(n) for n in range(1, 5)] + [sending(5, **bad)] + [sending(n) for n in range(6, 9)]
    )
    with pytest.raises(LoadError, match=message) as raised:
        await load_file(empty_engine, "sendings", write_csv(tmp_path / "s.csv", rows))
    assert raised.value.line == 6  # the header is line 1
    assert len(str(raised.value)) < 300  # one short line, whatever the value's size
    assert await count(empty_engine, tables.sendings) == 0


CUSTOMER_HEADER = b"id,name,slug,chain,country,timezone\n"
TRANSACTION_HEADER = b"customer_id,id,member_id,place_id,type,amount,currency,points,occurred_at\n"


@pytest.mark.parametrize(
    ("table", "content", "line", "message"),
    [
        (
            "customers",
            CUSTOMER_HEADER + b"3,Three,t,C,PL,Europe/Oslo\n4,\xff\xfe,f,C,PL,UTC\n",
            3,
            "UTF-8",
        ),
        (
            "customers",
            CUSTOMER_HEADER + b'3,"' + b"n" * 2_000_000 + b'",t,C,PL,UTC\n',
            2,
            "longer than",
        ),
        ("customers", CUSTOMER_HEADER + b"3,T,t,C,PL," + b"Z" * 100_000 + b"\n", 2, "timezone"),
        (
            "transactions",
            TRANSACTION_HEADER + b"1,1,,,purchase,inf,PLN,1,2026-01-01T00:00:00Z\n",
            2,
            "finite",
        ),
        (
            "transactions",
            TRANSACTION_HEADER
            + b"1,1,,,purchase,1,PLN,1,2026-01-01T00:00:00Z\n1,2,,,purchase,NaN,PLN,1,2026-01-01T00:00:00Z\n",
            3,
            "finite",
        ),
        (
            "transactions",
            TRANSACTION_HEADER + b"1,1,,,purchase,-Infinity,PLN,1,2026-01-01T00:00:00Z\n",
            2,
            "finite",
        ),
    ],
)
async def test_every_bad_input_is_one_short_line_with_its_line_number(
    empty_engine: AsyncEngine, tmp_path: Path, table: str, content: bytes, line: int, message: str
) -> None:
    await load_file(empty_engine, "customers", write_jsonl(tmp_path / "c.jsonl", CUSTOMERS))
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(LoadError, match=message) as raised:
        await load_file(empty_engine, table, path)
    assert raised.value.line == line
    assert len(str(raised.value)) < 300 and "\n" not in str(raised.value)
    assert await count(
        empty_engine, tables.TABLES[table] if hasattr(tables, "TABLES") else getattr(tables, table)
    ) == (2 if table == "customers" else 0)


async def test_a_key_already_in_the_store_is_reported_and_nothing_is_added(
    empty_engine: AsyncEngine, tmp_path: Path
) -> None:
    await load_file(empty_engine, "customers", write_jsonl(tmp_path / "c.jsonl", CUSTOMERS))
    await load_file(empty_engine, "sendings", write_jsonl(tmp_path / "a.jsonl", [sending(3)]))
    with pytest.raises(LoadError, match="already in the store") as raised:
        await load_file(
            empty_engine,
            "sendings",
            write_jsonl(tmp_path / "b.jsonl", [sending(1), sending(2), sending(3)]),
        )
    assert raised.value.line == 3
    assert await count(empty_engine, tables.sendings) == 1


async def test_replace_swaps_the_table_contents(empty_engine: AsyncEngine, tmp_path: Path) -> None:
    await load_file(empty_engine, "customers", write_jsonl(tmp_path / "c.jsonl", CUSTOMERS))
    await load_file(
        empty_engine, "sendings", write_jsonl(tmp_path / "a.jsonl", [sending(1), sending(2)])
    )
    await load_file(
        empty_engine,
        "sendings",
        write_jsonl(tmp_path / "b.jsonl", [sending(2), sending(7)]),
        replace=True,
    )
    async with empty_engine.connect() as connection:
        ids = (
            (
                await connection.execute(
                    sa.select(tables.sendings.c.id).order_by(tables.sendings.c.id)
                )
            )
            .scalars()
            .all()
        )
    assert ids == [2, 7]


async def test_json_lines_keep_arrays_and_objects(
    empty_engine: AsyncEngine, tmp_path: Path
) -> None:
    await load_file(empty_engine, "customers", write_jsonl(tmp_path / "c.jsonl", CUSTOMERS))
    member = {
        "customer_id": 1,
        "id": 1,
        "optin_channel": "web",
        "optin_platform": "ios",
        "gender": None,
        "birth_year": 1990,
        "subunit_ids": [1, 2],
        "group_ids": [],
        "favorite_stores": [3],
        "properties": {"tier": "gold"},
        "consents": {"sms": True},
        "marketing_via_sms": True,
        "marketing_via_email": "false",
        "marketing_via_push": 0,
        "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-02T00:00:00Z",
    }
    await load_file(empty_engine, "members", write_jsonl(tmp_path / "m.jsonl", [member]))
    async with empty_engine.connect() as connection:
        row = (await connection.execute(sa.select(tables.members))).one()
    assert row.subunit_ids == [1, 2] and row.properties == {"tier": "gold"}
    assert (row.marketing_via_sms, row.marketing_via_email, row.marketing_via_push) == (
        True,
        False,
        False,
    )


async def test_unknown_columns_and_tables_are_refused(
    empty_engine: AsyncEngine, tmp_path: Path
) -> None:
    with pytest.raises(LoadError, match="unknown column"):
        await load_file(
            empty_engine,
            "customers",
            write_jsonl(tmp_path / "c.jsonl", [{**CUSTOMERS[0], "colour": "red"}]),
        )
    with pytest.raises(ValueError, match="unknown table"):
        await load_file(empty_engine, "nope", tmp_path / "c.jsonl")


async def test_an_unknown_timezone_is_refused(empty_engine: AsyncEngine, tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="Mars/Olympus"):
        await load_file(
            empty_engine,
            "customers",
            write_jsonl(tmp_path / "c.jsonl", [{**CUSTOMERS[0], "timezone": "Mars/Olympus"}]),
        )


def test_every_column_of_every_table_has_a_loader_and_documentation() -> None:
    from reporting_gateway.storage.ingest.convert import converter

    for table in TABLES.values():
        for column in table.columns:
            assert converter(column) is not None
            assert column.info.get("doc"), (
                f"{table.name}.{column.name} needs info['doc'] (README data contract)"
            )
