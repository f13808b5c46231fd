"""The markers select what they say: `-m postgresql` is every run on PostgreSQL."""

from __future__ import annotations

import pytest


def test_the_postgresql_runs_carry_the_postgresql_marker(
    backend: str, request: pytest.FixtureRequest
) -> None:
    marked = request.node.get_closest_marker("postgresql") is not None
    assert marked == (backend == "postgresql")
