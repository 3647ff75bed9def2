"""Dutch answers to links Streamlit would answer with the start page under an English "Page not
found" dialog: a hidden page registered at exactly the asked path answers instead.

* a path no page has (a typo, an old bookmark): "Pagina niet gevonden", with a link to the start page;
* the path of a page the visitor's role does not list: the start page, as before, with a Dutch
  notice that the asked page is not for this account;
* the start page's own name (``/overzicht``, as a PDF report's link has it): the start page, which
  Streamlit otherwise answers to at "/" only.

A server's very first request still gets Streamlit's answer: it runs in the legacy ``pages/`` mode,
which answers before the app runs (see dashboard/router.py)."""

from __future__ import annotations

import re
import runpy
from collections.abc import Mapping, Sequence

import streamlit as st

from dashboard.formatting import escape_markdown

TITLE = "Pagina niet gevonden"
NOT_LISTED = "Die pagina is er niet voor uw account: u ziet de startpagina."
# What st.Page accepts as a URL path: one segment (a nested path keeps Streamlit's own answer).
_ONE_SEGMENT = re.compile(r"[\w\-]{1,100}")
_ASKED = "niet_gevonden_pad"  # session key: the path asked for that this role has no page at


def asked_path() -> str | None:
    """The URL path this run was asked for by link (None when a page was chosen in the app)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or ctx.pages_manager.intended_page_script_hash:
        return None
    return ctx.pages_manager.intended_page_name or None


def _ask_for(page: st.Page) -> None:
    """Ask for ``page`` by its hash, as a click in the menu does. (Streamlit 1.67: a page's hash is
    its own URL path's, see st.Page._script_hash; the default page's url_path reads "".)"""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is not None:
        ctx.pages_manager.set_script_intent(page._script_hash, page.url_path)


def page_for(sections: Mapping[str, Sequence[st.Page]], app_pages: Sequence[st.Page]) -> st.Page | None:
    """The hidden stand-in for an asked path that none of ``sections``' pages (this role's) has,
    else None; ``app_pages``: every page of the app, whoever may see it. Kept for the session once
    made: a rerun of the stand-in (asked by its hash, not its path) must still find it."""
    pages = [p for group in sections.values() for p in group]
    listed = {p.url_path for p in pages}
    start = pages[0]  # st.navigation's default page: the first one listed
    path = asked_path()
    if path is not None and path == start.url_path:
        _ask_for(start)
        return None
    if path is not None and _ONE_SEGMENT.fullmatch(path) and path not in listed:
        st.session_state[_ASKED] = path
    path = st.session_state.get(_ASKED)
    if path is None or path in listed:
        return None
    if path in {p.url_path for p in app_pages}:
        return _start_page_at(start, path)
    return _not_found_at(start, path)


def _not_found_at(start: st.Page, path: str) -> st.Page:
    def show() -> None:
        st.title(TITLE)
        st.markdown(
            f"De pagina ‘{escape_markdown(path)}’ bestaat niet. Kies een pagina in het menu, of ga naar de startpagina."
        )
        st.page_link(start, label=f"Naar {start.title}", icon=":material/arrow_forward:")

    return st.Page(show, title=TITLE, url_path=path, visibility="hidden")


def _start_page_at(start: st.Page, path: str) -> st.Page:
    source = start._page  # the start page's script or function (st.Page keeps it to itself)

    def show() -> None:
        st.info(NOT_LISTED, icon=":material/lock:")
        if callable(source):
            source()
        else:
            runpy.run_path(str(source), run_name="__main__")

    return st.Page(show, title=start.title, url_path=path, visibility="hidden")
