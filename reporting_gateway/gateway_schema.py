"""The gateway's whole schema: the catalog's reports, and the providers of the other root
fields (the Geo API, exports). Assembled here, above `schema/`, `geo/` and `exports/`, because
geo and exports build on `schema/`: `schema/` cannot import them back.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import strawberry

from reporting_gateway.catalog import CATALOG
from reporting_gateway.catalog.model import Report
from reporting_gateway.exports.schema import build_export_fields
from reporting_gateway.geo.schema import build_geo_fields
from reporting_gateway.schema.build import Fields, Provider, build_schema
from reporting_gateway.schema.types import Types


def _geo(types: Types, _: Mapping[str, Report]) -> tuple[Fields, Fields]:
    return build_geo_fields(types), []


PROVIDERS: tuple[Provider, ...] = (_geo, build_export_fields)


@functools.cache
def gateway_schema() -> strawberry.Schema:
    """Built once per process: the catalog never changes while the gateway runs."""
    return build_schema(CATALOG.values(), PROVIDERS)


def export_schema() -> str:
    """The committed SDL (`schema.graphql`): what codegen reads. Deterministic for one catalog."""
    return gateway_schema().as_str().rstrip("\n") + "\n"
