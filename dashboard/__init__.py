"""The read-only side: DuckDB queries over the Parquet tables, formatting and charts for the pages."""
