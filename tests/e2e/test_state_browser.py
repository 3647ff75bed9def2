"""Issue 12 in a real browser, at 1400 px and at 390 px, as one user's journey (one login per
width keeps it quick): a link opened before login returns to itself and the login survives a
reload (item 6), filters stay on their page (item 5), and the English and clipped bits Streamlit
shows by default are gone (item 12)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard import auth
from tests.e2e import harness
from tests.e2e.conftest import require_chromium, screenshot, wait_ready
from tests.fixtures import add_previous_report_year, copy_data, synthetic_population

pytestmark = pytest.mark.e2e
SECRET = "e2e-sessiegeheim-" + "x" * 32
NAME, PASSWORD = "an.bestuur", "een-lang-wachtwoord-1"
WIDTHS = [1400, 390]
T = 30_000  # ms: a shared two-core machine can be slow; expect returns as soon as it holds


@pytest.fixture(scope="module")
def state_url(built_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An app without a test role (logging in is real) on data with several years."""
    base = tmp_path_factory.mktemp("state")
    data = copy_data(built_data, base / "data")
    synthetic_population(data)
    add_previous_report_year(data)
    env = harness.app_env(data, role=None) | {
        "MECHELEN_SESSION_SECRET": SECRET,
        "MECHELEN_USERS_FILE": str(base / "users.json"),
    }
    with pytest.MonkeyPatch.context() as patch:  # the account, made here with the server's settings
        patch.setenv("MECHELEN_USERS_FILE", env["MECHELEN_USERS_FILE"])
        patch.setenv("MECHELEN_DATA_DIR", str(data))
        auth.add_user(NAME, "bestuur", PASSWORD)
    try:
        with harness.running_server(harness.SERVED, base / "streamlit.log", env) as (url, _proc):
            yield url
    except harness.ServerError as exc:
        pytest.fail(str(exc))


@pytest.fixture
def at_width(browser):
    contexts = []

    def make(width: int):
        require_chromium()
        context = browser.new_context(viewport={"width": width, "height": 1800}, locale="nl-BE")
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def heading(page):
    return page.locator('[data-testid="stMain"] h1').first


def go(page, link: str, title: str) -> None:
    """Navigate inside the session through the sidebar (opened first on a narrow screen)."""
    nav = page.locator(harness.MENU)
    opener = page.locator('[data-testid="stExpandSidebarButton"]')
    if opener.is_visible():
        opener.click()
    expect(nav).to_be_in_viewport(timeout=T)
    nav.get_by_role("link", name=link, exact=True).click()
    expect(heading(page)).to_have_text(title, timeout=T)
    wait_ready(page)
    if page.viewport_size["width"] < 640:  # on a phone the sidebar covers the page: close it
        page.locator('[data-testid="stSidebarCollapseButton"] button').click()
        expect(nav).not_to_be_in_viewport()


def log_in(page) -> None:
    page.get_by_label("Gebruikersnaam").fill(NAME)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()


OVERFLOWING = """els => els.filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""


def box(locator) -> dict:
    b = locator.bounding_box()
    assert b is not None
    return b


def no_error(page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.get_by_text("Er ging iets mis")).to_have_count(0)


@pytest.mark.parametrize("width", WIDTHS)
def test_issue_12_journey(at_width, state_url, width):
    page = at_width(width)
    main = page.locator('[data-testid="stMain"]')

    # item 6: a shared link opened before login leads to the login at that URL, then to itself
    page.goto(f"{state_url}/bevolking?jaar=2021")
    wait_ready(page)
    expect(heading(page)).to_have_text("Aanmelden", timeout=T)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    log_in(page)
    expect(heading(page)).to_have_text("Bevolking", timeout=T)
    expect(page.get_by_text("Bevolkingspiramide 2021")).to_be_visible(timeout=T)  # the filter came along
    assert "jaar=2021" in page.url
    page.reload()  # still logged in, still the same view
    wait_ready(page)
    expect(heading(page)).to_have_text("Bevolking", timeout=T)
    expect(page.get_by_text("Bevolkingspiramide 2021")).to_be_visible(timeout=T)
    cookie = next(c for c in page.context.cookies() if c["name"] == "mic_sessie")
    assert cookie["sameSite"] == "Strict" and NAME not in cookie["value"]

    # item 5: Bevolking's year neither breaks nor pre-fills Organisatiebeheersing, whose search
    # stays out of Beleid; back on Bevolking nothing is broken
    page.get_by_role("slider").first.focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_text("Bevolkingspiramide 2022")).to_be_visible(timeout=T)
    expect(page).to_have_url(f"{state_url}/bevolking?jaar=2022", timeout=T)  # the short parameter
    go(page, "Organisatiebeheersing", "Organisatiebeheersing")
    no_error(page)
    main.get_by_role("button", name="Alle domeinen").click()  # domain and search behind one button
    page.get_by_label("Zoek in de titels").fill("personeel")  # one item per domain: a count axis of 0 to 1
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{state_url}/organisatiebeheersing?q=personeel", timeout=T)  # not Bevolking's jaar
    page.keyboard.press("Escape")
    expect(main.get_by_role("button", name=re.compile("Alle domeinen · zoekterm personeel"))).to_be_visible(timeout=T)

    # item 12 on this page: "1 punt", whole-number ticks, a title that fits and is not covered
    expect(page.get_by_text("Organisatiecultuur — 1 vermelding", exact=True)).to_be_visible(timeout=T)
    harness.wait_charts(page, 1)
    chart = page.locator(harness.CHARTS).first
    ticks = chart.locator(".xtick text").evaluate_all("els => els.map(e => e.textContent)")
    assert ticks and len(ticks) == len(set(ticks)), ticks  # not "0, 1, 1"
    title, legend, frame = box(chart.locator(".gtitle")), box(chart.locator(".legend")), box(chart)
    assert title["x"] >= frame["x"] and title["x"] + title["width"] <= frame["x"] + frame["width"] + 1  # not cut off
    assert legend["y"] >= title["y"] + title["height"] - 1  # the legend does not cover the title
    for english in ("Choose an option", "Choose options", "None"):
        expect(main.get_by_text(english, exact=True)).to_have_count(0)
    screenshot(page, f"issue12-organisatiebeheersing-{width}")

    go(page, "Beleid (memorandum 2018)", "Beleid — memorandum 2018")
    expect(page.get_by_text("73 aanbevelingen", exact=True)).to_be_visible(timeout=T)  # the search stayed behind
    assert "q=" not in page.url
    go(page, "Bevolking", "Bevolking")
    expect(page.locator('[data-testid="stSlider"]')).to_be_visible(timeout=T)
    no_error(page)

    # item 12: no tile label or link on Overzicht cut off with "…"
    go(page, "Overzicht", "Mechelen in cijfers")
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(4, timeout=T)
    labels = page.locator('[data-testid="stMetricLabel"] .stMarkdownEllipsis, [data-testid="stPageLink"] p')
    assert labels.evaluate_all(OVERFLOWING) == []
    expect(page.get_by_text("Voortgang organisatiebeheersing 2022")).to_be_visible(timeout=T)
    screenshot(page, f"issue12-overzicht-{width}")

    # item 6: logging out revokes the token, also for a reload
    go(page, "Aanmelden", "Aanmelden")
    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_role("button", name="Aanmelden")).to_be_visible(timeout=T)
    page.goto(f"{state_url}/bevolking")
    wait_ready(page)
    expect(heading(page)).to_have_text("Aanmelden", timeout=T)
