"""Overzicht: the headline figures, each linking to its page, and when each dataset was updated."""

from __future__ import annotations

import streamlit as st

from dashboard import indicator_ui, queries
from dashboard.formatting import format_auto, format_date, format_number
from dashboard.router import ensure_router
from dashboard.ui import load
from etl.catalog import ALL_DATASETS

ensure_router()

st.title("Mechelen in cijfers")
st.markdown("Statistieken en open data van **Groep Mechelen** (stad en OCMW), gelezen uit de brondocumenten.")


def tile(column, label: str, value: str, page: str, link: str, help_text: str) -> None:
    with column.container(border=True):
        st.metric(label, value, help=help_text)
        st.page_link(page, label=link, icon=":material/arrow_forward:")


cols = st.columns(4)
inwoners = load(queries.get_kerncijfer, "inwoners")
if inwoners is not None:
    tile(
        cols[0],
        f"Inwoners (begin {inwoners['jaar']})",
        format_number(inwoners["waarde"]),
        "pages/bevolking.py",
        "Naar Bevolking",
        f"“{inwoners['citaat']}” — {inwoners['bron']}, regel {inwoners['bron_regel']}",
    )
fte = load(queries.get_fte_by_afdeling)
if fte is not None:
    tile(
        cols[1],
        f"VTE directie {fte['directie'].iloc[0]}",
        format_auto(fte["fte"].sum()),
        "pages/personeel.py",
        "Naar Personeel",
        f"Som van de VTE op {len(fte)} afdelingsslides — {fte['bron'].iloc[0]}, regels "
        + ", ".join(map(str, fte["bron_regel"])),
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
    )
voortgang = load(queries.get_voortgang_by_soort)
if voortgang is not None:
    per_soort = voortgang.set_index("soort")["aantal"]
    tile(
        cols[3],
        f"Voortgang organisatiebeheersing {int(voortgang['rapport_jaar'].iloc[0])}",
        f"{format_number(per_soort.get('realisatie', 0))} / {format_number(per_soort.get('planning', 0))}",
        "pages/organisatiebeheersing.py",
        "Naar Organisatiebeheersing",
        "Aantal hoofdpunten in het voortgangsrapport: realisaties / planning.",
    )

indicator_ui.changes_section()

st.subheader("Laatst bijgewerkt")
rows = []
for ds in ALL_DATASETS:
    updated = queries.get_updated(ds.name)
    rows.append(
        {
            "Dataset": ds.title,
            "Bron": ds.source,
            "Laatst bijgewerkt": format_date(updated) if updated else "nog niet beschikbaar",
            "Publiek": "ja" if ds.public else "nee",
        }
    )
st.dataframe(rows, hide_index=True, width="stretch")
