"""Storage: the only layer that speaks SQL (SQLAlchemy Core, SQLite or PostgreSQL).

Read it in the order data flows:

- `facts/`       the fact tables (the data contract) and each report's SQL source over them;
- `ingest/`      how facts arrive: the validating loader and the demo data;
- `statements/`  report query → Core statements over a `Source`: filters, buckets, keyset pages;
- `store.py`     the API the resolvers call;
- `state/`       the gateway's own tables: API tokens and export jobs;
- `engine.py`, `dialect.py`, `types.py`, `migrate.py` + `migrations/`: the plumbing.
"""
