"""User-supplied text that looks like HTML is shown as text, never run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from etl.store import Store
from tests.e2e.conftest import running_app, wait_charts, wait_ready
from tests.fixtures import copy_data

pytestmark = pytest.mark.e2e
PAYLOAD = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def hostile_url(built_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = copy_data(built_data, tmp_path_factory.mktemp("xss") / "data")
    store = Store(data / "parquet")
    hostile = {"kerncijfers": "label", "tijdlijn": "gebeurtenis", "aanbevelingen": "hoofdstuk", "voortgang": "titel"}
    for name, column in hostile.items():
        table = store.read_current(name)
        values = table.column(column).to_pylist()
        values[0] = PAYLOAD
        table = table.set_column(table.schema.get_field_index(column), column, [values])
        store.publish(name, table, bestand="xss.xlsx", bestand_sha256="0" * 64)
    with running_app(data, data / "streamlit.log", role="bestuur") as url:
        yield url


@pytest.mark.parametrize("path", ["open_data", "bevolking", "beleid", "organisatiebeheersing"])
def test_html_in_data_is_not_executed(page, hostile_url, path):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{hostile_url}/{path}")
    wait_ready(page)
    wait_charts(page, 1)  # Open data: one chart at a time, the other behind its button (clicked below)
    # what an expander or a pill holds may be made only once it is opened or chosen
    for control in [
        *page.locator('[data-testid="stExpander"] summary').all()[:3],
        *page.locator('[data-testid="stButtonGroup"] button').all(),
    ]:
        control.click()
        wait_ready(page)
    expect(page.locator('img[src="x"]')).to_have_count(0)
    assert dialogs == []
    if path in ("beleid", "organisatiebeheersing"):  # shown through markdown there: visible, literally
        expect(page.locator('[data-testid="stMain"]')).to_contain_text(PAYLOAD)


def test_html_in_an_upload_is_not_executed(page, app_url):
    """File name, sheet names and cell values of an upload carry HTML: the page shows them as text
    (notes, success message, sheet choice, tables), never as markup. Checked only, not published."""
    from tests.e2e.test_upload_browser import upload
    from tests.upload import files

    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sheet = "<img src=x onerror=alert(2)>"  # 28 characters: a valid sheet name
    rows = [files.FTE_HEADER, [PAYLOAD, 12, "Samen Leven"], ["Wonen", 3, "<b>vet</b>"]]
    data = files.xlsx(files.Sheet(sheet, rows), files.Sheet("__vet__ #kop", rows, state="hidden"))
    page.goto(f"{app_url}/opladen?dataset=fte_afdeling")
    wait_ready(page)
    upload(page, f"{PAYLOAD}.xlsx", data)
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("Het bestand is in orde: 2 rijen", timeout=60_000)
    expect(main).to_contain_text(f"‘{PAYLOAD}.xlsx’")  # the name, literally
    expect(main).to_contain_text(f"Gelezen blad: ‘{sheet}’")
    expect(main).to_contain_text("‘__vet__ #kop’ (verborgen)")  # markdown shown as typed
    expect(page.locator('img[src="x"]')).to_have_count(0)
    expect(main.locator("strong", has_text="vet")).to_have_count(0)
    assert dialogs == []
