"""Tijdlijn: the milestones of both timelines (integration of city and OCMW, local social
policy) on one chart, per heading, with how each year is known and where each event stands."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, queries
from dashboard.formatting import format_number
from dashboard.permalink import check_param
from dashboard.router import ensure_router
from dashboard.ui import chart_block, load
from etl.catalog import DOCUMENTS

ensure_router()

st.title("Tijdlijn")
st.markdown(
    "Mijlpalen van de integratie van stad en OCMW en van het lokaal sociaal beleid, uit twee "
    "presentaties. Gebeurtenissen onder een kop op de slide (bv. ‘Integratie diensten’) staan samen. "
    "**Open bolletje**: het jaar staat niet bij de gebeurtenis, maar is afgeleid uit de leesvolgorde "
    "van de slide (de tekstexport verloor haar opmaak). **Ruit**: een ander document noemt het jaar; "
    "de opmerking zegt welk. Beweeg over een punt voor document en regel."
)

documenten = load(queries.get_tijdlijn_documenten)
if documenten is None:
    st.stop()
# The link carries the document as people name it, e.g. "… lokaal sociaal beleid Mechelen (003)".
by_title = {DOCUMENTS.get(doc, doc): doc for doc in documenten}
check_param("bron", by_title, "brondocument")
gekozen = st.multiselect("Brondocument", list(by_title), key="bron", bind="query-params", placeholder="Alle documenten")
events = queries.get_tijdlijn_events(tuple(by_title[t] for t in gekozen))

cols = st.columns(3)
cols[0].metric("Gebeurtenissen", format_number(len(events)))
cols[1].metric("Jaar afgeleid", format_number(int((events["jaar_bron"] == "afgeleid").sum())))
cols[2].metric("Jaar uit ander document", format_number(int((events["jaar_bron"] == "ander document").sum())))

jaren = f"{events['jaar'].min()}–{events['jaar'].max()}"
chart_block(
    charts.timeline(events, f"Mijlpalen {jaren}, per kop"),
    events.drop(columns=["doc"]),
    "tijdlijn",
    "tijdlijn_pagina",
    {
        "jaar": "Jaar",
        "jaar_bron": "Jaar gekend als",
        "groep": "Kop",
        "gebeurtenis": "Gebeurtenis",
        "opmerking": "Opmerking",
    },
)
