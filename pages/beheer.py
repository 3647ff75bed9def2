"""Beheer: the accounts and their roles, and the audit log of every publish and rollback."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import analyst, auth
from dashboard.router import ensure_router

ensure_router()
auth.require("beheer")

st.title("Gebruikers en auditlog")
st.subheader("Accounts")
if auth.oidc_configured():
    st.markdown("Aanmelden gebeurt via OIDC; de rollen volgen uit `[roles]` in `.streamlit/secrets.toml`.")
accounts = auth.load_accounts()
if accounts:
    st.dataframe(
        pd.DataFrame(
            [(a.name, auth.ROLE_LABELS[a.role], "demo" if a.demo else "lokaal") for a in accounts.values()],
            columns=["Gebruiker", "Rol", "Soort"],
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.info("Er zijn geen lokale accounts.")
st.caption("Een account toevoegen: `python -m dashboard.users add NAAM --role bestuur|analist|beheer`.")

st.subheader("Auditlog")
log = analyst.audit_log()
if log.empty:
    st.info("Nog geen publicaties.")
else:
    st.dataframe(log, hide_index=True, width="stretch")
