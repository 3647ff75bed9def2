"""Shared fixtures: a data folder built from the real seed documents, once per test session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from etl.build import build
from tests import postgres

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"


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
