"""The gateway's own tables: API tokens and export jobs (not part of the data contract)."""

from __future__ import annotations

import sqlalchemy as sa

from reporting_gateway.storage.metadata import metadata
from reporting_gateway.storage.types import Json, UtcDateTime

# The gateway's own credentials, managed with `reporting-gateway tokens`.
api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, info={"doc": "SHA-256 of the token"}),
    sa.Column(
        "prefix", sa.String(12), nullable=False, info={"doc": "first characters, to recognise it"}
    ),
    sa.Column("permits", Json(), nullable=False, info={"doc": "list of permit names"}),
    sa.Column("customers", Json(), nullable=True, info={"doc": "list of customer ids; null: all"}),
    sa.Column("organization", sa.String(100), nullable=False),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("revoked_at", UtcDateTime(), nullable=True),
    sa.UniqueConstraint("token_hash", name="uq_api_tokens_hash"),
)

# Not a fact table: export jobs, their progress and their checkpoint (see exports/).
export_jobs = sa.Table(
    "export_jobs",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("token_id", sa.Integer, nullable=False),
    sa.Column("report", sa.String(64), nullable=False),
    sa.Column("format", sa.String(8), nullable=False),
    sa.Column("spec", Json(), nullable=False),
    sa.Column("bucket", sa.String(200), nullable=False),
    sa.Column("page_cost", sa.Integer, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("rows_written", sa.BigInteger, nullable=False),
    sa.Column("rows_expected", sa.BigInteger, nullable=True),
    sa.Column("pages_written", sa.Integer, nullable=False),
    sa.Column("bytes_written", sa.BigInteger, nullable=False),
    sa.Column("checkpoint", Json(), nullable=True),
    sa.Column("error", sa.String(1000), nullable=True),
    sa.Column("lease_owner", sa.String(64), nullable=True),
    sa.Column("lease_until", UtcDateTime(), nullable=True),
    sa.Column("created_at", UtcDateTime(), nullable=False),
    sa.Column("updated_at", UtcDateTime(), nullable=False),
    sa.Column("finished_at", UtcDateTime(), nullable=True),
    sa.Column("expires_at", UtcDateTime(), nullable=True),
    sa.Index("ix_export_jobs_status", "status", "lease_until"),
)
