"""ETL for Mechelen in cijfers: source documents and spreadsheets → validated Parquet tables.

The ETL is the only writer of data. See ``python -m etl --help``.
"""
