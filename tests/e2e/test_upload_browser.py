"""Uploading a spreadsheet through the browser: the validation report and the preview appear."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.app.test_opladen import GOOD, fte_xlsx
from tests.e2e.conftest import running_app, screenshot, wait_ready
from tests.fixtures import copy_data

pytestmark = pytest.mark.e2e
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(page, name: str, data: bytes) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        files=[{"name": name, "mimeType": XLSX, "buffer": data}]
    )


def test_upload_shows_problems_then_preview(page, app_url):
    page.goto(f"{app_url}/opladen?dataset=fte_afdeling")
    wait_ready(page)
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("Gegevens opladen")

    upload(page, "fout.xlsx", fte_xlsx([("Burgerzaken", "veel")]))
    expect(main).to_contain_text("kan niet gepubliceerd worden", timeout=30_000)
    expect(main.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    screenshot(page, "opladen_fout")

    upload(page, "goed.xlsx", fte_xlsx(GOOD))
    expect(main).to_contain_text("Het bestand is in orde: 5 rijen", timeout=30_000)
    expect(main.locator('[data-testid="stMetric"]', has_text="Gewijzigde waarden")).to_contain_text("1")
    expect(main.get_by_role("button", name="Publiceren")).to_be_visible()
    screenshot(page, "opladen_voorbeeld")


@pytest.fixture
def own_app_url(built_data: Path, tmp_path: Path) -> Iterator[str]:
    """A server on a copy of the data: this test publishes."""
    with running_app(copy_data(built_data, tmp_path / "data"), tmp_path / "streamlit.log") as url:
        yield url


@pytest.mark.parametrize("width", [1400, 390])
def test_publish_once_and_rollback_feedback(browser, own_app_url, width: int):
    """Issue 12, items 7 and 8: the URL keeps the dataset's name; "Publiceren" is done after its
    publish; the rollback's message stays and its confirmation is unticked."""
    context = browser.new_context(viewport={"width": width, "height": 1600}, locale="nl-BE")
    page = context.new_page()
    try:
        page.goto(f"{own_app_url}/opladen")
        wait_ready(page)
        main = page.locator('[data-testid="stMain"]')
        # Choosing a dataset puts its name in the URL, and reruns give no warning about it.
        main.locator('[data-testid="stSelectbox"]').first.click()
        page.get_by_role("option", name="Bevolking per leeftijd en geslacht").click()
        expect(page).to_have_url(re.compile(r"dataset=bevolking_leeftijd"))
        wait_ready(page)
        expect(main).to_contain_text("Aantal inwoners per jaar")
        main.locator('[data-testid="stSelectbox"]').first.click()
        page.get_by_role("option", name="Personeel (VTE) per afdeling van de directie Samen Leven").click()
        expect(page).to_have_url(re.compile(r"dataset=fte_afdeling"))
        wait_ready(page)
        upload(page, "nieuw.xlsx", fte_xlsx(GOOD))
        expect(main).to_contain_text("Het bestand is in orde: 5 rijen", timeout=30_000)
        publish = main.get_by_role("button", name="Publiceren")
        publish.click()
        expect(main).to_contain_text("Gepubliceerd als versie 2", timeout=30_000)
        expect(publish).to_be_disabled()
        wait_ready(page)
        assert "dataset=fte_afdeling" in page.url
        expect(main).not_to_contain_text("onbekende waarde")
        history = main.locator('[data-testid="stDataFrame"]').last
        expect(history).to_be_visible()
        screenshot(page, f"opladen_gepubliceerd_{width}")

        sure = main.get_by_role("checkbox", name="Ik begrijp dat de dashboards meteen deze versie tonen.")
        main.get_by_text("Ik begrijp dat de dashboards meteen deze versie tonen.").click()
        expect(sure).to_be_checked()
        main.get_by_role("button", name="Terugzetten").click()
        expect(main).to_contain_text("Versie 1 is teruggezet (nu versie 3)", timeout=30_000)
        wait_ready(page)
        expect(main).to_contain_text("Versie 1 is teruggezet (nu versie 3)")  # still there after the run
        expect(sure).not_to_be_checked()
        screenshot(page, f"opladen_teruggezet_{width}")
    finally:
        context.close()
