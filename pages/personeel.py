"""Personeel: FTE per afdeling of the directie Samen Leven, its share, and the afdeling's teams."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, permalink, queries
from dashboard.formatting import format_auto, format_number
from dashboard.router import ensure_router
from dashboard.ui import chart_block, data_table, load

ensure_router()

ALLE = "Alle afdelingen"

st.title("Personeel")
df = load(queries.get_fte_by_afdeling)
if df is None:
    st.stop()

directie = df["directie"].iloc[0]
st.markdown(f"Personeelsinzet in voltijdse equivalenten (VTE) per afdeling van de directie **{directie}**.")
options = [ALLE, *df["afdeling"]]
keuze = permalink.selectbox(st, "Afdeling", options, "afdeling")
selected = None if keuze == ALLE else keuze

total = float(df["fte"].sum())
cols = st.columns(3)
if selected:
    row = df[df["afdeling"] == selected].iloc[0]
    cols[0].metric(f"VTE {selected}", format_auto(row["fte"]))
    cols[1].metric("Aandeel in de directie", format_number(row["aandeel"], 1) + "%")
    cols[2].metric(f"VTE directie {directie}", format_auto(total))
else:
    cols[0].metric(f"VTE directie {directie}", format_auto(total))
    cols[1].metric("Afdelingen", format_number(len(df)))
    cols[2].metric("Grootste afdeling", df["afdeling"].iloc[0], help=format_auto(df["fte"].iloc[0]) + " VTE")

fig = charts.horizontal_bar(df, "afdeling", "fte", f"VTE per afdeling — directie {directie}", "VTE", highlight=selected)
chart_block(
    fig,
    df[["afdeling", "fte", "aandeel", "bron", "bron_regel"]],
    "fte_afdeling",
    "fte_afdeling",
    {"afdeling": "Afdeling", "fte": "VTE", "aandeel": "Aandeel (%)"},
    {"fte": format_auto, "aandeel": lambda v: format_number(v, 1)},
)

st.subheader(f"Teams — {selected}" if selected else "Teams per afdeling")
teams = load(queries.get_teams, selected)
if teams is not None:
    st.caption(f"{format_number(len(teams))} teams en functies, zoals op de afdelingsslides.")
    data_table(teams, "teams", {"afdeling": "Afdeling", "team": "Team"}, quote=False)
