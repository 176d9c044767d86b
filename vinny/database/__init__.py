"""The master database: SQLite (WAL) with the D1 schema, field-level history and runs."""
