"""Shared fixtures: a data folder built from the real seed documents, once per test session."""

from __future__ import annotations

import functools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl.build import build
from tests import postgres

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"


@pytest.fixture(scope="session", autouse=True)
def components_scanned_once() -> Iterator[None]:
    """Streamlit's AppTest scans every installed distribution for custom components on each new
    app (about 0.2 s: a profile of the app tests showed it as most of a run). The installed
    packages do not change during a session, so the first scan's answer serves every app."""
    from streamlit.components.v2 import manifest_scanner

    scan = manifest_scanner.scan_component_manifests
    manifest_scanner.scan_component_manifests = functools.cache(scan)
    yield
    manifest_scanner.scan_component_manifests = scan


@pytest.fixture(scope="session")
def built_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A MECHELEN_DATA_DIR with raw/ copied from the repo and parquet/ built from it."""
    data = tmp_path_factory.mktemp("data")
    shutil.copytree(RAW, data / "raw")
    build(data / "raw", data / "parquet")
    return data


@pytest.fixture
def data_env(built_data: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MECHELEN_DATA_DIR", str(built_data))
    return built_data


@pytest.fixture(scope="session")
def pg_server() -> Iterator[postgres.Server]:
    """A real PostgreSQL server for the session, started on first use (for the shared catalog)."""
    if not postgres.available():
        pytest.fail("PostgreSQL is not installed (.ci/run installs Debian's postgresql)")
    with postgres.running() as server:
        yield server
