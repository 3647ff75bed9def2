"""Mechelen in cijfers — the router: page config and navigation. Pages live in pages/."""

from __future__ import annotations

import streamlit as st

from dashboard.config import APP_TITLE

st.set_page_config(page_title=APP_TITLE, page_icon="📊", layout="wide")

PAGES = [
    st.Page("pages/overzicht.py", title="Overzicht", icon=":material/dashboard:", default=True),
    st.Page("pages/bevolking.py", title="Bevolking", icon=":material/groups:", url_path="bevolking"),
    st.Page("pages/personeel.py", title="Personeel", icon=":material/badge:", url_path="personeel"),
    st.Page(
        "pages/organisatiebeheersing.py",
        title="Organisatiebeheersing",
        icon=":material/checklist:",
        url_path="organisatiebeheersing",
    ),
    st.Page("pages/beleid.py", title="Beleid (memorandum 2018)", icon=":material/gavel:", url_path="beleid"),
    st.Page("pages/opladen.py", title="Gegevens opladen", icon=":material/upload_file:", url_path="opladen"),
]

st.navigation(PAGES).run()
