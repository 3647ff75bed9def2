"""Tijdlijn: the milestones of both timelines (integration of city and OCMW, local social
policy) on one chart, per heading, with how each year is known and where each event stands."""

from __future__ import annotations

import streamlit as st

from dashboard import permalink, queries
from dashboard.reports import tijdlijn as content
from dashboard.router import ensure_router
from dashboard.ui import kerncijfers, load, report_button, show_chart

ensure_router()

st.title("Tijdlijn")
st.markdown(
    "Mijlpalen van de integratie van stad en OCMW en van het lokaal sociaal beleid, uit twee "
    "presentaties. Gebeurtenissen onder een kop op de slide (bv. ‘Integratie diensten’) staan samen. "
    "**Open bolletje**: het jaar staat niet bij de gebeurtenis, maar is afgeleid uit de leesvolgorde "
    "van de slide (de tekstexport verloor haar opmaak). **Ruit**: een ander document noemt het jaar; "
    "de opmerking zegt welk. Beweeg over een punt voor document en regel."
)

by_title = load(content.documents_by_title)
if by_title is None:
    st.stop()
# The link carries the document as people name it, e.g. "… lokaal sociaal beleid Mechelen (003)".
gekozen = permalink.pills(st, "Brondocument (geen keuze: alle)", list(by_title), "bron", "brondocument")
events = queries.get_tijdlijn_events(tuple(by_title[t] for t in gekozen))
report_button(content.PAGE, {"bron": gekozen})

kerncijfers(content.kerncijfers(events))
show_chart(content.tijdlijn_chart(events))
