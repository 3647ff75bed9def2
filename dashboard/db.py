"""One read-only DuckDB connection over the Parquet folder, shared by all sessions.

Each dataset is a view over its Parquet file, so queries name datasets, not files. The
connection is in-memory (nothing to write to) and external access is limited to the data folder.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import streamlit as st

from dashboard.config import parquet_dir
from etl.catalog import ALL_DATASETS


class MissingDataset(LookupError):
    """A dataset that has not been built or published yet."""

    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


def _connect(folder: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:", config={"threads": 2})
    for dataset in ALL_DATASETS:
        path = folder / f"{dataset.name}.parquet"
        if path.exists():
            # The path is ours (catalog name in our folder), never user input; quote it safely.
            literal = str(path).replace("'", "''")
            con.execute(f"CREATE VIEW {dataset.name} AS SELECT * FROM read_parquet('{literal}')")
    return con


class Database:
    """The shared connection. Each query runs on its own cursor: a DuckDB connection object must
    not be used by two Streamlit sessions (threads) at once, its cursors may."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.version = data_version(folder)
        self._con = _connect(folder)

    def has(self, dataset: str) -> bool:
        return (self.folder / f"{dataset}.parquet").exists()

    def query(self, sql: str, params: list | None = None, needs: tuple[str, ...] = ()) -> pd.DataFrame:
        for name in needs:
            if not self.has(name):
                raise MissingDataset(name)
        with self._con.cursor() as cur:
            return cur.execute(sql, params or []).df()

    def parquet_of(self, sql: str, needs: tuple[str, ...], schema: pa.Schema) -> bytes:
        """The rows of a query as a Parquet file in the dataset's schema (e.g. its public rows)."""
        for name in needs:
            if not self.has(name):
                raise MissingDataset(name)
        with self._con.cursor() as cur:
            table = cur.sql(sql).to_arrow_table().cast(schema)
        buffer = io.BytesIO()
        pq.write_table(table, buffer)
        return buffer.getvalue()

    def parquet_bytes(self, dataset: str) -> bytes:
        path = self.folder / f"{dataset}.parquet"
        if not path.exists():
            raise MissingDataset(dataset)
        return path.read_bytes()

    def updated(self, dataset: str) -> dt.datetime | None:
        """When the table was written, from the metadata in the Parquet file itself."""
        path = self.folder / f"{dataset}.parquet"
        if not path.exists():
            return None
        stamp = (pq.read_schema(path).metadata or {}).get(b"bijgewerkt")
        if stamp:
            return dt.datetime.fromisoformat(stamp.decode())
        return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)


def data_version(folder: Path) -> tuple[tuple[str, int], ...]:
    """Names and modification times of the tables: changes whenever the ETL writes one."""
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in folder.glob("*.parquet")))


@st.cache_resource(show_spinner=False, max_entries=2)
def _database(folder: str, version: tuple) -> Database:
    return Database(Path(folder))


def get_db() -> Database:
    """The connection for the current tables; a rebuild or publish yields a fresh one."""
    folder = parquet_dir()
    return _database(str(folder), data_version(folder))
