"""Settings of the dashboard. Paths come from the environment (see etl.paths)."""

from __future__ import annotations

from etl.paths import data_dir, parquet_dir

APP_TITLE = "Mechelen in cijfers"

__all__ = ["APP_TITLE", "data_dir", "parquet_dir"]
