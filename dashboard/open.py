"""The open-data catalogue files (DCAT-AP-VL JSON-LD and datapackage.json) for download in the app,
made by the same code as ``python -m etl publish-open`` from the catalog and the tables' metadata,
without writing or reading any table (so without the files' sizes, which only the export knows)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard.config import parquet_dir
from dashboard.db import data_version
from etl.opendata import catalogue_documents, check_base_url, default_base_url


@st.cache_data(show_spinner=False, max_entries=4)
def _catalogue_files(folder: str, version: tuple, base_url: str) -> dict[str, bytes]:
    return catalogue_documents(Path(folder), base_url)


def catalogue_files() -> dict[str, bytes]:
    """Raises :class:`etl.opendata.OpenDataError` (on every run, not only the first: the check is
    outside the cache) in production when the public address is not set."""
    folder, base_url = parquet_dir(), default_base_url()
    check_base_url(base_url)
    return _catalogue_files(str(folder), data_version(folder), base_url)
