"""One `MetaData` for every table the gateway owns: the facts, the rollups and its own state.

Migrations compare the database with it, so each table module registers its tables here.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()


def every_table() -> sa.MetaData:
    """`metadata` with every table module imported: what migrations compare the database to."""
    from reporting_gateway.storage.facts import tables as facts  # noqa: F401
    from reporting_gateway.storage.rollups import tables as rollups  # noqa: F401
    from reporting_gateway.storage.state import tables as state  # noqa: F401

    return metadata
