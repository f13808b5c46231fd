"""Where the REST API lives (documented in README.md and in the OpenAPI document)."""

PREFIX = "/v1/reporting"
QUERY = f"{PREFIX}/query"
METADATA = f"{PREFIX}/metadata"
FIELD_METADATA = f"{PREFIX}/field_metadata"
EXPORT = PREFIX + "/export/{format}"  # query (records | timeseries | statistics) export
TENANTS_EXPORT = PREFIX + "/tenants/export/{format}"  # the same across customers
EXPORT_JOB = PREFIX + "/exports/{job_id}"
RESUME_EXPORT = PREFIX + "/exports/{job_id}/resume"
GEO = "/v1/geo"
PLACES = f"{GEO}/places"
PLACE = GEO + "/places/{place_id}"
LOCATIONS = f"{GEO}/locations/coordinates"
OPENAPI = "/v1/openapi.json"
DOCS = "/v1/docs"  # Swagger UI, in development only
