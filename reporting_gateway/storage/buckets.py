"""The buckets of a timeseries query as a table the SQL joins events against.

One row per (customer, bucket): `customer_id, idx, start, end` with UTC edges computed in
the customer's timezone (`timebuckets.py`). Events are assigned to buckets by a range join
(`time >= start AND time < end`), which both databases run as index range scans on
(customer_id, time). The whole table travels as one bound parameter: a JSON document read
by `json_each` on SQLite, four arrays read by `unnest` on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

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


def bucket_table(dialect: str, rows: Sequence[BucketRow]) -> FromClause:
    if dialect == "postgresql":
        return _unnest(rows)
    return _json_each(rows)


def _unnest(rows: Sequence[BucketRow]) -> FromClause:
    customers, indexes, starts, ends = ([row[i] for row in rows] for i in range(4))
    timestamp = postgresql.ARRAY(sa.DateTime(timezone=True))
    arrays = [
        sa.bindparam("bucket_customer", customers, type_=postgresql.ARRAY(sa.Integer)),
        sa.bindparam("bucket_idx", indexes, type_=postgresql.ARRAY(sa.Integer)),
        sa.bindparam("bucket_start", starts, type_=timestamp),
        sa.bindparam("bucket_end", ends, type_=timestamp),
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


def _json_each(rows: Sequence[BucketRow]) -> FromClause:
    payload = orjson.dumps(
        [[c, i, sqlite_datetime_text(s), sqlite_datetime_text(e)] for c, i, s, e in rows]
    ).decode()
    each = sa.func.json_each(sa.bindparam("buckets", payload, type_=sa.String)).table_valued(
        "value"
    )
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
