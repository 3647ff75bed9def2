"""The query layer under Streamlit's threads: sessions run queries at once over one connection and
one result cache, and each gets the answer a lone caller gets; a caller cannot change what the
cache keeps for the next one."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd

from dashboard import auth, queries

QUERIES: dict[str, Callable[[], pd.DataFrame]] = {
    "fte": queries.get_fte_by_afdeling,
    "teams": queries.get_teams,
    "kerncijfers": queries.get_kerncijfers,
    "voortgang": lambda: queries.get_voortgang_counts(2022),
    "items": lambda: queries.get_voortgang_items(2022, zoek="e"),
    "themas": queries.get_themas,
    "aanbevelingen": lambda: queries.get_aanbevelingen(zoek="zorg"),
    "tijdlijn": queries.get_tijdlijn_events,
    "indicatoren": queries.get_indicator_list,
}


def _as_bestuur(query: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    with auth.acting_as("bestuur"):  # the role is per thread (a context variable), as per session
        return query()


def test_concurrent_sessions_get_the_answers_of_a_lone_caller(data_env: Path):
    expected = {}
    for name, query in QUERIES.items():
        queries._run.clear()
        expected[name] = _as_bestuur(query)
        assert not expected[name].empty, name  # a query that finds nothing would prove nothing
    queries._run.clear()
    names = list(itertools.islice(itertools.cycle(QUERIES), 240))

    def task(i: int, name: str) -> tuple[str, pd.DataFrame]:
        if i % 25 == 0:
            queries._run.clear()  # misses while others hit: the queries run at once on DuckDB too
        return name, _as_bestuur(QUERIES[name])

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(task, range(len(names)), names))
    for name, got in results:
        pd.testing.assert_frame_equal(got, expected[name], obj=name)


def test_a_caller_cannot_change_the_kept_result(data_env: Path):
    queries._run.clear()
    first = _as_bestuur(queries.get_fte_by_afdeling)
    kept = first.copy(deep=True)
    first.loc[first.index[0], "fte"] = -1.0
    first["afdeling"] = "gewijzigd"
    del first["bron"]
    first.index = first.index + 100
    pd.testing.assert_frame_equal(_as_bestuur(queries.get_fte_by_afdeling), kept)


def test_roles_asking_at_once_each_get_their_own_answer(data_env: Path):
    """The role is checked per call, before the cache: a result kept for the college never
    reaches the public, even while both ask for it at the same moment."""

    def fte(role: str) -> str:
        with auth.acting_as(role):
            try:
                return f"{len(queries.get_fte_by_afdeling())} rijen"
            except auth.AccessDenied:
                return "geweigerd"

    queries._run.clear()
    roles = ["bestuur", "publiek"] * 20
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(fte, roles))
    rows = f"{len(_as_bestuur(queries.get_fte_by_afdeling))} rijen"
    assert got == [rows if role == "bestuur" else "geweigerd" for role in roles]


def test_the_data_version_follows_the_catalog_setting(built_data: Path, tmp_path: Path, monkeypatch):
    """The catalog reader is found once per folder, yet a shared catalog set later is read."""
    from dashboard.db import data_version
    from etl.paths import CATALOG_FILE
    from tests.fixtures import copy_data

    other = copy_data(built_data, tmp_path / "ander") / "parquet"
    own = data_version(built_data / "parquet")
    assert own != data_version(other)  # each folder's own catalog names its own files
    monkeypatch.setenv("MECHELEN_CATALOG_URI", f"sqlite:///{other / CATALOG_FILE}")
    assert data_version(built_data / "parquet") == data_version(other)
    monkeypatch.delenv("MECHELEN_CATALOG_URI")
    assert data_version(built_data / "parquet") == own
