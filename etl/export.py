"""``etl export``: a published table (the current one or any version) as CSV or Parquet, for
scripts, checks and analysts. CSV: ``,`` separator, ``.`` decimals, a header row."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq

from etl.catalog import get_dataset
from etl.errors import Problem, SourceError
from etl.store import Store

FORMATS = ("csv", "parquet")


def read_version(store: Store, name: str, version: int | None = None) -> pa.Table:
    """The current table of ``name``, or version ``version``; SourceError when there is none."""
    dataset = get_dataset(name)
    if version is None:
        table = store.read_current(dataset.name)
        if table is None:
            raise SourceError(Problem(name, "nog niet gepubliceerd"))
        return table
    path = store.version_path(dataset.name, version)
    if not path.exists():
        known = ", ".join(str(e.versie) for e in store.entries(dataset.name)) or "geen"
        raise SourceError(Problem(name, f"versie {version} bestaat niet; beschikbare versies: {known}"))
    return pq.read_table(path)


def export_bytes(table: pa.Table, fmt: str) -> bytes:
    if fmt == "parquet":
        buffer = io.BytesIO()
        pq.write_table(table.replace_schema_metadata(None), buffer)
        return buffer.getvalue()
    frame = table.to_pandas(integer_object_nulls=True)  # integers with gaps stay 3, never 3.0
    return frame.to_csv(index=False, sep=",", decimal=".", lineterminator="\n").encode("utf-8")
