"""The gateway's whole schema: the catalog's reports, and the providers of the other root
fields (the Geo API, exports). Assembled here, above `schema/`, `geo/` and `exports/`, because
geo and exports build on `schema/`: `schema/` cannot import them back.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import strawberry

from reporting_gateway.access.policy import FieldPolicy, root_policies
from reporting_gateway.catalog import CATALOG
from reporting_gateway.catalog.model import Report
from reporting_gateway.exports.schema import build_export_fields, export_policies
from reporting_gateway.geo import schema as geo_schema
from reporting_gateway.geo.catalog import PLACES
from reporting_gateway.schema.build import Fields, Provider, build_schema
from reporting_gateway.schema.nodes import build_node_fields, node_policies
from reporting_gateway.schema.types import Types

# Every records report, the Geo API's places included: what a global id can name.
RECORDS_REPORTS: Mapping[str, Report] = {**CATALOG, PLACES.name: PLACES}


def _geo(types: Types, _: Mapping[str, Report]) -> tuple[Fields, Fields]:
    return geo_schema.build_geo_fields(types), []


def _nodes(types: Types, _: Mapping[str, Report]) -> tuple[Fields, Fields]:
    return build_node_fields(types, RECORDS_REPORTS), []


PROVIDERS: tuple[Provider, ...] = (_geo, build_export_fields, _nodes)


def gateway_policies() -> dict[str, FieldPolicy]:
    """The access policy of every root field of `gateway_schema()`."""
    return root_policies(
        CATALOG,
        {
            **geo_schema.POLICIES,
            **export_policies(CATALOG),
            **node_policies(RECORDS_REPORTS),
        },
    )


@functools.cache
def gateway_schema() -> strawberry.Schema:
    """Built once per process: the catalog never changes while the gateway runs."""
    return build_schema(CATALOG.values(), PROVIDERS)


def export_schema() -> str:
    """The committed SDL (`schema.graphql`): what codegen reads. Deterministic for one catalog."""
    return gateway_schema().as_str().rstrip("\n") + "\n"
