"""``python -m etl export``: a published table (or an earlier version) as CSV or Parquet.

CSV is the plain machine form — ``,`` between fields, ``.`` for decimals, a header row, UTF-8 —
for other tools, not the Dutch spreadsheet form of the downloads.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from etl.errors import Problem, SourceError
from etl.store import Store, parquet_bytes


def table_bytes(table: pa.Table, fmt: str) -> bytes:
    if fmt == "parquet":
        return parquet_bytes(table)
    sink = pa.BufferOutputStream()
    pacsv.write_csv(table.replace_schema_metadata(None), sink)
    return sink.getvalue().to_pybytes()


def export(store: Store, dataset: str, version: int | None, fmt: str, out: Path | None) -> int:
    if version is None:
        table = store.read_current(dataset)
        if table is None:
            raise SourceError(Problem(dataset, "nog niet gepubliceerd: er is niets om te exporteren"))
    else:
        table = store.read_version(dataset, version)
    data = table_bytes(table, fmt)
    if out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        out.write_bytes(data)
        print(f"{dataset}: {table.num_rows} rijen geschreven naar {out}", file=sys.stderr)
    return 0
