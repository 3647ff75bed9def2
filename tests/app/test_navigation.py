"""The page menu (dashboard/navigation.py): one HTML element in the sidebar that lists exactly the
pages of the role, per section, the current one marked; the switch itself is checked in Chromium
(tests/e2e/test_pages_browser.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.navigation import menu_html
from tests.app.conftest import open_page


@dataclass(frozen=True, eq=False)  # compared by identity, as the router's pages are
class _Page:
    title: str
    url_path: str
    icon: str = ""
    visibility: str = "visible"


def _page(title: str, url_path: str, icon: str = "", hidden: bool = False) -> _Page:
    return _Page(title, url_path, icon, "hidden" if hidden else "visible")


def links(html: str) -> list[tuple[str, str]]:
    return re.findall(
        r'<a class="mc-nav-link" href="([^"]*)"[^>]*>(?:<span[^>]*>[^<]*</span>)?<span>([^<]*)</span>', html
    )


def menu_of(at: AppTest) -> str:
    (menu,) = [e.proto.body for e in at.sidebar.get("html") if 'class="mc-nav"' in e.proto.body]
    return menu


def test_menu_lists_visible_pages_per_section_with_the_current_one_marked():
    start, kaart = _page("Open data", "open_data", ":material/public:"), _page("Kaart <b>", "kaart")
    sections = {
        "Open data": [start],
        "Indicatoren & meer": [kaart, _page("Aanmelden", "verborgen", hidden=True)],
        "Account": [_page("Aanmelden", "personeel", hidden=True)],
    }
    html = menu_html(sections, kaart)
    assert links(html) == [("/open_data", "Open data"), ("/kaart", "Kaart &lt;b&gt;")]  # escaped, hidden left out
    assert '<span class="mc-nav-icon" aria-hidden="true">public</span>' in html
    assert re.findall(r"<a [^>]*aria-current[^>]*>", html) == [
        '<a class="mc-nav-link" href="/kaart" aria-current="page">'
    ]
    assert '<p class="mc-nav-section" id="mc-nav-1">Indicatoren &amp; meer</p><ul aria-labelledby="mc-nav-1">' in html
    assert html.count("<ul") == 2 and "Account" not in html  # a section of hidden pages only: no heading


def test_menu_links_stay_under_the_servers_base_path(monkeypatch: pytest.MonkeyPatch):
    page = _page("Open data", "open_data")
    monkeypatch.setattr(st, "get_option", lambda name: "/mic/" if name == "server.baseUrlPath" else None)
    assert links(menu_html({"Open data": [page]}, page)) == [("/mic/open_data", "Open data")]


@pytest.mark.parametrize(
    ("role", "listed", "not_listed"),
    [
        ("publiek", ["Open data", "Catalogus en downloads", "Indicatoren", "Aanmelden"], ["Personeel", "Overzicht"]),
        ("beheer", ["Overzicht", "Personeel", "Gegevens opladen", "Gebruikers en auditlog"], []),
    ],
)
def test_router_menu_lists_the_roles_pages(page_env: Path, role: str, listed: list[str], not_listed: list[str]):
    at = open_page("catalogus", role=role)
    assert not at.exception
    titles = [title for _href, title in links(menu_of(at))]
    assert set(listed) <= set(titles) and not set(not_listed) & set(titles)
    assert titles.count("Aanmelden") == 1  # the hidden stand-ins of the login are not listed
    shown = {title: href for href, title in links(menu_of(at))}
    assert 'href="/catalogus" aria-current="page"' in menu_of(at)
    # the start page of the role is the app's root, as Streamlit's navigation has it
    assert shown["Open data" if role == "publiek" else "Overzicht"] == "/"
