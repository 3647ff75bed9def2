"""Every dashboard page in Debian's Chromium: the main figures are in the DOM, the charts are
drawn, a CSV download has the right content, and a screenshot of each page is saved."""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import TIMINGS, download, screenshot, wait_charts, wait_ready
from tests.e2e.harness import MENU, PAGES

pytestmark = pytest.mark.e2e


def visit(page, url: str, charts: int) -> float:
    started = time.perf_counter()
    page.goto(url)
    wait_ready(page)
    wait_charts(page, charts)
    return (time.perf_counter() - started) * 1000


def test_every_page_renders_its_figures(page, app_url):
    timings = {}
    for path, (charts, texts) in PAGES.items():
        url = f"{app_url}/{path}"
        cold = visit(page, url, charts)
        main = page.locator('[data-testid="stMain"]')
        for text in texts:
            expect(main).to_contain_text(text)
        screenshot(page, path or "overzicht")
        warm = visit(page, url, charts)
        timings[path or "overzicht"] = {"cold_ms": round(cold), "warm_ms": round(warm)}
    TIMINGS.parent.mkdir(parents=True, exist_ok=True)
    TIMINGS.write_text(json.dumps(timings, indent=2))


def test_chart_labels_use_belgian_format(page, app_url):
    visit(page, f"{app_url}/personeel", 1)
    chart = page.locator('[data-testid="stPlotlyChart"]')
    for label in ("93,47", "52,86", "40,92", "11,5"):
        expect(chart.locator("text", has_text=label)).to_have_count(1)
    expect(chart.locator(".gtitle")).to_contain_text("VTE per afdeling")


def test_permalink_restores_filter_and_csv_download(page, app_url):
    visit(page, f"{app_url}/personeel?afdeling=Burgerzaken", 1)
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator(".mc-tile", has_text="VTE Burgerzaken")).to_contain_text("55")
    expect(main).to_contain_text("Teams — Burgerzaken")
    page.get_by_text("Toon als tabel, herkomst en download").first.click()
    button = page.locator('[data-testid="stDownloadButton"]', has_text="Download CSV").first
    content = download(page, button).path().read_bytes()
    text = content.decode("utf-8-sig")
    assert content.startswith(b"\xef\xbb\xbf")
    lines = text.splitlines()
    assert lines[0].startswith("Afdeling;VTE;Aandeel (%);Bron;Regel")
    assert any(line.startswith("Sociale dienst;93,47;") for line in lines)
    assert len(lines) == 6


def test_organisatiebeheersing_filters_by_keyboard(page, app_url):
    """Domain and search sit behind one button; Enter opens it with the focus on its first choice
    (Streamlit draws the content at the end of the page, past everything else in the Tab order),
    and Escape brings the focus back to the button, whose label now tells the choice."""
    visit(page, f"{app_url}/organisatiebeheersing", 1)
    main = page.locator('[data-testid="stMain"]')
    main.get_by_role("button", name="Alle domeinen").focus()
    page.keyboard.press("Enter")
    first = page.locator('[data-testid="stPopoverBody"]').get_by_role("button", name="Organisatiecultuur")
    expect(first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"domein=Organisatiecultuur"))
    wait_ready(page)
    page.keyboard.press("Escape")
    expect(main.get_by_role("button", name=re.compile("Domein: Organisatiecultuur"))).to_be_focused()
    expect(main.locator(".mc-tile").last).to_have_text(re.compile(r"^Domeinen\s*1$"))  # one domain shown


def test_unknown_link_parameter_shows_notice(page, app_url):
    visit(page, f"{app_url}/beleid?thema=onbestaand", 1)
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("onbekende waarde voor ‘thema’")
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("73 aanbevelingen")


def test_deep_link_as_first_request_goes_through_the_router(page, fresh_app_url):
    """Streamlit's legacy pages/ mode would run pages/personeel.py without app.py on the first
    request of a fresh server; the page must still get the app's navigation and its filter."""
    visit(page, f"{fresh_app_url}/personeel?afdeling=Burgerzaken", 1)
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator(".mc-tile", has_text="VTE Burgerzaken")).to_contain_text("55")
    nav = page.locator(MENU)
    expect(nav).to_contain_text("Organisatiebeheersing")
    expect(nav).not_to_contain_text("app")  # the legacy navigation lists the main script as "app"


