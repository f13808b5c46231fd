"""The committed SDL (`schema.graphql`): what codegen reads. Deterministic for one catalog."""

from __future__ import annotations

from reporting_gateway.catalog import CATALOG
from reporting_gateway.schema.build import build_schema


def export_schema() -> str:
    return build_schema(CATALOG.values()).as_str().rstrip("\n") + "\n"
