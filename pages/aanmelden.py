"""Aanmelden / afmelden. The message for a failed login never says whether the name exists."""

from __future__ import annotations

import streamlit as st

from dashboard import auth
from dashboard.router import ensure_router

ensure_router()

st.title("Aanmelden")
role = auth.current_role()
if role != "publiek":
    st.success(
        f"U bent aangemeld als {auth.current_user()} ({auth.ROLE_LABELS[role]}).", icon=":material/verified_user:"
    )
    if st.button("Afmelden", icon=":material/logout:"):
        auth.logout()
        st.rerun()
    st.stop()

st.markdown(
    "De open data zijn voor iedereen toegankelijk. Medewerkers van Groep Mechelen melden zich aan "
    "voor de dashboards (college en M-team), het opladen van gegevens (analisten) en het beheer."
)
if auth.oidc_configured():
    st.button("Aanmelden met uw account van Groep Mechelen", on_click=st.login, type="primary", icon=":material/key:")
    st.stop()

wait = auth.locked_for()
if wait:
    st.error(f"Te veel mislukte pogingen. Probeer opnieuw over {wait} seconden.", icon=":material/lock_clock:")
with st.form("aanmelden"):
    name = st.text_input("Gebruikersnaam", autocomplete="username")
    password = st.text_input("Wachtwoord", type="password", autocomplete="current-password")
    submitted = st.form_submit_button("Aanmelden", type="primary", disabled=bool(wait))
if submitted:
    if auth.login(name, password):
        st.rerun()
    elif auth.locked_for():
        st.error("Te veel mislukte pogingen. Probeer het over een minuut opnieuw.", icon=":material/lock_clock:")
    else:
        st.error("Aanmelden mislukt: onbekende gebruikersnaam of fout wachtwoord.", icon=":material/block:")
if not auth.is_production() and auth.demo_file().exists():
    st.info(
        "Dit is een lokale demo-installatie: de demo-accounts (demo-bestuur, demo-analist, demo-beheer) "
        "en hun wachtwoorden staan in de terminal waar `make run` gestart werd.",
        icon=":material/info:",
    )
