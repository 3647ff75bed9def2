"""Bevolking: key figures with their source sentence, the age projection, and, once an analyst
has published population by age, an age pyramid and the evolution per age group."""

from __future__ import annotations

import streamlit as st

from dashboard import queries, sections
from dashboard.reports import bevolking as content
from dashboard.router import ensure_router
from dashboard.ui import load, on_request, report_button

ensure_router()

st.title("Bevolking")
report_slot = st.container()  # the report button, filled once the year is chosen further down
kern = load(queries.get_kerncijfers)
sections.headline_tiles()

st.subheader("Groei per leeftijdsgroep")
chart_col, _ = st.columns([3, 2])
with chart_col:
    sections.projection_chart()

st.subheader("Bevolking per leeftijd")
jaar = sections.bevolking_jaar()
sections.bevolking_per_leeftijd(jaar)
with report_slot:
    report_button(content.PAGE, {"jaar": None if jaar is None else str(jaar)})

st.subheader("Alle kerncijfers met hun bron")
if kern is not None:  # on request: a table is heavy in the browser, and most visitors come for the tiles
    on_request(
        f"Toon de {len(kern)} kerncijfers als tabel, met de zin uit de bron en download",
        "kerncijfers",
        lambda: sections.kerncijfers_table(kern),
    )
