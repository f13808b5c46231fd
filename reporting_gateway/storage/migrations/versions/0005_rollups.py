"""Rollups: the pre-aggregated tables reports read (storage/rollups), and their build state.

The tables are derived data, created from the rollup definitions of this version; after
migrating, `migrate` rebuilds every rollup whose build state is missing or stale.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

from reporting_gateway.storage.rollups.tables import ALL_TABLES

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    for table in ALL_TABLES:
        table.create(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for table in reversed(ALL_TABLES):
        table.drop(bind)
