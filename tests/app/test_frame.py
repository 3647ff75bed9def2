"""The page frame (dashboard/frame.py): its styles on every page, and the start of loading
Plotly's chart code on exactly the pages that draw charts."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from dashboard.frame import plotly_chunk
from tests.app.conftest import APP, open_page


def frame_html(at: AppTest) -> str:
    (frame,) = [e.proto.body for e in at.sidebar.get("html") if "mechelenPrintFit" in e.proto.body]
    return frame


def test_the_chunk_is_streamlits_plotly_code():
    chunk = plotly_chunk()
    assert chunk is not None and chunk.startswith("PlotlyChart.")
    assert (Path(streamlit.__file__).parent / "static" / "static" / "js" / chunk).stat().st_size > 1_000_000


@pytest.mark.parametrize(("page", "charts"), [("personeel", True), ("tijdlijn", True), ("overzicht", False)])
def test_chart_pages_start_loading_plotly_with_the_frame(page_env: Path, page: str, charts: bool):
    at = open_page(page)
    assert not at.exception
    assert ("import(new URL(" in frame_html(at)) is charts
    assert (f'"{plotly_chunk()}"' in frame_html(at)) is charts


def test_the_public_start_page_draws_charts_and_preloads(page_env: Path):
    at = AppTest.from_file(APP, default_timeout=60).run()  # anonymous: Open data is the start page
    assert not at.exception
    assert at.title[0].value.endswith("open data")
    assert f'"{plotly_chunk()}"' in frame_html(at)
