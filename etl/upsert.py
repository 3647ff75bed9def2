"""The upsert of an upload into a large table, in Arrow: rows of the current table whose key the
upload does not name are kept as they are (in their order), the upload's rows are added.

The preview (dry run) reads only the rows the upload names — in an upsert no other row can change —
plus one column per headline sum, so checking a small upload against two million values stays well
under a second; the merged table itself is made at publish time, on the table the commit replaces. The
results are those of :func:`etl.changes.merge` and :func:`etl.changes.compare`."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from etl import changes
from etl.catalog import Dataset
from etl.store import conform


def _named(dataset: Dataset, current: pa.Table, new: pa.Table) -> np.ndarray:
    """Positions of the rows of ``current`` whose key ``new`` names. Rows are first narrowed on the
    key's first column (one vectorised pass), then matched on the whole key."""
    key = list(dataset.key)
    candidates = np.flatnonzero(pc.is_in(current.column(key[0]), value_set=pc.unique(new.column(key[0]))))
    if not len(candidates):
        return candidates
    sub = current.take(pa.array(candidates)).select(key).to_pandas()
    wanted = pd.MultiIndex.from_frame(new.select(key).to_pandas())
    return candidates[pd.MultiIndex.from_frame(sub).isin(wanted)]


def merge_tables(dataset: Dataset, new: pa.Table, current: pa.Table | None) -> pa.Table:
    """``current`` without the rows whose key ``new`` names, then ``new``."""
    schema = dataset.arrow_schema
    if current is None or current.num_rows == 0:
        return new.cast(schema)
    current = current.select(dataset.column_names).cast(schema)
    named = _named(dataset, current, new)
    if len(named):
        keep = np.ones(current.num_rows, dtype=bool)
        keep[named] = False
        current = current.filter(pa.array(keep))
    return pa.concat_tables([current, new.cast(schema)]).combine_chunks()


def preview(dataset: Dataset, files: tuple[str, ...], new: pa.Table) -> changes.Diff:
    """What publishing ``new`` over the table in ``files`` (the current version's data files, see
    :meth:`etl.store.Store.current_files`) changes, reading only what it must."""
    key = list(dataset.key)
    if not files:
        before, total, sums = pa.Table.from_pylist([], schema=dataset.arrow_schema), 0, {}
    else:
        sources = list(files)
        values = pc.unique(new.column(key[0])).to_pylist()
        near = conform(dataset, pq.read_table(sources, filters=[(key[0], "in", values)]))
        before = near.take(pa.array(_named(dataset, near, new)))
        total = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
        sums = {c: _sum(pq.read_table(sources, columns=[c]), c) for c in _measured(dataset)}
    diff = changes.compare(dataset, before.to_pandas(), new.to_pandas())
    rows = [{"maat": "aantal rijen", "voor": float(total), "na": float(total - before.num_rows + new.num_rows)}]
    for col in _measured(dataset):
        was = sums.get(col, 0.0)
        now = was - _sum(before, col) + _sum(new, col)
        rows.append({"maat": f"som {col} ({dataset.column(col).unit})", "voor": was, "na": now})
    diff.headline = pd.DataFrame(rows).assign(verschil=lambda d: d["na"] - d["voor"])
    return diff


def _measured(dataset: Dataset) -> list[str]:
    """The columns :func:`etl.changes.headline` sums: numbers with a unit."""
    return [c.name for c in dataset.columns if c.unit and c.dtype in ("int", "float")]


def _sum(table: pa.Table, column: str) -> float:
    return float(pc.sum(table.column(column)).as_py() or 0.0) if table.num_rows else 0.0
