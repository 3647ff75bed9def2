"""The upload flow shared by the CLI and the page: check a file, show what would change, publish.

Only a file without problems can be published; the merge with the current table is redone
under the dataset's lock at publish time, so concurrent publishes are serialised, never mixed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from etl import changes
from etl.catalog import Dataset, get_dataset
from etl.errors import Problem, SourceError
from etl.ingest import IngestResult, Progress, read_upload
from etl.limits import Limits
from etl.store import Entry, Store
from etl.validate import to_table


@dataclass
class Prepared:
    result: IngestResult
    merged: pd.DataFrame | None = None
    diff: changes.Diff | None = None

    @property
    def ok(self) -> bool:
        return self.result.ok and self.merged is not None


def _current_frame(store: Store, dataset: str) -> pd.DataFrame | None:
    table = store.read_current(dataset)
    return None if table is None else table.to_pandas()


def table_from_frame(dataset: Dataset, frame: pd.DataFrame) -> pa.Table:
    """A frame in the catalog schema → a validated Arrow table (SourceError otherwise)."""
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    for row in rows:
        for col in dataset.columns:
            value = row.get(col.name)
            if value is not None and col.dtype == "int":
                row[col.name] = int(value)
            elif value is not None and col.dtype == "float":
                row[col.name] = float(value)
    return to_table(dataset, rows)


def prepare(
    filename: str,
    data: bytes,
    dataset: str,
    store: Store,
    sheet: str | None = None,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> Prepared:
    """Validate the file and compute the merged table and the diff; writes nothing."""
    ds = get_dataset(dataset)
    current = _current_frame(store, dataset)
    result = read_upload(filename, data, dataset, sheet=sheet, current=current, limits=limits, progress=progress)
    if not result.ok:
        return Prepared(result)
    merged = changes.merge(ds, result.rows, current)
    try:
        table_from_frame(ds, merged)
    except SourceError as exc:
        result.problems.extend(exc.problems)
        return Prepared(result)
    return Prepared(result, merged, changes.compare(ds, current, merged))


def publish(prepared: Prepared, store: Store, user: str | None = None) -> Entry:
    if not prepared.ok:
        raise SourceError(
            prepared.result.problems or [Problem(prepared.result.filename, "het bestand bevat geen gegevens")]
        )
    result = prepared.result
    ds = result.dataset

    def merged_with(current: pa.Table | None) -> pa.Table:
        frame = None if current is None else current.to_pandas()
        return table_from_frame(ds, changes.merge(ds, result.rows, frame))

    return store.publish(
        ds.name,
        merged_with,
        bestand=result.filename + (f" › {result.sheet}" if result.sheet else ""),
        bestand_sha256=result.sha256,
        gebruiker=user,
    )


def ingest_path(path: Path, dataset: str, store: Store, sheet: str | None = None) -> Prepared:
    return prepare(path.name, path.read_bytes(), dataset, store, sheet=sheet)
