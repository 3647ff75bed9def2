"""Make sure every page runs inside the app's router (app.py → st.navigation).

Streamlit keeps a legacy mode for apps that have a ``pages/`` folder: until a script run has
called ``st.navigation``, it runs the requested file from ``pages/`` directly, with a navigation
of its own. On a freshly started server the very first visitor who opens a deep link (say
``/opladen``) would then get that page without app.py — without its layout, and in the future
without its access checks. Every page therefore calls :func:`ensure_router` first: in that
legacy mode it switches Streamlit to ``st.navigation`` mode and reruns, so app.py handles the
request. (Checked against Streamlit 1.67; ``tests/e2e`` opens a deep link on a fresh server.)
"""

from __future__ import annotations

import streamlit as st


def ensure_router() -> None:
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without the legacy mode
        return
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
