"""Mechelen in cijfers — the router: page config, who is looking, and the pages their role may see.

A page that a role may not see is not registered for that session at all. An anonymous visitor
who opens the URL of such a page gets, at that URL, the login instead (a hidden stand-in that
remembers the page and its filters, dashboard/login.py); after logging in they land on it."""

from __future__ import annotations

import streamlit as st

from dashboard import auth, collector, login, not_found, permalink
from dashboard.config import APP_TITLE
from dashboard.frame import page_styles
from dashboard.guard import run_guarded

# The emoji (Streamlit checks it against its emoji catalogue, 25–80 ms of the server's first script
# run): an image instead (even a data URL) makes Streamlit import numpy and PIL, which cost more.
st.set_page_config(page_title=APP_TITLE, page_icon="📊", layout="wide")
page_styles()

refusals = auth.production_problems()
if refusals:
    st.error("Deze installatie staat in productiemodus maar is niet veilig ingesteld: " + "; ".join(refusals) + ".")
    st.stop()

OPEN = [
    st.Page("pages/open_data.py", title="Open data", icon=":material/public:"),
    st.Page("pages/catalogus.py", title="Catalogus en downloads", icon=":material/dataset:", url_path="catalogus"),
    st.Page("pages/tijdlijn.py", title="Tijdlijn", icon=":material/timeline:", url_path="tijdlijn"),
]
DASHBOARDS = [
    st.Page("pages/overzicht.py", title="Overzicht", icon=":material/dashboard:", url_path="overzicht"),
    st.Page("pages/bevolking.py", title="Bevolking", icon=":material/groups:", url_path="bevolking"),
    st.Page("pages/personeel.py", title="Personeel", icon=":material/badge:", url_path="personeel"),
    st.Page(
        "pages/organisatiebeheersing.py",
        title="Organisatiebeheersing",
        icon=":material/checklist:",
        url_path="organisatiebeheersing",
    ),
    st.Page("pages/beleid.py", title="Beleid (memorandum 2018)", icon=":material/gavel:", url_path="beleid"),
]
# Everyone: the public sees only the indicators marked publiek (enforced by the query layer).
INDICATOREN = [
    st.Page("pages/indicatoren.py", title="Indicatoren", icon=":material/monitoring:", url_path="indicatoren"),
    st.Page("pages/kaart.py", title="Kaart", icon=":material/map:", url_path="kaart"),
    st.Page("pages/wijkprofiel.py", title="Wijkprofiel", icon=":material/location_city:", url_path="wijkprofiel"),
]
ANALYSE = [
    st.Page("pages/opladen.py", title="Gegevens opladen", icon=":material/upload_file:", url_path="opladen"),
    st.Page(
        "pages/spreiding.py", title="Twee indicatoren per wijk", icon=":material/scatter_plot:", url_path="spreiding"
    ),
]
BEHEER = [
    st.Page("pages/beheer.py", title="Gebruikers en auditlog", icon=":material/shield_person:", url_path="beheer")
]
ACCOUNT = [st.Page("pages/aanmelden.py", title="Aanmelden", icon=":material/login:", url_path="aanmelden")]

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

with st.sidebar:
    user = auth.current_user()
    who = f"Aangemeld als **{user}** — {auth.ROLE_LABELS[role]}" if user else auth.ROLE_LABELS[role]
    if auth.dev_role() and not user:  # one element, not two: each is work for the browser on every visit
        st.warning(f"{who}  \nTestmodus: iedereen heeft de rol ‘{auth.dev_role()}’ (MECHELEN_DEV_ROLE).")
    else:
        st.caption(who)
    auth.write_pending_cookie()

# A Dutch answer to a link to a page this role does not list, or to no page at all.
if stand_in := not_found.page_for(sections, OPEN + DASHBOARDS + INDICATOREN + ANALYSE + BEHEER + ACCOUNT):
    sections["Account"] = [*sections["Account"], stand_in]

page = st.navigation(sections, expanded=True)  # all pages listed: no English "View 5 more" link
login.return_to_target([p for pages in sections.values() for p in pages])
permalink.enter_page()
try:
    run_guarded(page.run, permalink.current_page())
    auth.cookie_written()
finally:  # also after st.stop(): before Streamlit's full collection that follows every run
    collector.freeze_new_imports()
