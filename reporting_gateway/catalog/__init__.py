"""The report catalog: pure data describing every report. Imports only the standard library."""

from reporting_gateway.catalog.model import (
    Aggregation,
    Field,
    FieldType,
    Format,
    Interval,
    Kind,
    Measure,
    Report,
    ValueSet,
)
from reporting_gateway.catalog.registry import CATALOG, PERMIT_PREFIX, QUERY_PERMIT

__all__ = [
    "CATALOG",
    "PERMIT_PREFIX",
    "QUERY_PERMIT",
    "Aggregation",
    "Field",
    "FieldType",
    "Format",
    "Interval",
    "Kind",
    "Measure",
    "Report",
    "ValueSet",
]
