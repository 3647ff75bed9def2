"""Uploading a spreadsheet through the browser: the validation report and the preview appear."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.app.test_opladen import GOOD, fte_xlsx
from tests.e2e.conftest import screenshot, wait_ready

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
