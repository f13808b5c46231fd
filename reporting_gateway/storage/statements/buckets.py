"""The buckets of a timeseries query as a table the SQL joins events against.

One row per (customer, bucket): `customer_id, idx, start, end` with UTC edges computed in
the customer's timezone (`timebuckets.py`). Events are assigned to buckets by a range join
(`time >= start AND time < end`), which both databases run as index range scans on
(customer_id, time). The whole table travels in bound parameters: a JSON document read by
`json_each` on SQLite, four arrays read by `unnest` on PostgreSQL. The table expression is
built once per dialect; each query passes `bucket_parameters` when it executes.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql.selectable import FromClause

from reporting_gateway.query import BucketPlan, Scope
from reporting_gateway.storage.types import sqlite_datetime_text

BucketRow = tuple[int, int, datetime, datetime]


def bucket_rows(plan: BucketPlan, scope: Scope) -> list[BucketRow]:
    return [
        (customer.id, bucket.index, bucket.start, bucket.end)
        for customer in scope.customers
        for bucket in plan.edges[customer.timezone]
    ]


@functools.lru_cache(maxsize=2)
def bucket_table(dialect: str) -> FromClause:
    if dialect == "postgresql":
        return _unnest()
    return _json_each()


def bucket_parameters(dialect: str, rows: Sequence[BucketRow]) -> dict[str, Any]:
    """The values of `bucket_table(dialect)` for these buckets."""
    if dialect == "postgresql":
        customers, indexes, starts, ends = ([row[i] for row in rows] for i in range(4))
        return {
            "bucket_customer": customers,
            "bucket_idx": indexes,
            "bucket_start": starts,
            "bucket_end": ends,
        }
    text = sqlite_datetime_text
    payload = orjson.dumps([[c, i, text(s), text(e)] for c, i, s, e in rows]).decode()
    return {"buckets": payload}


def _unnest() -> FromClause:
    timestamp = postgresql.ARRAY(sa.DateTime(timezone=True))
    arrays = [
        sa.bindparam("bucket_customer", type_=postgresql.ARRAY(sa.Integer)),
        sa.bindparam("bucket_idx", type_=postgresql.ARRAY(sa.Integer)),
        sa.bindparam("bucket_start", type_=timestamp),
        sa.bindparam("bucket_end", type_=timestamp),
    ]
    return (
        sa.func.unnest(*arrays)
        .table_valued(
            sa.column("customer_id", sa.Integer),
            sa.column("idx", sa.Integer),
            sa.column("start", sa.DateTime(timezone=True)),
            sa.column("end", sa.DateTime(timezone=True)),
        )
        .render_derived(name="buckets")
    )


def _json_each() -> FromClause:
    each = sa.func.json_each(sa.bindparam("buckets", type_=sa.String)).table_valued("value")
    item = each.c.value
    return (
        sa.select(
            sa.func.json_extract(item, "$[0]").label("customer_id"),
            sa.func.json_extract(item, "$[1]").label("idx"),
            sa.func.json_extract(item, "$[2]").label("start"),
            sa.func.json_extract(item, "$[3]").label("end"),
        )
        .select_from(each)
        .subquery("buckets")
    )
