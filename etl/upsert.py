"""The upsert of an upload into a large table, in Arrow: rows of the current table whose key the
upload does not name are kept as they are (in their order), the upload's rows are added. The
diff only looks at the rows the upload names — no other row can change in an upsert — and the
headline figures are summed over the whole tables, so a small upload into two million values
is checked in well under a second (the same results as :func:`etl.changes.merge`/``compare``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl import changes
from etl.catalog import Dataset


def _current(dataset: Dataset, current: pa.Table) -> pa.Table:
    return current.select(dataset.column_names).cast(dataset.arrow_schema)


def merge_tables(dataset: Dataset, new: pa.Table, current: pa.Table | None) -> pa.Table:
    """``current`` without the rows whose key ``new`` names, then ``new``."""
    if current is None or current.num_rows == 0:
        return new
    key = list(dataset.key)
    numbered = _current(dataset, current).append_column("_nr", pa.array(np.arange(current.num_rows)))
    keep = numbered.join(new.select(key), keys=key, join_type="left anti").sort_by("_nr").drop_columns("_nr")
    schema = dataset.arrow_schema  # a join's output is nullable everywhere: back to the catalog's schema
    return pa.concat_tables([keep.cast(schema), new.cast(schema)]).combine_chunks()


def compare_tables(dataset: Dataset, current: pa.Table | None, new: pa.Table, merged: pa.Table) -> changes.Diff:
    """What publishing ``new`` changes: its rows against the current rows with the same key."""
    after = new.to_pandas()
    if current is None or current.num_rows == 0:
        before = pd.DataFrame(columns=dataset.column_names)
    else:
        key = list(dataset.key)
        before = _current(dataset, current).join(new.select(key), keys=key, join_type="left semi").to_pandas()
    diff = changes.compare(dataset, before, after)
    diff.headline = headline(dataset, current, merged)
    return diff


def headline(dataset: Dataset, before: pa.Table | None, after: pa.Table) -> pd.DataFrame:
    """:func:`etl.changes.headline` over whole Arrow tables."""

    def total(table: pa.Table | None, column: str) -> float:
        if table is None or table.num_rows == 0:
            return 0.0
        return float(pc.sum(table.column(column)).as_py() or 0.0)

    rows = [{"maat": "aantal rijen", "voor": float(before.num_rows if before else 0), "na": float(after.num_rows)}]
    for col in dataset.columns:
        if col.unit and col.dtype in ("int", "float"):
            rows.append(
                {"maat": f"som {col.name} ({col.unit})", "voor": total(before, col.name), "na": total(after, col.name)}
            )
    out = pd.DataFrame(rows)
    out["verschil"] = out["na"] - out["voor"]
    return out
