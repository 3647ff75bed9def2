"""What an anonymous visitor sees: only public pages, whatever URL they type."""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import download, wait_ready
from tests.e2e.harness import MENU

pytestmark = pytest.mark.e2e
INTERNAL = ["", "overzicht", "bevolking", "personeel", "organisatiebeheersing", "beleid", "opladen", "beheer"]


@pytest.mark.parametrize("path", INTERNAL)
def test_anonymous_direct_url_gets_only_open_data(page, public_url, path):
    page.goto(f"{public_url}/{path}?afdeling=Burgerzaken&dataset=fte_afdeling")
    wait_ready(page)
    main = page.locator('[data-testid="stMain"]')
    # a page behind the login shows the login at its URL (issue 12), the root the open data
    expect(main.locator("h1")).to_have_text("Mechelen in cijfers — open data" if path == "" else "Aanmelden")
    for internal in ("253,75", "93,47", "Publiceren", "Auditlog", "Realisaties"):
        expect(main).not_to_contain_text(internal)
    nav = page.locator(MENU)
    expect(nav).to_contain_text("Catalogus")
    expect(nav).not_to_contain_text("Personeel")


def test_catalogue_csv_download(page, public_url):
    page.goto(f"{public_url}/catalogus?dataset=kerncijfers")
    wait_ready(page)
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator("h3").first).to_contain_text("Kerncijfers over bevolking")  # the link shows that dataset
    button = main.locator('[data-testid="stDownloadButton"]', has_text="CSV")
    expect(button).to_be_visible()
    text = download(page, button).path().read_bytes().decode("utf-8-sig")
    header = text.splitlines()[0]
    assert header.startswith("indicator;label;waarde;eenheid;jaar")
    assert any(line.startswith("inwoners;") and ";86194" in line for line in text.splitlines())
    parquet = main.locator('[data-testid="stDownloadButton"]', has_text="Parquet")
    table = pq.read_table(download(page, parquet).path())  # made on click, outside the script run
    assert table.num_rows == len(text.splitlines()) - 1
    assert "inwoners" in table.column("indicator").to_pylist()
