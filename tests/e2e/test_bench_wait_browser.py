"""The page benchmark's end of a visit (:func:`bench.pages.wait_page`): complete only in a frame in
which the app is connected and idle, every text is there and every chart drawn and faded in.

A page that mimics Streamlit's markers, changed step by step: each missing part keeps the visit
unfinished, so the benchmark never counts a page as done before it is."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from bench.pages import wait_page

pytestmark = pytest.mark.e2e

SHORT_MS = 400  # long enough for many frames; the page below does not change by itself
PAGE = """<div data-testid="stApp" data-test-connection-state="CONNECTED" data-test-script-state="running">
  <div data-testid="stMain"><h1>Beleid</h1><p>73 aanbevelingen</p><div id="slot"></div></div>
</div>"""
CHART = '<div data-testid="stPlotlyChart" style="opacity: 0.33"><svg class="main-svg"></svg></div>'


def finished(page, charts: int | None, texts: list[str]) -> bool:
    try:
        wait_page(page, charts, texts, timeout_ms=SHORT_MS)
    except PlaywrightTimeout:
        return False
    return True


def test_a_visit_is_complete_only_when_everything_holds(page) -> None:
    page.set_content(PAGE)
    texts = ["73 aanbevelingen"]
    assert not finished(page, 1, texts)  # script still running, no chart

    page.eval_on_selector('[data-testid="stApp"]', "el => el.dataset.testScriptState = 'notRunning'")
    assert finished(page, None, texts)  # a page whose charts are not counted
    assert not finished(page, 1, texts)  # the chart is missing
    assert not finished(page, 0, ["73 aanbevelingen", "Werk professioneel"])  # a text is missing

    page.eval_on_selector("#slot", f"el => el.innerHTML = {CHART!r}")
    assert not finished(page, 1, texts)  # drawn, still fading in
    assert not finished(page, 2, texts)  # one of two charts

    page.eval_on_selector('[data-testid="stPlotlyChart"]', "el => el.style.opacity = '1'")
    assert finished(page, 1, texts)

    page.eval_on_selector('[data-testid="stApp"]', "el => el.dataset.testConnectionState = 'DISCONNECTED'")
    assert not finished(page, 1, texts)
