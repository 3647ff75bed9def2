"""The page run, guarded: an unexpected exception on a page becomes a short Dutch message with a
reference, and the detail (with its traceback and that reference) goes to the server log — never
a traceback or Streamlit's English error screen in front of the user. Streamlit's own control flow
(``st.stop``, ``st.rerun``, ``st.switch_page``) raises ``BaseException`` subclasses and passes."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable

import streamlit as st

from dashboard import auth

log = logging.getLogger("mechelen.pagina")


def reference() -> str:
    """A short id to quote when reporting the problem, unique enough to find it in the log."""
    return secrets.token_hex(4).upper()


def run_guarded(run: Callable[[], None], page: str) -> None:
    try:
        run()
    except auth.AccessDenied:
        st.warning("U hebt geen toegang tot deze pagina. Meld u aan met een account dat ze mag zien.")
    except Exception:
        ref = reference()
        log.exception("onverwachte fout op pagina %r (referentie %s)", page, ref)
        st.error(
            "Er ging iets mis bij het tonen van deze pagina. Probeer het opnieuw of kies een andere pagina. "
            f"Blijft het probleem, meld het dan met referentie **{ref}**.",
            icon=":material/error:",
        )
