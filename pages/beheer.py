"""Beheer: the accounts and their roles (add, change the role, disable, reset the password,
remove — each audited), and the audit log of every publish, rollback and account change."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import accounts, audit, auth
from dashboard.formatting import format_number, plural
from dashboard.permalink import PLACEHOLDER, PLACEHOLDER_MULTI
from dashboard.router import ensure_router
from dashboard.ui import blank_missing

ensure_router()
auth.require("beheer")

NOTICE = "beheer.melding"  # a message that must survive the rerun after a change
CHANGES = {
    "rol": "Rol wijzigen",
    "wachtwoord": "Wachtwoord herstellen",
    "uit": "Uitschakelen",
    "aan": "Inschakelen",
    "weg": "Verwijderen",
}

st.title("Gebruikers en auditlog")
if message := st.session_state.pop(NOTICE, None):
    st.success(message, icon=":material/check_circle:")

st.subheader("Accounts")
if auth.oidc_configured():
    st.markdown("Aanmelden gebeurt via OIDC; de rollen volgen uit `[roles]` in `.streamlit/secrets.toml`.")
known = auth.load_accounts()
if known:
    st.dataframe(
        pd.DataFrame(
            [
                (
                    a.name,
                    auth.ROLE_LABELS[a.role],
                    "demo" if a.demo else "lokaal",
                    "uitgeschakeld" if a.disabled else "actief",
                )
                for a in known.values()
            ],
            columns=["Gebruiker", "Rol", "Soort", "Status"],
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.info("Er zijn geen lokale accounts.")


def run(change, done: str) -> None:
    """Carry out a change; a refusal is shown as it is, a success after the page is redrawn."""
    try:
        change()
    except ValueError as exc:
        st.error(f"Niet uitgevoerd: {exc}.", icon=":material/block:")
    else:
        st.session_state[NOTICE] = done
        st.rerun()


roles = list(auth.ROLES[1:])
left, right = st.columns(2)
with left, st.form("account_toevoegen", clear_on_submit=True):
    st.markdown("**Account toevoegen**")
    new_name = st.text_input("Gebruikersnaam", max_chars=60)
    new_role = st.selectbox("Rol", roles, format_func=auth.ROLE_LABELS.get, placeholder=PLACEHOLDER)
    new_password = st.text_input("Wachtwoord (minstens 12 tekens)", type="password")
    if st.form_submit_button("Toevoegen", icon=":material/person_add:"):
        run(lambda: accounts.add(new_name, new_role, new_password), f"Account ‘{new_name.strip()}’ toegevoegd.")

with right, st.form("account_wijzigen"):
    st.markdown("**Account wijzigen**")
    name = st.selectbox("Account", list(known), index=None, placeholder=PLACEHOLDER)
    role = st.selectbox("Nieuwe rol", roles, index=None, format_func=auth.ROLE_LABELS.get, placeholder=PLACEHOLDER)
    password = st.text_input("Nieuw wachtwoord (minstens 12 tekens)", type="password")
    choice = st.radio("Wijziging", list(CHANGES.values()), horizontal=True)
    sure = st.checkbox("Ik bevestig het verwijderen")
    submitted = st.form_submit_button("Uitvoeren", icon=":material/manage_accounts:")
    clicked = {key: submitted and choice == label for key, label in CHANGES.items()}
    if submitted and not name:
        st.error("Kies eerst een account.", icon=":material/block:")
    elif clicked["rol"]:
        if role is None:
            st.error("Kies de nieuwe rol.", icon=":material/block:")
        else:
            run(lambda: accounts.set_role(name, role), f"‘{name}’ heeft nu de rol {auth.ROLE_LABELS[role]}.")
    elif clicked["wachtwoord"]:
        run(lambda: accounts.reset_password(name, password), f"Het wachtwoord van ‘{name}’ is hersteld.")
    elif clicked["uit"] or clicked["aan"]:
        state = "uitgeschakeld" if clicked["uit"] else "ingeschakeld"
        run(lambda: accounts.set_disabled(name, clicked["uit"]), f"‘{name}’ is {state}.")
    elif clicked["weg"]:
        if not sure:
            st.warning("Vink eerst de bevestiging aan.")
        else:
            run(lambda: accounts.remove(name), f"‘{name}’ is verwijderd.")
st.caption(
    "Een wijziging van rol of wachtwoord en het uitschakelen beëindigen de lopende aanmeldingen van dat account. "
    "Vanop de opdrachtregel: `python -m dashboard.users add NAAM --role bestuur|analist|beheer`."
)

st.subheader("Auditlog")
log = audit.table()
if log.empty:
    st.info("Nog geen publicaties of accountwijzigingen.")
    st.stop()
cols = st.columns(4)
users = cols[0].multiselect("Gebruiker", sorted(log["Gebruiker"].unique()), placeholder=PLACEHOLDER_MULTI)
subjects = cols[1].multiselect(
    "Dataset of account", sorted(log["Dataset of account"].unique()), placeholder=PLACEHOLDER_MULTI
)
actions = cols[2].multiselect("Actie", sorted(log["Actie"].unique()), placeholder=PLACEHOLDER_MULTI)
first, last = log["Tijd"].min().date(), log["Tijd"].max().date()
period = cols[3].date_input("Periode", (first, last), format="DD/MM/YYYY")
shown = audit.filtered(log, users, subjects, actions, period if isinstance(period, tuple) and period else None)
st.caption(f"{format_number(len(shown))} van {plural(len(log), 'regel', 'regels')}; tijden in Europe/Brussels.")
st.dataframe(
    blank_missing(shown),
    hide_index=True,
    width="stretch",
    column_config={
        "Tijd": st.column_config.DatetimeColumn("Tijd", format="DD/MM/YYYY HH:mm", width=audit.WIDTHS["Tijd"]),
        **{c: st.column_config.Column(c, width=w) for c, w in audit.WIDTHS.items() if c != "Tijd"},
    },
)
