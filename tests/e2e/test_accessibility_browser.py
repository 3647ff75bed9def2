"""Accessibility, print and the report in Debian's Chromium, on one running app.

* axe-core (bundled by ``axe-playwright-python``) on every page: no serious or critical violation,
  the page menu in the sidebar included (ours since issue 14; Streamlit's held its section headings
  as ``<div>``s in its ``<ul>`` and needed an exception).
* The keyboard alone: choose an afdeling and download the report.
* The browser's own print: no sidebar or widgets, the chart on the paper.
"""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.conftest import axe_serious, download, wait_charts, wait_ready
from tests.e2e.harness import PAGES

pytestmark = pytest.mark.e2e

# Every page of the beheer role (it sees them all): the dashboards, open data, the indicator pages (on
# the built data: the kerncijfers as the city's indicators, no wijken or boundaries; with demo wijken
# in test_indicators_browser.py) and the work pages.
ALL_PAGES = {
    **{path: charts for path, (charts, _) in PAGES.items()},
    "indicatoren": 1,
    "kaart": 0,
    "wijkprofiel": 0,
    "spreiding": 0,
    "opladen": 0,
    "beheer": 0,
    "aanmelden": 0,
}


def test_axe_finds_no_serious_violation_on_any_page(page, app_url):
    found = {}
    for path, charts in ALL_PAGES.items():
        page.goto(f"{app_url}/{path}")
        wait_ready(page)
        wait_charts(page, charts)
        if problems := axe_serious(page):
            found[path or "overzicht"] = problems
    assert not found, found


def text_of(pdf: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching ``selector`` (or something inside it) has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => !!document.activeElement?.closest({selector!r})"):
            return
    raise AssertionError(f"{selector} never got the keyboard focus")


def test_keyboard_alone_filters_and_downloads_the_report(page, app_url):
    page.goto(f"{app_url}/personeel")
    wait_ready(page)
    wait_charts(page, 1)
    tab_to(page, '[data-testid="stSelectbox"]')
    page.keyboard.type("Burgerz")
    page.keyboard.press("Enter")
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator(".mc-tile", has_text="VTE Burgerzaken")).to_contain_text("55")
    expect(main).to_contain_text("Sociale dienst heeft de meeste VTE: 93,47 van 253,75; Burgerzaken: 55.")
    wait_ready(page)
    tab_to(page, '[data-testid="stDownloadButton"]')
    pdf = download(page, page.locator(":focus")).path().read_bytes()
    text = text_of(pdf)
    assert pdf.startswith(b"%PDF-")
    assert "Filters: Afdeling: Burgerzaken" in text and "253,75" in text
    assert "/personeel?afdeling=Burgerzaken" in text


def test_browser_print_is_a_clean_a4(page, app_url):
    page.goto(f"{app_url}/personeel")
    wait_ready(page)
    wait_charts(page, 1)
    # Registered after the app's own handler, so this one sees the zoom the chart gets for the paper.
    page.evaluate("""() => window.addEventListener('beforeprint', () => { window.zoomWhenPrinted =
        document.querySelector('[data-testid="stPlotlyChart"] .plot-container').style.zoom; })""")
    pdf = page.pdf(format="A4")
    # 1400 px window: the main column is ~940 px wide, the A4 text width ~703 px
    assert 0.6 < float(page.evaluate("() => window.zoomWhenPrinted")) < 0.9
    text = text_of(pdf)
    assert "253,75" in text and "VTE per afdeling" in text  # the figures and the chart are on paper
    assert "In het kort" in text
    for gone in ("Rapport (PDF)", "Organisatiebeheersing", "Aangemeld als", "Toon als tabel"):
        assert gone not in text, gone  # no widgets, no sidebar navigation
    zoom = page.evaluate("() => document.querySelector('[data-testid=\"stPlotlyChart\"] .plot-container').style.zoom")
    assert zoom == ""  # reset after printing


def test_key_figure_explanation_opens_with_the_keyboard(page, app_url):
    """The tiles are one HTML list; a tile's explanation ("Toelichting") is a details element, so
    Tab reaches it and Enter opens it."""
    page.goto(f"{app_url}/personeel")
    wait_ready(page)
    tile = page.locator(".mc-tile", has_text="Grootste afdeling")
    expect(tile.locator(".mc-value")).to_have_text("Sociale dienst")
    tab_to(page, ".mc-tile summary")
    page.keyboard.press("Enter")
    expect(tile.locator("details")).to_have_attribute("open", "")
    expect(tile.locator("details")).to_contain_text("93,47 VTE")
