"""The upload flow shared by the CLI and the page: check a file, show what would change, publish.

Only a file without problems can be published; should another publish commit first, the merge is
redone on the table it committed (see Store.publish), so concurrent publishes never lose rows.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd
import pyarrow as pa

from etl import changes, upsert
from etl.catalog import Dataset, get_dataset
from etl.errors import Problem, SourceError
from etl.limits import Limits
from etl.store import Computed, Encoded, Entry, Store, checksum_ahead, encode_ahead
from etl.upload.flow import read_upload
from etl.upload.result import IngestResult, Progress
from etl.validate import Distinct, single, to_table, validate


@dataclass
class Prepared:
    result: IngestResult
    diff: changes.Diff | None = None
    table: pa.Table | None = None  # the merged table, validated, ready to publish
    based_on: str | None = None  # the current table it was merged into (Store.identity)
    checksum: Future[str] | None = None  # the table's content checksum, being worked out
    encoded: Future[Encoded] | None = None  # the table as its data file, being encoded

    @property
    def ok(self) -> bool:
        return self.result.ok and self.diff is not None


def _current_frame(store: Store, dataset: str) -> pd.DataFrame | None:
    table = store.read_current(dataset)
    return None if table is None else table.to_pandas()


def table_from_frame(dataset: Dataset, frame: pd.DataFrame) -> pa.Table:
    """A frame in the catalog schema → a validated Arrow table (SourceError otherwise)."""
    return to_table(dataset, frame)


def _merged_table(dataset: Dataset, rows: pa.Table | pd.DataFrame, current: pa.Table | None) -> pa.Table:
    """The table after publishing ``rows`` (validated; SourceError otherwise)."""
    return to_table(dataset, changes.merge(dataset, rows, current))


def _merged_upload(
    dataset: Dataset, result: IngestResult, current: pa.Table | None
) -> tuple[pa.Table, dict[str, pa.DictionaryArray]]:
    """The table after publishing rows that passed the upload's validator (:func:`read_upload`:
    every rule on the file's columns, the key on :attr:`Dataset.row_key`). The published rows
    passed the same rules when they were published, so only what the upload did not check is
    checked here: the derived columns, and the key where ``row_key`` does not imply it. Rows kept
    from the current table cannot collide with new ones when the file replaces the whole table or
    whole partitions of a key column; otherwise the merged table is checked whole, as ever.
    Also returns the upload's dictionary-encoded columns (:attr:`IngestResult.dictionaries`)
    when they still hold: the table is the upload's rows alone."""
    spec, rows = dataset.upload, result.table
    assert spec is not None and rows is not None
    disjoint = current is None or spec.mode == "replace" or (spec.mode == "partition" and spec.partition in dataset.key)
    if not disjoint:
        return _merged_table(dataset, rows, current), {}
    # A column also dictionary-encoded is checked on its distinct values.
    known = {name: Distinct(form.dictionary, form.indices) for name, form in result.dictionaries.items()}
    if set(dataset.row_key) <= set(dataset.key):  # unique on fewer columns: unique on more
        unchecked = [name for name in rows.column_names if name not in result.checked]
        problems = validate(dataset, rows.select(unchecked), key=(), partial=True, distinct=known)
    else:
        problems = validate(dataset, rows, distinct=known)
    if problems:
        raise SourceError(problems)
    merged = changes.merge(dataset, rows, current)
    table = pa.Table.from_arrays([single(merged[c.name]) for c in dataset.columns], schema=dataset.arrow_schema)
    # Rows kept from the current table come first (etl.changes.merge): none kept, none moved.
    return table, result.dictionaries if table.num_rows == rows.num_rows else {}


