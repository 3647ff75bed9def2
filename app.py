"""Mechelen in cijfers — the router: page config and navigation. Pages live in pages/."""

from __future__ import annotations

import streamlit as st

from dashboard.config import APP_TITLE

st.set_page_config(page_title=APP_TITLE, page_icon="📊", layout="wide")

PAGES = [
    st.Page("pages/overzicht.py", title="Overzicht", icon=":material/dashboard:", default=True, url_path="overzicht"),
]

st.navigation(PAGES).run()
