"""Access through a real server: every page's URL typed directly by an analist, and forged
catalogue links as an anonymous visitor. A page a role may not see does not exist for it (the
default page is shown); a non-public or made-up dataset is neither shown nor downloadable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard.auth import rank
from dashboard.not_found import NOT_LISTED
from tests.app.test_roles import DEFAULT_TITLE, PAGES
from tests.e2e.conftest import running_app, wait_ready

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def analist_url(built_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_app(built_data, tmp_path_factory.mktemp("analist") / "streamlit.log", role="analist") as url:
        yield url


def title(page) -> str:
    heading = page.locator('[data-testid="stMain"] h1').first
    expect(heading).to_be_visible(timeout=60_000)
    return heading.inner_text().strip()


def test_direct_page_urls_as_analist(page, analist_url):
    """Anonymous direct URLs: test_public_browser; every page as 'beheer': test_load_browser. An
    analist may upload but not administer, and the dashboards are theirs ('bestuur' differs only by
    the upload page: the AppTest role matrix covers that)."""
    for name, (minimum, page_title) in PAGES.items():
        page.goto(f"{analist_url}/{name}")  # each page's URL is its file's name
        wait_ready(page)
        allowed = rank("analist") >= rank(minimum)
        assert title(page) == (page_title if allowed else DEFAULT_TITLE["analist"]), f"analist → /{name}"
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)


FORGED = ["fte_afdeling", "../../etc/passwd", "<script>alert(1)</script>", "[klik hier](https://evil.example/login)"]


def test_forged_catalogue_links_as_anonymous(page, public_url):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    main = page.locator('[data-testid="stMain"]')
    for dataset in FORGED:
        page.goto(f"{public_url}/catalogus?dataset={dataset}")
        wait_ready(page)
        expect(main).to_contain_text("onbekende waarde voor ‘dataset’")
        expect(main).to_contain_text("Kerncijfers over bevolking")  # the public catalogue, in full
        for hidden in ("Personeel (VTE) per afdeling", "Voortgangsrapport", "253,75"):
            expect(main).not_to_contain_text(hidden)
        expect(main.locator('a[href*="evil.example"]')).to_have_count(0)  # a forged value is text, not a link
        labels = " ".join(page.locator('[data-testid="stDownloadButton"]').all_inner_texts())
        assert "fte_afdeling" not in labels and "passwd" not in labels, dataset
    assert dialogs == []


def test_a_page_not_for_this_role_says_so_in_dutch(page, analist_url):
    """An analist's link to /beheer gives the start page, as test_direct_page_urls_as_analist
    asserts, with a Dutch notice instead of Streamlit's English "Page not found" dialog."""
    page.goto(f"{analist_url}/")
    wait_ready(page)  # a server's very first request runs in Streamlit's legacy mode (dashboard/not_found.py)
    page.goto(f"{analist_url}/beheer")
    wait_ready(page)
    assert title(page) == DEFAULT_TITLE["analist"]
    expect(page.locator('[data-testid="stMain"]')).to_contain_text(NOT_LISTED)
    expect(page.get_by_text("Page not found")).to_have_count(0)
