"""Where each published table is now, read cheaply from the Iceberg catalog without pyiceberg.

The catalog (SQLite file or PostgreSQL, see :mod:`etl.paths`) holds one row per table with the
location of its current metadata file; that JSON file lists the snapshots (our versions, with the
audit record in their summary) and names the current one. Every publish of ours also lists the
snapshot's data files in its summary (``mechelen.bestanden``), so readers find the Parquet files
from one SQL query and one JSON file: no Avro manifests, and no 0.5 s import of pyiceberg on a
page view. A snapshot written by another engine lacks that list; its files are then planned with
pyiceberg (imported only then).

This module only reads; :mod:`etl.store` writes through pyiceberg.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import sqlite3
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NAMESPACE = "mechelen"
CATALOG_NAME = "mechelen"
PREFIX = "mechelen."  # our keys in a snapshot's summary
FILES_KEY = PREFIX + "bestanden"


def local_path(location: str) -> str:
    """A warehouse location as a path DuckDB and pyarrow open (``file://`` dropped)."""
    return location.removeprefix("file://")


@dataclass(frozen=True)
class Snapshot:
    """One committed snapshot of a table: a version."""

    versie: int  # the snapshot's sequence number: strictly increasing per table
    snapshot_id: int
    tijd: dt.datetime
    summary: Mapping[str, str]

    def files(self, metadata_location: str) -> tuple[str, ...]:
        listed = self.summary.get(FILES_KEY)
        if listed is not None:
            return tuple(json.loads(listed))
        return _planned_files(metadata_location, self.snapshot_id)  # written by another engine


@dataclass(frozen=True)
class TableState:
    """A table as one metadata file describes it."""

    metadata_location: str
    snapshots: tuple[Snapshot, ...]  # in commit order
    current_id: int | None

    @property
    def current(self) -> Snapshot | None:
        return next((s for s in self.snapshots if s.snapshot_id == self.current_id), None)

    def version(self, versie: int) -> Snapshot | None:
        return next((s for s in self.snapshots if s.versie == versie), None)

    @functools.cached_property
    def files(self) -> tuple[str, ...]:
        """The current data files, as local paths (empty when there is no snapshot or no data)."""
        current = self.current
        return () if current is None else tuple(local_path(f) for f in current.files(self.metadata_location))


def _read_text(location: str) -> str:
    if "://" not in location or location.startswith("file://"):
        return Path(local_path(location)).read_text(encoding="utf-8")
    from pyarrow import fs  # object storage (s3://…): pyarrow's filesystems

    filesystem, path = fs.FileSystem.from_uri(location)
    with filesystem.open_input_stream(path) as stream:
        return stream.read().decode("utf-8")


def _published(snapshot: dict) -> dt.datetime:
    """The time of the publish: ours record it (a migrated version keeps its original time)."""
    recorded = (snapshot.get("summary") or {}).get(PREFIX + "tijd")
    if recorded:
        try:
            return dt.datetime.fromisoformat(recorded)
        except ValueError:
            pass
    return dt.datetime.fromtimestamp(snapshot["timestamp-ms"] / 1000, dt.UTC)


@functools.lru_cache(maxsize=256)
def table_state(metadata_location: str) -> TableState:
    """Parse a metadata file; cached, as a metadata file never changes once written."""
    meta = json.loads(_read_text(metadata_location))
    snapshots = sorted(
        (
            Snapshot(
                versie=int(s.get("sequence-number", 0)),
                snapshot_id=int(s["snapshot-id"]),
                tijd=_published(s),
                summary={k: str(v) for k, v in (s.get("summary") or {}).items()},
            )
            for s in meta.get("snapshots") or []
        ),
        key=lambda s: (s.versie, s.tijd),
    )
    current = meta.get("current-snapshot-id")
    return TableState(metadata_location, tuple(snapshots), None if current in (None, -1) else int(current))


@dataclass(frozen=True)
class FileSettings:
    """What a data file of a table is written with: per column its name, Iceberg field id and
    whether it is required (the current schema), and the table's properties (Parquet settings)."""

    fields: tuple[tuple[str, int, bool], ...]
    properties: tuple[tuple[str, str], ...]
    partitioned: bool


@functools.lru_cache(maxsize=64)
def file_settings(metadata_location: str) -> FileSettings:
    """:class:`FileSettings` from a metadata file (cached, as :func:`table_state`)."""
    meta = json.loads(_read_text(metadata_location))
    schema = next(s for s in meta["schemas"] if s["schema-id"] == meta["current-schema-id"])
    specs = meta.get("partition-specs") or [{"spec-id": 0, "fields": meta.get("partition-spec") or []}]
    spec = next(s for s in specs if s["spec-id"] == meta.get("default-spec-id", 0))
    return FileSettings(
        tuple((f["name"], int(f["id"]), bool(f["required"])) for f in schema["fields"]),
        tuple(sorted((meta.get("properties") or {}).items())),
        bool(spec["fields"]),
    )


def _planned_files(metadata_location: str, snapshot_id: int) -> tuple[str, ...]:
    from pyiceberg.table import StaticTable

    table = StaticTable.from_metadata(metadata_location)
    return tuple(task.file.file_path for task in table.scan(snapshot_id=snapshot_id).plan_files())


class CatalogReader:
    """Reads the catalog's table of tables: which metadata file is current, per table.

    SQLite through the standard library, PostgreSQL through SQLAlchemy (pyiceberg's own
    dependency); one query per call, on a connection kept open (pooled) for the process."""

    def __init__(self, uri: str, name: str = CATALOG_NAME):
        self.uri = uri
        self.name = name
        self._lock = threading.Lock()
        self._sqlite: sqlite3.Connection | None = None
        self._engine: Any = None
        _READERS.append(self)

    def _rows(self, sql: str, params: dict[str, str]) -> list[tuple[str, str]]:
        if self.uri.startswith("sqlite:///"):
            path = self.uri.removeprefix("sqlite:///")
            if not Path(path).exists():
                return []
            with self._lock:
                if self._sqlite is None:
                    # Not read-only: after a writer was killed mid-commit, the next reader must be
                    # able to roll back its journal (SQLite does that on open), else it sees nothing.
                    self._sqlite = sqlite3.connect(path, timeout=10, check_same_thread=False)
                try:
                    return self._sqlite.execute(sql, params).fetchall()
                except sqlite3.OperationalError as exc:
                    if "no such table" in str(exc):
                        return []  # no tables yet: the catalog has not been initialised
                    raise
        import sqlalchemy

        with self._lock:
            if self._engine is None:
                self._engine = sqlalchemy.create_engine(self.uri, pool_pre_ping=True)
        try:
            with self._engine.connect() as con:
                return [(r[0], r[1]) for r in con.execute(sqlalchemy.text(sql), params).fetchall()]
        except sqlalchemy.exc.ProgrammingError:
            return []  # no tables yet

    def locations(self) -> dict[str, str]:
        """Table name → current metadata location, for every table of our namespace."""
        rows = self._rows(
            "SELECT table_name, metadata_location FROM iceberg_tables "
            "WHERE catalog_name = :catalog AND table_namespace = :namespace",
            {"catalog": self.name, "namespace": NAMESPACE},
        )
        return {name: location for name, location in rows if location}

    def state(self, dataset: str) -> TableState | None:
        location = self.locations().get(dataset)
        return None if location is None else table_state(location)

    def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
        if self._engine is not None:
            self._engine.dispose()


@functools.lru_cache(maxsize=8)
def reader(uri: str) -> CatalogReader:
    """One reader per catalog for the process (its connection is reused)."""
    return CatalogReader(uri)


def _forget_after_fork() -> None:
    """A forked child must not use (or close) its parent's connections: drop them unclosed."""
    for made in _READERS:
        made._sqlite = None
        if made._engine is not None:
            made._engine.dispose(close=False)
            made._engine = None


_READERS: list[CatalogReader] = []
os.register_at_fork(after_in_child=_forget_after_fork)
