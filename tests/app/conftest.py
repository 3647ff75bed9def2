from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.fixtures import add_previous_report_year, copy_data, synthetic_population

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def open_page(page: str, role: str = "bestuur", **params: str | list[str]) -> AppTest:
    """Run the app on ``pages/<page>.py`` as ``role``, with the given URL query parameters."""
    at = AppTest.from_file(APP, default_timeout=60)
    if role != "publiek":
        at.session_state["rol"] = role
        at.session_state["gebruiker"] = f"test-{role}"
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(f"pages/{page}.py")
    return at.run()


@dataclass(frozen=True)
class Tile:
    label: str
    value: str
    help: str  # a metric's help, a key-figure tile's "Toelichting"
    change: str = ""  # a metric's delta, a key-figure tile's change


_TILE = re.compile(
    r'<div class="mc-tile"><dt>(?P<label>.*?)</dt><dd class="mc-value">(?P<value>.*?)</dd>'
    r'(?:<dd class="mc-change">(?P<change>.*?)</dd>)?'
    r"(?:<dd class=\"mc-note\"><details><summary>Toelichting</summary>(?P<note>.*?)</details></dd>)?"
)


def tiles(at: AppTest) -> dict[str, Tile]:
    """Label → tile: Streamlit's metrics and the key-figure tiles (dashboard.ui.kerncijfers, one HTML element)."""
    found = {m.label: Tile(m.label, m.value, m.proto.help, m.proto.delta) for m in at.metric}
    for element in at.get("html"):
        for m in _TILE.finditer(element.proto.body):
            label, value, note, change = (unescape(m.group(g) or "") for g in ("label", "value", "note", "change"))
            found[label] = Tile(label, value, note, change)
    return found


def metrics(at: AppTest) -> dict[str, str]:
    return {label: tile.value for label, tile in tiles(at).items()}


def notices(at: AppTest) -> list[str]:
    return [i.value for i in at.info]


@pytest.fixture
def page_env(data_env: Path) -> Path:
    return data_env


def chart_specs(at: AppTest) -> list[dict]:
    """The Plotly figures on the page, as the JSON Streamlit sends to the browser."""
    import json

    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def chart_titles(at: AppTest) -> list[str]:
    return [spec["layout"]["title"]["text"].replace("<br>", " ") for spec in chart_specs(at)]


@pytest.fixture
def two_years(built_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder with synthetic population for several years and two progress reports."""
    data = copy_data(built_data, tmp_path / "data")
    synthetic_population(data)
    add_previous_report_year(data)
    monkeypatch.setenv("MECHELEN_DATA_DIR", str(data))
    return data


def open_on_request(at: AppTest, *keys: str) -> AppTest:
    """Open the blocks made on request (:func:`dashboard.ui.on_request`) with these keys, as a
    click on each would, and rerun the page."""
    from dashboard.ui import request_key

    for key in keys:
        at.session_state[request_key(key)] = True
    return at.run()
