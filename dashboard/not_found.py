"""A Dutch page for a link to a page that does not exist (a typo, an old bookmark) or that the
visitor's role does not list; and the start page for a link with its own name. Streamlit would run
the start page under an English "Page not found" dialog; a hidden page registered at exactly the
asked path lets the app answer in its own words. (A server's very first request still gets
Streamlit's answer: it runs in the legacy pages/ mode, which answers before the app runs.)"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import streamlit as st

from dashboard.formatting import escape_markdown

TITLE = "Pagina niet gevonden"
# What st.Page accepts as a URL path: one segment (a nested path keeps Streamlit's own answer).
_ONE_SEGMENT = re.compile(r"[\w\-]{1,100}")
_ASKED = "niet_gevonden_pad"  # session key: the unknown path asked for


def asked_path() -> str | None:
    """The URL path this run was asked for by link (None when a page was chosen in the app)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None or ctx.pages_manager.intended_page_script_hash:
        return None
    return ctx.pages_manager.intended_page_name or None


def _ask_for(page: st.Page) -> None:
    """Ask for ``page`` by its hash: the default page answers to "/" only, so a link with its own
    name (``/overzicht``, as a PDF report's link has it) ran it under Streamlit's English "Page not
    found" dialog. (Streamlit 1.67: a page's hash is its own URL path's, see st.Page._script_hash.)"""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is not None:
        ctx.pages_manager.set_script_intent(page._script_hash, page.url_path)


def page_for(sections: Mapping[str, Sequence[st.Page]]) -> st.Page | None:
    """The hidden stand-in for an asked path that none of ``sections``' pages has, else None.
    Kept for the session once made: a rerun of the stand-in (asked by its hash, not its path)
    must still find it."""
    pages = [p for group in sections.values() for p in group]
    known = {p.url_path for p in pages}
    path = asked_path()
    start = pages[0]  # st.navigation's default page: the first one listed
    if path is not None and path == start.url_path:
        _ask_for(start)
        return None
    if path is not None and _ONE_SEGMENT.fullmatch(path) and path not in known:
        st.session_state[_ASKED] = path
    path = st.session_state.get(_ASKED)
    if path is None or path in known:
        return None

    def show() -> None:
        st.title(TITLE)
        st.markdown(
            f"De pagina ‘{escape_markdown(path)}’ bestaat niet, of uw account heeft er geen toegang toe. "
            "Kies een pagina in het menu, of ga naar de startpagina."
        )
        st.page_link(start, label=f"Naar {start.title}", icon=":material/arrow_forward:")

    return st.Page(show, title=TITLE, url_path=path, visibility="hidden")
