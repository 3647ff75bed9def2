"""Overzicht: the headline figures and staff per afdeling."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, queries
from dashboard.db import MissingDataset
from dashboard.formatting import format_auto, format_number, format_with_unit
from dashboard.ui import missing_dataset, source_caption

st.title("Mechelen in cijfers")
st.markdown("Statistieken en open data van **Groep Mechelen** (stad en OCMW), gelezen uit de brondocumenten.")


def tiles() -> None:
    cols = st.columns(4)
    try:
        inwoners = queries.get_kerncijfer("inwoners")
        cols[0].metric(
            f"Inwoners (begin {inwoners['jaar']})",
            format_number(inwoners["waarde"]),
            help=f"“{inwoners['citaat']}” — {inwoners['bron']}, regel {inwoners['bron_regel']}",
        )
    except MissingDataset as exc:
        missing_dataset(exc)
    try:
        cols[1].metric(
            "VTE directie Samen Leven",
            format_auto(queries.get_fte_total()),
            help="Som van de VTE op de afdelingsslides (presentatie directie Samen Leven).",
        )
    except MissingDataset as exc:
        missing_dataset(exc)
    try:
        cols[2].metric("Aanbevelingen memorandum 2018", format_number(queries.get_aanbevelingen_count()))
        voortgang = queries.get_voortgang_by_soort().set_index("soort")["aantal"]
        jaar = int(queries.get_voortgang_by_soort()["rapport_jaar"].iloc[0])
        cols[3].metric(
            f"Voortgang organisatiebeheersing {jaar}",
            f"{format_number(voortgang.get('realisatie', 0))} / {format_number(voortgang.get('planning', 0))}",
            help="Aantal hoofdpunten: realisaties / planning.",
        )
    except MissingDataset as exc:
        missing_dataset(exc)


def fte_chart() -> None:
    st.subheader("Personeel per afdeling")
    try:
        df = queries.get_fte_by_afdeling()
    except MissingDataset as exc:
        missing_dataset(exc)
        return
    directie = df["directie"].iloc[0]
    fig = charts.horizontal_bar(df, "afdeling", "fte", f"VTE per afdeling — directie {directie}", "VTE")
    st.plotly_chart(fig, width="stretch", config={"displaylogo": False, "locale": "nl"})
    source_caption("fte_afdeling", df["bron_regel"].tolist())
    with st.expander("Toon als tabel"):
        table = df.assign(
            fte=df["fte"].map(format_auto),
            aandeel=df["aandeel"].map(lambda v: format_number(v, 1) + "%"),
        )[["afdeling", "fte", "aandeel", "bron", "bron_regel"]]
        st.dataframe(
            table,
            hide_index=True,
            column_config={
                "afdeling": "Afdeling",
                "fte": "VTE",
                "aandeel": "Aandeel",
                "bron": "Bron",
                "bron_regel": st.column_config.NumberColumn("Regel", format="%d"),
            },
        )


def kerncijfers_table() -> None:
    st.subheader("Kerncijfers uit het memorandum")
    try:
        df = queries.get_kerncijfers()
    except MissingDataset as exc:
        missing_dataset(exc)
        return
    shown = df.assign(waarde=[format_with_unit(v, u) for v, u in zip(df["waarde"], df["eenheid"], strict=True)])
    st.dataframe(
        shown[["label", "waarde", "jaar", "citaat", "bron_regel"]],
        hide_index=True,
        width="stretch",
        column_config={
            "label": "Indicator",
            "waarde": "Waarde",
            "jaar": st.column_config.NumberColumn("Jaar", format="%d"),
            "citaat": st.column_config.TextColumn("Uit de tekst", width="large"),
            "bron_regel": st.column_config.NumberColumn("Regel", format="%d"),
        },
    )
    source_caption("kerncijfers")


tiles()
left, right = st.columns([1, 1])
with left:
    fte_chart()
with right:
    kerncijfers_table()
