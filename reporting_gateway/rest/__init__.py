"""The documented REST Reporting API, served from the same catalog and planning path as GraphQL."""
