"""Aanmelden / afmelden. The message for a failed login never says whether the name exists."""

from __future__ import annotations

import streamlit as st

from dashboard import auth
from dashboard.login import login_form
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

login_form()