def _prepare_upsert(ds: Dataset, result: IngestResult, store: Store) -> Prepared:
    """The preview of an upsert without reading the whole current table (see :mod:`etl.upsert`);
    the publish merges on the table it commits over (see Store.publish)."""
    try:
        new = to_table(ds, result.table if result.table is not None else result.rows)
        for name, rows in result.extra.items():  # published along: checked now, not at publish time
            _merged_table(get_dataset(name), rows, store.read_current(name))
    except SourceError as exc:
        result.problems.extend(exc.problems)
        return Prepared(result)
    return Prepared(result, upsert.preview(ds, store.current_files(ds.name), new))


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
    # The current table is read in a second thread, started by the flow once the file is parsed
    # (see etl.upload.flow): its Parquet read then overlaps the conversion and checks, which use
    # one core, rather than the CSV parse, which uses both (csv prepare: median of 12 0.092 → 0.085 s).
    # The identity is taken before the read: should a publish replace the table in between, it
    # names the older table, and the publish merges again (see Store.publish).
    identity = store.identity(dataset)
    reader = own_reader(ds)
    # An upsert's preview reads only the rows it names; totals per period need the whole table.
    upserting = ds.upload is not None and ds.upload.mode == "upsert" and ds.period is None
    if reader is not None:  # a layout the sheet reader cannot take (wide tables, GeoJSON)
        lookup = partial(_current_frame, store)
        result = reader(filename, data, ds, lookup, sheet=sheet, limits=limits, progress=progress)
        current = None if upserting or not result.ok else lookup(dataset)
    else:
        with ThreadPoolExecutor(max_workers=1) as pool:
            reading = functools.cache(lambda: pool.submit(store.read_current, dataset))
            result = read_upload(
                filename, data, dataset, sheet=sheet, current=reading, limits=limits, progress=progress
            )
            current = reading().result() if result.ok else None
    if not result.ok:
        return Prepared(result)
    if upserting:
        return _prepare_upsert(ds, result, store)
    if isinstance(current, pd.DataFrame):  # an own reader looked it up as a frame
        current = changes.as_table(ds, current)
    try:
        for name, rows in result.extra.items():  # published along: checked now, not at publish time
            _merged_table(get_dataset(name), rows, store.read_current(name))
        dictionaries: dict[str, pa.DictionaryArray] = {}
        if reader is None and result.table is not None:  # validated by read_upload
            table, dictionaries = _merged_upload(ds, result, current)
        else:
            table = _merged_table(ds, result.table if result.table is not None else result.rows, current)
    except SourceError as exc:
        result.problems.extend(exc.problems)
        return Prepared(result)
    # What a publish needs — the checksum, the data file's bytes — worked out on the second core
    # while the diff takes the first (the diff is mostly one thread): the publish then only writes
    # the file and commits.
    checksum, encoded = checksum_ahead(ds, table), encode_ahead(ds, table, identity, dictionaries)
    return Prepared(result, changes.compare(ds, current, table), table, identity, checksum, encoded)


def own_reader(dataset: Dataset) -> Callable[..., IngestResult] | None:
    """The dataset's own reader named in the catalog (``module:function``), if any."""
    spec = dataset.upload
    if spec is None or spec.reader is None:
        return None
    module, function = spec.reader.split(":")
    return getattr(importlib.import_module(module), function)


def publish(prepared: Prepared, store: Store, user: str | None = None) -> Entry:
    if not prepared.ok:
        raise SourceError(
            prepared.result.problems or [Problem(prepared.result.filename, "het bestand bevat geen gegevens")]
        )
    result = prepared.result
    ds = result.dataset
    for name, rows in result.extra.items():  # e.g. new indicators' metadata, before their values
        other = get_dataset(name)
        store.publish(
            name,
            partial(_merged_table, other, rows),
            bestand=result.filename + f" › {name}",
            bestand_sha256=result.sha256,
            gebruiker=user,
        )

    return store.publish(
        ds.name,
        partial(_merged_table, ds, result.table if result.table is not None else result.rows),
        bestand=result.filename + (f" › {result.sheet}" if result.sheet else ""),
        bestand_sha256=result.sha256,
        gebruiker=user,
        computed=None
        if prepared.table is None
        else Computed(prepared.based_on, prepared.table, prepared.checksum, prepared.encoded),
    )


def ingest_path(path: Path, dataset: str, store: Store, sheet: str | None = None) -> Prepared:
    limits = Limits.from_env()
    with path.open("rb") as handle:  # a file over the limit is refused on its size, never read whole
        data = handle.read(limits.max_upload_bytes + 1)
    return prepare(path.name, data, dataset, store, sheet=sheet, limits=limits)
