"""Kaart and Wijkprofiel in Chromium with every external host blocked: the map draws from the
uploaded (demo, synthetic) boundaries without any basemap, and a known value is on the page."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_serious, running_app, screenshot, wait_charts, wait_ready
from tests.fixtures import copy_store
from tests.indicator_fixtures import publish_demo

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def demo_url(built_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("indicators")
    copy_store(built_data / "parquet", data / "parquet")
    publish_demo(data / "parquet")
    with running_app(data, data / "streamlit.log", role="bestuur") as url:
        yield url


def coloured_pixels(png: bytes) -> int:
    """Pixels of the map's colour scale (blue), not white background nor grey."""
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    return sum(1 for r, g, b in image.get_flattened_data() if b > r + 60)


def test_kaart_draws_offline_and_wijkprofiel_shows_a_known_value(page, demo_url):
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(demo_url) else None)
    page.goto(f"{demo_url}/kaart?indicator=demo_werkzoekenden&jaar=2021")
    wait_ready(page)
    wait_charts(page, 1)
    chart = page.locator('[data-testid="stPlotlyChart"]')
    expect(chart.locator("canvas").first).to_be_attached()
    expect(chart.locator(".colorbar")).to_contain_text("personen")  # the legend in the unit
    page.wait_for_function(
        """() => { const c = document.querySelector('[data-testid="stPlotlyChart"] canvas');
                   return c && c.width > 0; }"""
    )
    expect(page.locator('[data-testid="stMain"]')).to_contain_text("DEMOGEGEVENS")
    # the polygons are drawn (blue fills), not an empty map waiting on a CDN
    page.wait_for_function("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    assert coloured_pixels(chart.screenshot()) > 2000
    screenshot(page, "kaart")
    assert not [u for u in outside if not u.startswith(("data:", "blob:"))], outside

    page.goto(f"{demo_url}/wijkprofiel?wijk=Demowijk%20Zuid")
    wait_ready(page)
    main = page.locator('[data-testid="stMain"]')
    # Demowijk Zuid, 2022 (synthetic): 60 + 3 × 2 + 2² + 3 = 73%; the city, the mean of the wijken: 75%
    glance = main.locator('[data-testid="stMetric"]', has_text="Inwoners dicht bij groen (demo)")
    expect(glance).to_contain_text("73%")
    expect(glance).to_contain_text("stad: 75%")
    expect(main).to_contain_text("DEMOGEGEVENS")
    screenshot(page, "wijkprofiel")

    page.goto(f"{demo_url}/indicatoren?indicator=demo_werkzoekenden&jaar=2021")
    wait_ready(page)
    wait_charts(page, 1)  # the trend; the wijken one click away (issue 14: one chart at a time)
    main.get_by_role("radiogroup", name="Grafiek").get_by_role("radio", name="Wijken in 2021").focus()
    page.keyboard.press("Space")  # by keyboard
    wijken = main.locator('[data-testid="stPlotlyChart"]', has_text="stad, gemiddeld per wijk: 168 personen")
    expect(wijken).to_be_visible()
    wait_ready(page)
    wait_charts(page, 1)  # the wijken instead of the trend
    expect(page).to_have_url(re.compile(r"grafiek=wijken"))
    screenshot(page, "indicatoren")


def test_theme_and_search_open_by_keyboard_and_are_not_drawn_until_then(page, demo_url):
    """Issue 14: theme and search behind one button (a closed popover draws none of its widgets),
    whose label tells the narrowing in force; opened by keyboard, the focus is in it."""
    page.goto(f"{demo_url}/indicatoren?indicator=demo_werkzoekenden&jaar=2021")
    wait_ready(page)
    wait_charts(page, 1)
    main = page.locator('[data-testid="stMain"]')
    search = page.get_by_label("Zoeken in titel en definitie")  # in the popover's dialog, outside the main
    expect(search).to_have_count(0)  # not drawn while closed
    button = main.get_by_role("button", name="Thema: Werk")
    button.focus()
    page.keyboard.press("Enter")
    expect(search).to_be_visible()
    expect(page.get_by_role("combobox", name=re.compile("Thema"))).to_be_focused()  # the first widget in it
    page.keyboard.press("Tab")
    expect(search).to_be_focused()
    page.keyboard.type("dicht bij groen")
    page.keyboard.press("Enter")
    wait_ready(page)
    expect(main.get_by_role("button", name=re.compile("Thema: Alle thema's · zoekterm"))).to_contain_text(
        "dicht bij groen"
    )
    expect(main.get_by_role("combobox", name=re.compile("Indicator"))).to_be_attached()
    expect(main).to_contain_text("Inwoners dicht bij groen (demo)")
    if problems := axe_serious(page):  # with the popover open
        pytest.fail(str(problems))


def test_axe_finds_no_serious_violation_on_the_indicator_pages_with_wijken(page, demo_url):
    """The indicator pages with demo wijken and boundaries: the map, the wijken compared, a profile."""
    found = {}
    for path, charts in (
        ("indicatoren?indicator=demo_werkzoekenden&jaar=2021&grafiek=wijken", 1),
        ("kaart?indicator=demo_werkzoekenden&jaar=2021", 1),
        ("wijkprofiel?wijk=Demowijk%20Zuid", 0),
    ):
        page.goto(f"{demo_url}/{path}")
        wait_ready(page)
        wait_charts(page, charts)
        if problems := axe_serious(page):
            found[path] = problems
    assert not found, found
