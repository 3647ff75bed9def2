"""One read-only DuckDB connection over the published tables, shared by all sessions.

Each dataset is a view over the data files of its table's current Iceberg snapshot, so queries
name datasets, not files. Which files those are comes from the catalog (:mod:`etl.tables`: one
SQL query for the current metadata locations, which change with every commit); the connection is
rebuilt only when a location changes, so a publish by any server or CLI sharing the catalog is
seen on the next query. The connection is in-memory (nothing to write to).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import threading
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from dashboard.config import parquet_dir
from etl import paths
from etl.catalog import ALL_DATASETS, get_dataset
from etl.store import parquet_bytes, read_files
from etl.tables import CatalogReader, TableState, reader, table_state


class MissingDataset(LookupError):
    """A dataset that has not been built or published yet."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


def _sql_list(files: tuple[str, ...]) -> str:
    # The paths are the catalog's (our own writes), never user input; quoted safely all the same.
    return "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]"


def _connect(tables: dict[str, TableState]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:", config={"threads": 2})
    for name, state in tables.items():
        if state.files:
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({_sql_list(state.files)})")
    return con


class Database:
    """The shared connection. Each query runs on its own cursor: a DuckDB connection object must
    not be used by two Streamlit sessions (threads) at once, its cursors may."""

    def __init__(self, folder: Path, version: tuple[tuple[str, str], ...] | None = None):
        self.folder = folder
        self.version = data_version(folder) if version is None else version
        known = {d.name for d in ALL_DATASETS}
        self.tables = {name: table_state(location) for name, location in self.version if name in known}
        self._con = _connect(self.tables)

    def has(self, dataset: str) -> bool:
        state = self.tables.get(dataset)
        return state is not None and bool(state.files)

    def _require(self, needs: tuple[str, ...]) -> None:
        for name in needs:
            if not self.has(name):
                raise MissingDataset(name)

    def query(self, sql: str, params: list | None = None, needs: tuple[str, ...] = ()) -> pd.DataFrame:
        self._require(needs)
        with self._con.cursor() as cur:
            return cur.execute(sql, params or []).df()

    def column(self, sql: str, params: list | None = None, needs: tuple[str, ...] = ()) -> tuple:
        """The first column of the result as Python values: no DataFrame for a count or a list."""
        self._require(needs)
        with self._con.cursor() as cur:
            return tuple(row[0] for row in cur.execute(sql, params or []).fetchall())

    def parquet_of(self, sql: str, needs: tuple[str, ...], schema: pa.Schema) -> bytes:
        """The rows of a query as a Parquet file in the dataset's schema (e.g. its public rows)."""
        self._require(needs)
        with self._con.cursor() as cur:
            table = cur.sql(sql).to_arrow_table().cast(schema)
        return parquet_bytes(table)

    def parquet_bytes(self, dataset: str) -> bytes:
        if not self.has(dataset):
            raise MissingDataset(dataset)
        return parquet_bytes(read_files(get_dataset(dataset), self.tables[dataset].files, self.updated(dataset)))

    def updated(self, dataset: str) -> dt.datetime | None:
        """When the current version was committed (its snapshot's time)."""
        state = self.tables.get(dataset)
        current = None if state is None else state.current
        return None if current is None else current.tijd


def data_version(folder: Path) -> tuple[tuple[str, str], ...]:
    """Each table's current metadata location: changes with every commit, by any writer."""
    return tuple(sorted(_catalog(os.path.abspath(folder), os.environ.get("MECHELEN_CATALOG_URI")).locations().items()))


@functools.lru_cache(maxsize=16)
def _catalog(folder: str, shared_uri: str | None) -> CatalogReader:
    """The catalog reader of a data folder, found once: resolving the folder's path costs a system
    call per path component, on every query. ``shared_uri`` (the variable :func:`etl.paths.catalog_uri`
    reads) is only part of the key, so a changed setting is seen."""
    return reader(paths.catalog_uri(Path(folder)))


# The connections of the latest data versions (at most two: the current one, and the previous
# one while sessions still finish a run on it). A plain dict rather than ``st.cache_resource``:
# this is looked up on every query, and Streamlit's hashing of the key cost more than the lookup.
_DATABASES: dict[tuple[str, tuple], Database] = {}
_DATABASES_LOCK = threading.Lock()
_KEEP = 2


def get_db() -> Database:
    """The connection for the current tables; a rebuild or publish yields a fresh one."""
    folder = parquet_dir()
    key = (str(folder), data_version(folder))
    db = _DATABASES.get(key)
    if db is not None:
        return db
    with _DATABASES_LOCK:  # one connection per version, even when sessions ask at once
        db = _DATABASES.get(key)
        if db is None:
            db = Database(folder, key[1])
            _DATABASES[key] = db
            while len(_DATABASES) > _KEEP:
                del _DATABASES[next(iter(_DATABASES))]  # the oldest
        return db
