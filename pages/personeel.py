"""Personeel: FTE per afdeling of the directie Samen Leven, its share, and the afdeling's teams."""

from __future__ import annotations

import streamlit as st

from dashboard import permalink, queries
from dashboard.formatting import format_number
from dashboard.reports import personeel as content
from dashboard.router import ensure_router
from dashboard.ui import data_table, kerncijfers, load, on_request, report_button, show_chart

ensure_router()

st.title("Personeel")
df = load(queries.get_fte_by_afdeling)
if df is None:
    st.stop()

directie = df["directie"].iloc[0]
st.markdown(f"Personeelsinzet in voltijdse equivalenten (VTE) per afdeling van de directie **{directie}**.")
options = content.afdeling_options()
keuze = permalink.selectbox(st, "Afdeling", options, "afdeling")
selected = None if keuze == content.ALLE else keuze
report_button(content.PAGE, {"afdeling": keuze})

kerncijfers(content.kerncijfers(df, selected))
show_chart(content.fte_chart(df, selected))

st.subheader(content.teams_title(selected))
teams = load(queries.get_teams, selected)
if teams is not None:
    st.caption(f"{format_number(len(teams))} teams en functies, zoals op de afdelingsslides.")
    on_request(
        "Toon de teams als tabel, met herkomst en download",
        "teams",
        lambda: data_table(teams, "teams", {"afdeling": "Afdeling", "team": "Team"}, quote=False),
    )
