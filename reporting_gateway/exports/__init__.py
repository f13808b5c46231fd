"""Exports: a report's rows written to a CSV or JSON Lines file by a background job."""
