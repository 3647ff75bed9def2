"""Open data: the charts of every dataset the catalog marks public, for anyone. The tables under
them open on request (a data grid is heavy in the browser even inside a closed expander), each
with its provenance and downloads; every dataset is in the Catalogus."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import queries, sections
from dashboard.formatting import format_auto, plural
from dashboard.permalink import page_key
from dashboard.router import ensure_router
from dashboard.ui import data_table, load

ensure_router()

st.title("Mechelen in cijfers — open data")
st.markdown(
    "Cijfers van **Groep Mechelen** (stad en OCMW) die iedereen mag hergebruiken onder de "
    "[Modellicentie Gratis Hergebruik – Vlaanderen v1.0]"
    "(https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0). "
    "Elke grafiek toont haar bron; de gegevens als tabel, met herkomst en om te downloaden, openen met één klik. "
    "Alle datasets staan in de **Catalogus**."
)


def table_on_request(label: str, key: str, rows: pd.DataFrame, show: Callable[[pd.DataFrame], None]) -> None:
    """A closed expander that makes its table only once opened (the page reruns then)."""
    box = st.expander(label, key=page_key(f"tabel_{key}"), on_change="rerun", icon=":material/table:")
    if box.open:
        with box:
            show(rows)


kern = load(queries.get_kerncijfers)
sections.headline_tiles()

st.subheader("Bevolking")
left, right = st.columns(2)
with left:
    sections.projection_chart()
with right:
    sections.themes_chart()
sections.population_by_age(sections.population_year())

st.subheader("Kerncijfers uit het memorandum 2018")
if kern is not None:
    table_on_request(
        f"Toon de {plural(len(kern), 'kerncijfer', 'kerncijfers')}, met bron en download",
        "kerncijfers",
        kern,
        sections.kerncijfers_table,
    )

st.subheader("Beleidsdoelen met een cijfer en een jaar (memorandum 2018)")
doelen = load(queries.get_doelen)
if doelen is not None:
    table_on_request(
        f"Toon de {plural(len(doelen), 'beleidsdoel', 'beleidsdoelen')}, met bron en download",
        "doelen",
        doelen,
        lambda rows: data_table(
            rows,
            "doelen",
            {
                "omschrijving": "Doel",
                "waarde": "Doelwaarde",
                "eenheid": "Eenheid",
                "doeljaar": "Tegen",
                "kader": "Kader",
            },
            {"waarde": format_auto},
        ),
    )

st.subheader("Tijdlijn: integratie stad–OCMW en lokaal sociaal beleid")
tijdlijn = load(queries.get_tijdlijn)
if tijdlijn is not None:
    st.page_link("pages/tijdlijn.py", label="Bekijk de tijdlijn als grafiek", icon=":material/timeline:")
    table_on_request(
        f"Toon de {plural(len(tijdlijn), 'gebeurtenis', 'gebeurtenissen')}, met bron en download",
        "tijdlijn",
        tijdlijn,
        lambda rows: data_table(
            rows,
            "tijdlijn",
            {"jaar": "Jaar", "jaar_bron": "Jaar gekend als", "gebeurtenis": "Gebeurtenis", "opmerking": "Opmerking"},
            quote=False,
        ),
    )
