"""The home page of the college and M-team, on the real data and with no data at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.conftest import metrics, open_page


def test_overzicht_shows_belgian_formatted_headline_figures(data_env):
    at = open_page("overzicht")
    assert not at.exception
    m = metrics(at)
    assert m["Inwoners (begin 2018)"] == "86.194"
    assert m["VTE directie Samen Leven"] == "253,75"
    assert m["Aanbevelingen memorandum 2018"] == "73"
    assert m["Voortgang organisatiebeheersing 2022"] == "113 / 50"  # unique items (121 / 58 rows)


def test_overzicht_without_tables_explains_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "parquet").mkdir()
    monkeypatch.setenv("MECHELEN_DATA_DIR", str(tmp_path))
    at = open_page("overzicht")
    assert not at.exception
    assert not at.metric
    assert any("nog niet beschikbaar" in i.value for i in at.info)
