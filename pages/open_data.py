"""Open data: the charts of every dataset the catalog marks public, for anyone, one at a time
(``?grafiek=aanbevelingen``). The tables under them open on request (a data grid is heavy in the
browser even inside a closed expander), each with its provenance and downloads; every dataset is
in the Catalogus."""

from __future__ import annotations

import streamlit as st

from dashboard import permalink, queries, sections
from dashboard.formatting import format_auto, plural
from dashboard.router import ensure_router
from dashboard.ui import data_table, load, on_request_choice

ensure_router()

st.title("Mechelen in cijfers — open data")
st.markdown(
    "Cijfers van **Groep Mechelen** (stad en OCMW) die iedereen mag hergebruiken onder de "
    "[Modellicentie Gratis Hergebruik – Vlaanderen v1.0]"
    "(https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0). "
    "Elke grafiek toont haar bron; de gegevens als tabel, met herkomst en om te downloaden, openen met één klik. "
    "Alle datasets staan in de **Catalogus**."
)


sections.headline_tiles()

# One chart at a time, the others one click away (and in the link): each chart is a large part of
# what the browser does on every visit. The same kind of buttons as the tables below: one piece of
# the browser's code for both.
st.subheader("Grafieken")
charts = {"prognose": "Bevolkingsprognose", "aanbevelingen": "Aanbevelingen per thema"}
if queries.has_dataset("bevolking_leeftijd"):
    charts["leeftijd"] = "Per leeftijd en wijk"
chart = permalink.segmented(st, "Grafiek", list(charts), "grafiek", format_func=charts.get)
if chart == "prognose":
    sections.projection_chart()
elif chart == "aanbevelingen":
    sections.themas_chart()
else:
    sections.bevolking_per_leeftijd(sections.bevolking_jaar())

# The memorandum's figures and goals and the timeline as tables: one control for the three (each
# table with its provenance and downloads), where a heading and an expander each cost every visit.
st.subheader("Kerncijfers, beleidsdoelen en tijdlijn")
kern, doelen, tijdlijn = load(queries.get_kerncijfers), load(queries.get_doelen), load(queries.get_tijdlijn)
tables = {}
if kern is not None:
    tables[plural(len(kern), "kerncijfer", "kerncijfers")] = lambda: sections.kerncijfers_table(kern)
if doelen is not None:
    tables[plural(len(doelen), "beleidsdoel", "beleidsdoelen")] = lambda: data_table(
        doelen,
        "doelen",
        {"omschrijving": "Doel", "waarde": "Doelwaarde", "eenheid": "Eenheid", "doeljaar": "Tegen", "kader": "Kader"},
        {"waarde": format_auto},
    )
if tijdlijn is not None:
    st.page_link(
        "pages/tijdlijn.py", label="Naar de pagina Tijdlijn: de gebeurtenissen als grafiek", icon=":material/timeline:"
    )
    tables[plural(len(tijdlijn), "gebeurtenis", "gebeurtenissen") + " op de tijdlijn"] = lambda: data_table(
        tijdlijn,
        "tijdlijn",
        {"jaar": "Jaar", "jaar_bron": "Jaar gekend als", "gebeurtenis": "Gebeurtenis", "opmerking": "Opmerking"},
        quote=False,
    )
if tables:
    on_request_choice("Toon als tabel, met bron en download", "open_data_tabellen", tables)
