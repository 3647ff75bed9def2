"""Beleid in Debian's Chromium (issue 14): one recommendation in full, the long list and the
tables only on request, reachable with the keyboard."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import wait_charts, wait_ready

pytestmark = pytest.mark.e2e


def visit(page, url: str, charts: int) -> None:
    page.goto(url)
    wait_ready(page)
    wait_charts(page, charts)


def test_beleid_list_and_tables_only_on_request_keyboard(page, app_url):
    """Issue 14: Beleid shows one recommendation in full; the list of all 73 with their source
    lines and the tables are not in the page until asked for, and the keyboard asks for them."""
    visit(page, f"{app_url}/beleid?nr=12", 1)
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("Mogelijke acties")
    expect(main).to_contain_text("regel")
    last = "73. Versterk de sociale inclusie"  # another recommendation's text: only in the list
    assert last not in main.text_content()
    expect(main.locator('[data-testid="stDataFrame"]')).to_have_count(0)
    summary = main.locator('[data-testid="stExpander"] summary', has_text="Lijst: 73 aanbevelingen")
    summary.focus()
    page.keyboard.press("Enter")
    expect(main).to_contain_text(last)
    expect(main.locator("li", has_text=last)).to_contain_text("(regel ")
    expect(main.locator('[data-testid="stDataFrame"]')).to_have_count(0)  # the tables still wait
    main.locator('[data-testid="stExpander"] summary', has_text="als tabel en download").click()
    expect(main.locator('[data-testid="stDataFrame"]')).to_have_count(2)
    # the chosen recommendation moves with the keyboard too, and the link follows
    main.get_by_role("button", name="Volgende").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]nr=13\b"))
