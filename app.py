"""Mechelen in cijfers — the router: page config, who is looking, and the pages their role may see.

A page that a role may not see is not registered for that session at all. An anonymous visitor
who opens the URL of such a page gets, at that URL, the login instead (a hidden stand-in that
remembers the page and its filters, dashboard/login.py); after logging in they land on it."""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from dashboard import auth, collector, login, not_found, permalink
from dashboard.config import APP_TITLE
from dashboard.frame import page_styles
from dashboard.guard import run_guarded
from dashboard.navigation import menu_html
from dashboard.preload import CHART_PATHS

# The emoji (Streamlit checks it against its emoji catalogue, 25–80 ms of the server's first script
# run): an image instead (even a data URL) makes Streamlit import numpy and PIL, which cost more.
st.set_page_config(page_title=APP_TITLE, page_icon="📊", layout="wide")

refusals = auth.production_problems()
if refusals:
    page_styles()
    st.error("Deze installatie staat in productiemodus maar is niet veilig ingesteld: " + "; ".join(refusals) + ".")
    st.stop()

CHART_PAGES: list[StreamlitPage] = []  # the pages that draw Plotly charts (see dashboard/frame.py)


def _page(script: str, title: str, icon: str, url_path: str) -> StreamlitPage:
    page = st.Page(script, title=title, icon=icon, url_path=url_path)
    if url_path in CHART_PATHS:
        CHART_PAGES.append(page)
    return page


OPEN = [
    _page("pages/open_data.py", "Open data", ":material/public:", "open_data"),
    _page("pages/catalogus.py", "Catalogus en downloads", ":material/dataset:", "catalogus"),
    _page("pages/tijdlijn.py", "Tijdlijn", ":material/timeline:", "tijdlijn"),
]
DASHBOARDS = [
    _page("pages/overzicht.py", "Overzicht", ":material/dashboard:", "overzicht"),
    _page("pages/bevolking.py", "Bevolking", ":material/groups:", "bevolking"),
    _page("pages/personeel.py", "Personeel", ":material/badge:", "personeel"),
    _page(
        "pages/organisatiebeheersing.py",
        "Organisatiebeheersing",
        ":material/checklist:",
        "organisatiebeheersing",
    ),
    _page("pages/beleid.py", "Beleid (memorandum 2018)", ":material/gavel:", "beleid"),
]
# Everyone: the public sees only the indicators marked publiek (enforced by the query layer).
INDICATOREN = [
    _page("pages/indicatoren.py", "Indicatoren", ":material/monitoring:", "indicatoren"),
    _page("pages/kaart.py", "Kaart", ":material/map:", "kaart"),
    _page("pages/wijkprofiel.py", "Wijkprofiel", ":material/location_city:", "wijkprofiel"),
]
ANALYSE = [
    _page("pages/opladen.py", "Gegevens opladen", ":material/upload_file:", "opladen"),
    _page("pages/spreiding.py", "Twee indicatoren per wijk", ":material/scatter_plot:", "spreiding"),
]
BEHEER = [_page("pages/beheer.py", "Gebruikers en auditlog", ":material/shield_person:", "beheer")]
ACCOUNT = [_page("pages/aanmelden.py", "Aanmelden", ":material/login:", "aanmelden")]

auth.restore_session()
role = auth.current_role()
sections: dict[str, list] = {}
if auth.rank(role) >= auth.rank("bestuur"):
    sections["Dashboards"] = DASHBOARDS
sections["Open data"] = OPEN
sections["Indicatoren"] = INDICATOREN
if auth.rank(role) >= auth.rank("analist"):
    sections["Analyse"] = ANALYSE
if auth.rank(role) >= auth.rank("beheer"):
    sections["Beheer"] = BEHEER
sections["Account"] = ACCOUNT
if role == "publiek":  # a link to a page behind the login leads to the login, remembering the page
    sections["Account"] = ACCOUNT + [login.standin(p.url_path, p.title) for p in DASHBOARDS + ANALYSE + BEHEER]

# A Dutch answer to a link to a page this role does not list, or to no page at all.
if stand_in := not_found.page_for(sections, OPEN + DASHBOARDS + INDICATOREN + ANALYSE + BEHEER + ACCOUNT):
    sections["Account"] = [*sections["Account"], stand_in]

# Streamlit's navigation decides which page runs; the menu is ours (dashboard/navigation.py: Streamlit's
# menu widget cost the browser 45–65 ms of every page load), first in the sidebar with the house style.
page = st.navigation(sections, position="hidden")
page_styles(preload_charts=any(page is p for p in CHART_PAGES), menu=menu_html(sections, page))
with st.sidebar:
    user = auth.current_user()
    who = f"Aangemeld als **{user}** — {auth.ROLE_LABELS[role]}" if user else auth.ROLE_LABELS[role]
    if auth.dev_role() and not user:  # one element, not two: each is work for the browser on every visit
        st.warning(f"{who}  \nTestmodus: iedereen heeft de rol ‘{auth.dev_role()}’ (MECHELEN_DEV_ROLE).")
    else:
        st.caption(who)
    auth.write_pending_cookie()

login.return_to_target([p for pages in sections.values() for p in pages])
permalink.enter_page()
try:
    run_guarded(page.run, permalink.current_page())
    auth.cookie_written()
finally:  # also after st.stop(): before Streamlit's full collection that follows every run
    collector.freeze_new_imports()
