"""Bevolking: key figures with their source sentence, the age projection, and, once an analyst
has published population by age, an age pyramid and the evolution per age group."""

from __future__ import annotations

import streamlit as st

from dashboard import queries, sections
from dashboard.router import ensure_router
from dashboard.ui import load

ensure_router()

st.title("Bevolking")
kern = load(queries.get_kerncijfers)
sections.headline_tiles()

st.subheader("Groei per leeftijdsgroep")
chart_col, _ = st.columns([3, 2])
with chart_col:
    sections.projection_chart()

st.subheader("Bevolking per leeftijd")
sections.population_by_age()

st.subheader("Alle kerncijfers met hun bron")
if kern is not None:
    sections.kerncijfers_table(kern)
