"""The store tests run against both catalogs: the embedded SQLite file, and a real PostgreSQL
server started for the session (``pg_server`` in tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(params=["sqlite", "postgresql"])
def catalog(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Which catalog ``Store(folder)`` uses in this test (and in the processes it starts)."""
    if request.param == "postgresql":
        uri = request.getfixturevalue("pg_server").new_database()
        monkeypatch.setenv("MECHELEN_CATALOG_URI", uri)
    else:
        monkeypatch.delenv("MECHELEN_CATALOG_URI", raising=False)
    monkeypatch.delenv("MECHELEN_WAREHOUSE", raising=False)
    return request.param
