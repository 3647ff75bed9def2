"""``python -m etl export``: a published table (the current one or any version) as CSV or Parquet,
for scripts, checks and analysts, read through the store.

CSV is the plain machine form — ``,`` between fields, ``.`` for decimals, a header row, UTF-8 —
for other tools, not the Dutch spreadsheet form of the downloads.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa

from etl.catalog import get_dataset
from etl.errors import Problem, SourceError
from etl.store import Store, parquet_bytes

FORMATS = ("csv", "parquet")


def read_version(store: Store, name: str, version: int | None = None) -> pa.Table:
    """The current table of ``name``, or version ``version``; SourceError when there is none."""
    dataset = get_dataset(name)
    if version is not None:
        return store.read_version(dataset.name, version)
    table = store.read_current(dataset.name)
    if table is None:
        raise SourceError(Problem(name, "nog niet gepubliceerd: er is niets om te exporteren"))
    return table


def export_bytes(table: pa.Table, fmt: str) -> bytes:
    if fmt == "parquet":
        return parquet_bytes(table.replace_schema_metadata(None))
    frame = table.to_pandas(integer_object_nulls=True)  # integers with gaps stay 3, never 3.0
    return frame.to_csv(index=False, sep=",", decimal=".", lineterminator="\n").encode("utf-8")


def export(store: Store, dataset: str, version: int | None, fmt: str, out: Path | None) -> int:
    table = read_version(store, dataset, version)
    data = export_bytes(table, fmt)
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        out.write_bytes(data)
        print(f"{dataset}: {table.num_rows} rijen geschreven naar {out}", file=sys.stderr)
    return 0
