"""Alembic environment: migrations run on a connection handed over by `storage.migrate`."""

from __future__ import annotations

from alembic import context

from reporting_gateway.storage.metadata import every_table

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only `storage.migrate` runs migrations
    raise RuntimeError("run migrations with `reporting-gateway migrate`, not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=every_table(),
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