def test_chart_table_is_mounted_only_on_request(page, app_url):
    """Issue 14: a chart's table is not in the page until asked for (keyboard: Enter on the
    expander's heading); then it is there with its downloads."""
    visit(page, f"{app_url}/personeel", 1)
    main = page.locator('[data-testid="stMain"]')
    grids = main.locator('[data-testid="stDataFrame"]')
    expect(main).to_contain_text("Toon de teams als tabel")
    expect(grids).to_have_count(0)
    main.locator("summary", has_text="Toon als tabel, herkomst en download").focus()
    page.keyboard.press("Enter")
    expect(grids).to_have_count(1)
    expect(main.locator('[data-testid="stDownloadButton"]', has_text="Download CSV")).to_have_count(1)
    expect(main.locator("summary", has_text="Toon de teams als tabel")).to_be_visible()  # still closed: one grid


def test_sidebar_lists_every_page_without_english_link(page, app_url):
    """With all of beheer's pages, Streamlit would hide some behind its English "View 5 more"."""
    page.goto(f"{app_url}/overzicht")
    wait_ready(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("Gebruikers en auditlog")).to_be_visible()
    expect(sidebar.get_by_text(re.compile(r"^View (\d+ more|less)$"))).to_have_count(0)


def test_menu_switches_the_page_in_the_same_session(page, app_url):
    """The menu (dashboard/navigation.py) switches the page inside the running session, keyboard
    included, as Streamlit's menu did; if Streamlit did not answer the history event, the link
    would still lead to its page, by a full load."""
    visit(page, f"{app_url}/personeel", 1)
    page.evaluate("() => { window.sameDocument = true }")
    menu = page.locator(MENU)
    menu.get_by_role("link", name="Tijdlijn", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text("Tijdlijn")
    expect(menu.locator('a[aria-current="page"]')).to_contain_text("Tijdlijn")
    assert page.evaluate("() => window.sameDocument") is True  # no reload: the same session
    # a Streamlit that no longer hears the event (a listener before all of Streamlit's swallows
    # it): the click falls back to an ordinary link
    page.add_init_script("window.addEventListener('popstate', (e) => e.stopImmediatePropagation(), true)")
    visit(page, f"{app_url}/personeel", 1)
    page.evaluate("() => { window.sameDocument = true }")
    menu.get_by_role("link", name="Bevolking", exact=True).click()
    expect(page.locator('[data-testid="stMain"] h1').first).to_have_text("Bevolking", timeout=30_000)
    wait_ready(page)
    assert page.evaluate("() => window.sameDocument") is None  # a new document
    assert page.url.endswith("/bevolking")


def test_a_mistyped_link_gets_a_dutch_answer(page, app_url):
    """Streamlit answered an unknown path with the start page under an English "Page not found".
    (Not on a server's very first request: that one runs in Streamlit's legacy pages/ mode, which
    answers before the app runs; see dashboard/router.py.)"""
    page.goto(f"{app_url}/")
    wait_ready(page)
    page.goto(f"{app_url}/bevolkingg")
    wait_ready(page)
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_role("heading", name="Pagina niet gevonden")).to_be_visible()
    expect(main).to_contain_text("De pagina ‘bevolkingg’ bestaat niet")
    expect(page.get_by_text("Page not found")).to_have_count(0)
    main.get_by_role("link", name="Naar Overzicht").click()
    expect(main.get_by_role("heading", name="Mechelen in cijfers")).to_be_visible()


def test_the_start_page_answers_to_its_own_name(page, app_url):
    """The default page answers to "/" only: /overzicht (the PDF report's link) showed it under
    Streamlit's English "Page not found" dialog."""
    page.goto(f"{app_url}/overzicht")
    wait_ready(page)
    expect(page.locator('[data-testid="stMain"]').get_by_role("heading", name="Mechelen in cijfers")).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
