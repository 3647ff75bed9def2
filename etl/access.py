"""The rows of a public dataset that the public may see (:class:`etl.catalog.PublicRows`), for
writers outside the app (the open-data export). The rule's SQL comes from the catalog, so the
query layer and the export apply the very same condition."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa

from etl.catalog import Dataset, get_dataset, public_rows_sql


def public_table(folder: Path, dataset: Dataset) -> pa.Table:
    """The dataset's current table, only its public rows; a missing lookup table hides every row."""
    condition = public_rows_sql(dataset)
    con = duckdb.connect(":memory:")
    try:
        names = [dataset.name] + (
            [dataset.public_rows.lookup] if dataset.public_rows and dataset.public_rows.lookup else []
        )
        for name in names:
            path = folder / f"{get_dataset(name).name}.parquet"
            if not path.exists():
                return pa.Table.from_pylist([], schema=dataset.arrow_schema)
            literal = str(path).replace("'", "''")
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{literal}')")
        where = f" WHERE {condition}" if condition else ""
        table = con.sql(f"SELECT * FROM {dataset.name}{where}").to_arrow_table()
    finally:
        con.close()
    return table.cast(dataset.arrow_schema)
