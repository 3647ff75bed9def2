"""Access through a real server: every page's URL typed directly, for each role, and forged
catalogue links as an anonymous visitor. A page a role may not see does not exist for it (the
default page is shown); a non-public or made-up dataset is neither shown nor downloadable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard.auth import rank
from tests.app.test_roles import DEFAULT_TITLE, PAGES
from tests.e2e.conftest import running_app, wait_ready

pytestmark = pytest.mark.e2e

URL_PATH = {"open_data": "open_data", "overzicht": "overzicht"}  # the rest: the page's own name


@pytest.fixture(scope="module")
def analist_url(built_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_app(built_data, tmp_path_factory.mktemp("analist") / "streamlit.log", role="analist") as url:
        yield url


@pytest.fixture(params=["publiek", "analist", "beheer"])
def role_url(request) -> tuple[str, str]:
    """A server whose sessions all have this role: the anonymous and 'beheer' servers of the other
    browser tests, and one for 'analist' (who may upload but not administer). 'bestuur' differs
    from 'analist' only by the upload page: the AppTest role matrix covers it."""
    fixture = {"publiek": "public_url", "analist": "analist_url", "beheer": "app_url"}[request.param]
    return request.param, request.getfixturevalue(fixture)


def title(page) -> str:
    heading = page.locator('[data-testid="stMain"] h1').first
    expect(heading).to_be_visible(timeout=60_000)
    return heading.inner_text().strip()


def test_direct_page_urls_for_each_role(page, role_url):
    role, url = role_url
    main = page.locator('[data-testid="stMain"]')
    for name, (minimum, page_title) in PAGES.items():
        page.goto(f"{url}/{URL_PATH.get(name, name)}")
        wait_ready(page)
        allowed = rank(role) >= rank(minimum)
        assert title(page) == (page_title if allowed else DEFAULT_TITLE[role]), f"{role} → /{name}"
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        if role == "publiek":
            expect(main).not_to_contain_text("253,75")  # no internal figure on any page reached


FORGED = [
    "fte_afdeling",
    "voortgang",
    "../../etc/passwd",
    "kerncijfers%00",
    "<script>alert(1)</script>",
    "[klik hier](https://evil.example/login)",
]


@pytest.mark.parametrize("dataset", FORGED)
def test_forged_catalogue_links_as_anonymous(page, public_url, dataset: str):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{public_url}/catalogus?dataset={dataset}")
    wait_ready(page)
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text("onbekende waarde voor ‘dataset’")
    expect(main).to_contain_text("Kerncijfers over bevolking")  # the public catalogue, in full
    for hidden in ("Personeel (VTE) per afdeling", "Voortgangsrapport", "253,75"):
        expect(main).not_to_contain_text(hidden)
    expect(main.locator('a[href*="evil.example"]')).to_have_count(0)  # a forged value is text, not a link
    buttons = page.locator('[data-testid="stDownloadButton"]')
    labels = " ".join(buttons.all_inner_texts())
    assert "fte_afdeling" not in labels and "passwd" not in labels
    assert dialogs == []
