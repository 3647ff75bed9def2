"""The rows of a public dataset that the public may see (:class:`etl.catalog.PublicRows`), for
writers outside the app (the open-data export). The rule's SQL comes from the catalog, so the
query layer and the export apply the very same condition."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from etl.catalog import Dataset, public_rows_sql
from etl.store import Store


def public_table(store: Store, dataset: Dataset) -> pa.Table:
    """The dataset's current table, only its public rows; a missing lookup table hides every row."""
    condition = public_rows_sql(dataset)
    names = [dataset.name] + (
        [dataset.public_rows.lookup] if dataset.public_rows and dataset.public_rows.lookup else []
    )
    con = duckdb.connect(":memory:")
    try:
        for name in names:
            table = store.read_current(name)  # the current version, read through the catalog
            if table is None:
                return dataset.arrow_schema.empty_table()
            con.register(name, table)
        where = f" WHERE {condition}" if condition else ""
        result = con.sql(f"SELECT * FROM {dataset.name}{where}").to_arrow_table()
    finally:
        con.close()
    return result.cast(dataset.arrow_schema)
