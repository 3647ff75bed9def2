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
