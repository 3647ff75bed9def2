"""Make sure every page runs inside the app's router (app.py → st.navigation).

Streamlit keeps a legacy mode for apps that have a ``pages/`` folder: until a script run has
called ``st.navigation``, it runs the requested file from ``pages/`` directly, with a navigation
of its own. On a freshly started server the very first visitor who opens a deep link (say
``/opladen``) would then get that page without app.py — without its layout, and in the future
without its access checks. Every page therefore calls :func:`ensure_router` first: in that
legacy mode it switches Streamlit to ``st.navigation`` mode and runs app.py in its place, in the
same script run (a rerun would lose a button click). Streamlit's AppTest starts every run in
that mode, so the page tests go through app.py too. (Checked against Streamlit 1.67;
``tests/e2e`` opens a deep link on a fresh server.)
"""

from __future__ import annotations

import runpy
from pathlib import Path

import streamlit as st

APP = Path(__file__).resolve().parent.parent / "app.py"


def ensure_router() -> None:
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:  # a Streamlit without the legacy mode
        return
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        runpy.run_path(str(APP), run_name="__main__")
        st.stop()
