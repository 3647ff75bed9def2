"""Overzicht: the headline figures, staff per afdeling, the population projection, key figures."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, queries
from dashboard.formatting import format_auto, format_number, format_with_unit
from dashboard.ui import load, source_caption

st.title("Mechelen in cijfers")
st.markdown("Statistieken en open data van **Groep Mechelen** (stad en OCMW), gelezen uit de brondocumenten.")


def tiles() -> None:
    cols = st.columns(4)
    inwoners = load(queries.get_kerncijfer, "inwoners")
    if inwoners is not None:
        cols[0].metric(
            f"Inwoners (begin {inwoners['jaar']})",
            format_number(inwoners["waarde"]),
            help=f"“{inwoners['citaat']}” — {inwoners['bron']}, regel {inwoners['bron_regel']}",
        )
    total = load(queries.get_fte_total)
    if total is not None:
        cols[1].metric(
            "VTE directie Samen Leven",
            format_auto(total),
            help="Som van de VTE op de afdelingsslides (presentatie directie Samen Leven).",
        )
    count = load(queries.get_aanbevelingen_count)
    if count is not None:
        cols[2].metric("Aanbevelingen memorandum 2018", format_number(count))
    voortgang = load(queries.get_voortgang_by_soort)
    if voortgang is not None:
        per_soort = voortgang.set_index("soort")["aantal"]
        cols[3].metric(
            f"Voortgang organisatiebeheersing {int(voortgang['rapport_jaar'].iloc[0])}",
            f"{format_number(per_soort.get('realisatie', 0))} / {format_number(per_soort.get('planning', 0))}",
            help="Aantal hoofdpunten: realisaties / planning.",
        )


def fte_chart() -> None:
    st.subheader("Personeel per afdeling")
    df = load(queries.get_fte_by_afdeling)
    if df is None:
        return
    directie = df["directie"].iloc[0]
    fig = charts.horizontal_bar(df, "afdeling", "fte", f"VTE per afdeling — directie {directie}", "VTE")
    st.plotly_chart(fig, width="stretch", config={"displaylogo": False})
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


def projection_tiles() -> None:
    st.subheader("Bevolking tegen 2035")
    df = load(queries.get_bevolking_projectie)
    if df is None:
        return
    cols = st.columns(len(df))
    for col, row in zip(cols, df.itertuples(), strict=True):
        col.metric(
            f"{row.leeftijdsgroep} jaar: {row.jaar_doel} t.o.v. {row.jaar_basis}",
            ("+" if row.verschil > 0 else "") + format_number(row.verschil),
            help=f"{row.bron}, regel {row.bron_regel}",
        )
    source_caption("bevolking_projectie", df["bron_regel"].tolist())


def kerncijfers_table() -> None:
    st.subheader("Kerncijfers uit het memorandum")
    df = load(queries.get_kerncijfers)
    if df is None:
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
left, right = st.columns([3, 2])
with left:
    fte_chart()
with right:
    projection_tiles()
kerncijfers_table()
