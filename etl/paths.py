"""Where the data lives. ``MECHELEN_DATA_DIR`` moves the whole data folder (default ``./data``)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    return Path(os.environ.get("MECHELEN_DATA_DIR") or PROJECT_ROOT / "data")


def raw_dir() -> Path:
    return data_dir() / "raw"


def parquet_dir() -> Path:
    return data_dir() / "parquet"


def catalog_uri(folder: Path) -> str:
    """The Iceberg catalog: ``MECHELEN_CATALOG_URI`` (shared, e.g. ``postgresql+psycopg://…``), else
    an embedded SQLite file in the Parquet folder — no server to run."""
    return os.environ.get("MECHELEN_CATALOG_URI") or f"sqlite:///{folder.resolve() / CATALOG_FILE}"


def warehouse(folder: Path) -> str:
    """Where the tables' files go: ``MECHELEN_WAREHOUSE`` (a shared folder or ``s3://…``), else the
    Parquet folder itself."""
    shared = os.environ.get("MECHELEN_WAREHOUSE")
    if shared:
        return shared if "://" in shared else Path(shared).resolve().as_uri()
    return folder.resolve().as_uri()


CATALOG_FILE = "catalog.sqlite"
