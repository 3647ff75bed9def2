"""Page sections used on more than one page (the dashboards and the public open-data view). What
they show is declared with the pages' reports (:mod:`dashboard.reports`); this module lays it out."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import permalink, queries
from dashboard.formatting import format_auto
from dashboard.reports import beleid, bevolking
from dashboard.ui import data_table, kerncijfers, load, show_chart, source_caption
from etl.catalog import HEADLINES


def headline_tiles() -> None:
    """The headline figures (catalog: HEADLINES), each the most recent among its sources, with
    its provenance in the help and, under the tiles, the source of the rows they show."""
    shown = bevolking.headline_rows()
    kerncijfers(bevolking.headline_figures(shown), slots=len(HEADLINES))
    for dataset, rows in bevolking.headline_sources(shown):
        source_caption(dataset, rows=rows)


def kerncijfers_table(kern: pd.DataFrame) -> None:
    data_table(
        kern,
        "kerncijfers",
        {
            "label": "Indicator",
            "waarde": "Waarde",
            "eenheid": "Eenheid",
            "jaar": "Jaar",
            "jaar_bron": "Jaar gekend als",
        },
        {"waarde": format_auto},
    )


def projection_chart() -> None:
    proj = load(queries.get_bevolking_projectie)
    if proj is not None:
        show_chart(bevolking.projection_chart(proj))


def bevolking_jaar() -> int | None:
    """The year chosen for the population by age (slider in the URL), or None with a notice when
    there are no such figures yet."""
    if not queries.has_dataset("bevolking_leeftijd"):
        st.info(
            "Er is nog geen tabel ‘Bevolking per leeftijd en geslacht’ gepubliceerd. Zodra die gepubliceerd is "
            "(door een analist van Groep Mechelen), verschijnen hier een bevolkingspiramide en de evolutie per "
            "leeftijdsgroep.",
            icon=":material/info:",
        )
        return None
    jaren = load(queries.get_bevolking_jaren)
    if jaren is None or jaren.empty:
        return None
    first, last = int(jaren["jaar"].min()), int(jaren["jaar"].max())
    return permalink.slider(st, "Jaar", first, last, "jaar", last) if first < last else first


def bevolking_per_leeftijd(jaar: int | None) -> None:
    """Age pyramid for the year and the groups over time, once published; then the wijken."""
    if jaar is None:
        return
    soort = queries.get_bevolking_jaren().set_index("jaar").loc[jaar, "soort"]
    left, right = st.columns(2)
    with left:
        show_chart(bevolking.piramide_chart(jaar, soort))
    with right:
        groepen, note = bevolking.age_groups(queries.get_bevolking_per_groep())
        if note:
            st.info(note, icon=":material/info:")
        if (groups := bevolking.groepen_chart(groepen)) is not None:
            show_chart(groups)
    if (wijk := bevolking.wijk_chart(jaar)) is not None:
        show_chart(wijk)


def themas_chart(highlight: str | None = None) -> pd.DataFrame | None:
    """Recommendations per theme of the memorandum, in document order; returns the themes."""
    themas = load(queries.get_themas)
    if themas is None:
        return None
    show_chart(beleid.themas_chart(themas, highlight))
    return themas
