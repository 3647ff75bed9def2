"""Overzicht: the headline figures, each linking to its page, and when each dataset was updated."""

from __future__ import annotations

import streamlit as st

from dashboard import headlines, indicator_ui, queries, sources
from dashboard.formatting import format_auto, format_number
from dashboard.router import ensure_router
from dashboard.ui import load
from etl.catalog import ALL_DATASETS

ensure_router()

st.title("Mechelen in cijfers")
st.markdown("Statistieken en open data van **Groep Mechelen** (stad en OCMW), gelezen uit de brondocumenten.")


def tile(column, label: str, value: str, page: str, link: str, help_text: str, source: str = "") -> None:
    with column.container(border=True):
        st.metric(label, value, help=help_text)
        if source:
            st.caption(source)
        st.page_link(page, label=link, icon=":material/arrow_forward:")


cols = st.columns(4)
inwoners = headlines.latest(headlines.headline("inwoners"))
if inwoners is not None:
    tile(
        cols[0],
        f"Inwoners (begin {inwoners['jaar']})",
        headlines.value(inwoners),
        "pages/bevolking.py",
        "Naar Bevolking",
        headlines.detail(inwoners),
        headlines.source(inwoners),
    )
fte = load(queries.get_fte_by_afdeling)
if fte is not None:
    tile(
        cols[1],
        f"VTE directie {fte['directie'].iloc[0]}",
        format_auto(fte["fte"].sum()),
        "pages/personeel.py",
        "Naar Personeel",
        f"Som van de VTE op {len(fte)} afdelingsslides — "
        + sources.cite(fte["bron"].iloc[0], fte["bron_regel"].tolist()),
        sources.short("fte_afdeling", fte),
    )
count = load(queries.get_aanbevelingen_count)
if count is not None:
    tile(
        cols[2],
        "Aanbevelingen memorandum 2018",
        format_number(count),
        "pages/beleid.py",
        "Naar Beleid",
        "Beleidsaanbevelingen van het M-team aan het nieuwe bestuur (2018).",
        sources.short("aanbevelingen"),
    )
voortgang = load(queries.get_voortgang_by_soort)
if voortgang is not None:
    uniek = voortgang.set_index("soort")["uniek"]
    rijen = voortgang.set_index("soort")["aantal"]
    tile(
        cols[3],
        f"Voortgang organisatiebeheersing {int(voortgang['rapport_jaar'].iloc[0])}",
        f"{format_number(uniek.get('realisatie', 0))} / {format_number(uniek.get('planning', 0))}",
        "pages/organisatiebeheersing.py",
        "Naar Organisatiebeheersing",
        "Unieke hoofdpunten in het voortgangsrapport: realisaties / planning. Een punt onder twee domeinen "
        f"telt één keer (met die dubbele vermeldingen: {format_number(rijen.get('realisatie', 0))} / "
        f"{format_number(rijen.get('planning', 0))}).",
        sources.short("voortgang", voortgang),
    )

indicator_ui.changes_section()

st.subheader("Peildatum en publicatie per dataset")
st.caption(
    "De peildatum is het moment waarop de cijfers slaan; ‘gepubliceerd op’ is de datum waarop het platform "
    "de tabel het laatst schreef (een nieuwe opbouw van een oud document verandert de peildatum niet)."
)
rows = []
for ds in ALL_DATASETS:
    updated = queries.get_updated(ds.name)
    rows.append(
        {
            "Dataset": ds.title,
            "Peildatum": sources.reference_summary(ds) if updated else "",
            "Gepubliceerd op": sources.local_date(updated) if updated else "nog niet beschikbaar",
            "Publiek": "ja" if ds.public else "nee",
            "Bron": sources.source_summary(ds) if updated else ds.source,
        }
    )
st.dataframe(rows, hide_index=True, width="stretch")
