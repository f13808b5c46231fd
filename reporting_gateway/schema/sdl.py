"""The committed SDL (`schema.graphql`): what codegen reads. Deterministic for one catalog."""

from __future__ import annotations

from reporting_gateway.schema.build import catalog_schema


def export_schema() -> str:
    return catalog_schema().as_str().rstrip("\n") + "\n"
