"""The login form, and the way back to where the user was going.

A dashboard link opened before logging in (``/bevolking?jaar=2024``) must not end in Streamlit's
English "Page not found" and the default page: for an anonymous visitor the router registers, at
the URL of each page they may not see yet, a hidden stand-in that shows this login form (never
the page itself) and remembers the page and its URL parameters. Once logged in, the router sends
the user there, filters included (:func:`return_to_target`). The OIDC login leaves the app for the
identity provider and comes back in a new session, so the target is also kept in a cookie."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from urllib.parse import quote, unquote

import streamlit as st

from dashboard import auth

TARGET = "na_aanmelden"  # session key and cookie name: {"page": url_path, "params": {name: [values]}}


def login_form() -> None:
    """The local login form, or the OIDC button; reruns the app after a successful login."""
    st.markdown(
        "De open data zijn voor iedereen toegankelijk. Medewerkers van Groep Mechelen melden zich aan "
        "voor de dashboards (college en M-team), het opladen van gegevens (analisten) en het beheer."
    )
    if auth.oidc_configured():
        label = "Aanmelden met uw account van Groep Mechelen"
        st.button(label, on_click=st.login, type="primary", icon=":material/key:")
        return
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


def standin(url_path: str, title: str) -> st.Page:
    """A hidden page at ``url_path`` for anonymous visitors: the login, remembering the target."""

    def aanmelden() -> None:
        target = {"page": url_path, "params": {k: st.query_params.get_all(k) for k in st.query_params}}
        st.session_state[TARGET] = target
        if auth.oidc_configured():  # the OIDC round trip starts a new session: keep it in a cookie too
            st.html(
                f"<script>document.cookie = '{TARGET}={quote(json.dumps(target))}; Path=/; Max-Age=600; "
                "SameSite=Lax';</script>",
                unsafe_allow_javascript=True,
            )
        st.title("Aanmelden")
        st.info(f"Meld u aan om ‘{title}’ te openen.", icon=":material/lock:")
        login_form()

    return st.Page(aanmelden, title="Aanmelden", url_path=url_path, visibility="hidden")


def _remembered() -> dict | None:
    target = st.session_state.pop(TARGET, None)
    if target is None and auth.oidc_configured() and not st.session_state.get("doel_cookie_gebruikt"):
        st.session_state["doel_cookie_gebruikt"] = True
        try:
            target = json.loads(unquote(st.context.cookies.get(TARGET) or "null"))
        except (ValueError, AttributeError):
            target = None
    return target if isinstance(target, dict) else None


def return_to_target(pages: Iterable[st.Page], switch: Callable = st.switch_page) -> None:
    """After a login: go to the page the user asked for before, with its URL parameters. Only a
    page registered for this role is a target, so a remembered name grants nothing."""
    if auth.current_role() == "publiek":
        return
    target = _remembered()
    if not target:
        return
    page = next((p for p in pages if p.url_path == target.get("page")), None)
    params = target.get("params")
    if page is None or not isinstance(params, dict):
        return
    clean = {str(k): [str(v) for v in vs][:20] for k, vs in params.items() if isinstance(vs, list)}
    switch(page, query_params=clean)
