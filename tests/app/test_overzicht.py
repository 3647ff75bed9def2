"""The first page, rendered by Streamlit's AppTest on the real data and with no data at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def run_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60).run()


def test_overzicht_shows_belgian_formatted_headline_figures(data_env):
    at = run_app()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Inwoners (begin 2018)"] == "86.194"
    assert metrics["VTE directie Samen Leven"] == "253,75"
    assert metrics["Aanbevelingen memorandum 2018"] == "73"
    assert metrics["Voortgang organisatiebeheersing 2022"] == "120 / 57"


def test_overzicht_without_tables_explains_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "parquet").mkdir()
    monkeypatch.setenv("MECHELEN_DATA_DIR", str(tmp_path))
    at = run_app()
    assert not at.exception
    assert not at.metric
    assert any("nog niet beschikbaar" in i.value for i in at.info)
