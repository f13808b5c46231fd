"""Where the REST API lives (documented in README.md and in the OpenAPI document)."""

PREFIX = "/v1/reporting"
QUERY = f"{PREFIX}/query"
METADATA = f"{PREFIX}/metadata"
FIELD_METADATA = f"{PREFIX}/field_metadata"
OPENAPI = "/v1/openapi.json"
