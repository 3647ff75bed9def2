"""Bevolking: key figures with their source sentence, the age projection, and, once an analyst
has published population by age, an age pyramid and the evolution per age group."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, queries
from dashboard.formatting import format_auto, format_with_unit
from dashboard.permalink import check_param, is_int_between
from dashboard.router import ensure_router
from dashboard.ui import chart_block, data_table, load, source_caption

ensure_router()

st.title("Bevolking")
# Tiles: indicator → short label (the catalog's full label is in the tile's help).
HEADLINES = {
    "inwoners": "Inwoners",
    "nationaliteiten": "Nationaliteiten",
    "aandeel_migratieachtergrond": "Met migratieachtergrond",
    "alleenstaanden_zonder_kinderen": "Alleenstaanden",
}

kern = load(queries.get_kerncijfers)
if kern is not None:
    by_id = kern.set_index("indicator")
    cols = st.columns(len(HEADLINES))
    for col, indicator in zip(cols, HEADLINES, strict=True):
        if indicator in by_id.index:
            row = by_id.loc[indicator]
            col.metric(
                f"{HEADLINES[indicator]} ({row['jaar']})",
                format_with_unit(row["waarde"], None if row["eenheid"] in ("inwoners", "aantal") else row["eenheid"]),
                help=f"{row['label']}: “{row['citaat']}” — {row['bron']}, regel {row['bron_regel']}",
            )
    source_caption("kerncijfers", [int(by_id.loc[i, "bron_regel"]) for i in HEADLINES if i in by_id.index])

st.subheader("Groei per leeftijdsgroep")
proj = load(queries.get_bevolking_projectie)
chart_col, _ = st.columns([3, 2])
if proj is not None:
    with chart_col:
        basis, doel = int(proj["jaar_basis"].min()), int(proj["jaar_doel"].max())
        fig = charts.vertical_bar(
            proj.assign(groep=proj["leeftijdsgroep"] + " jaar"),
            "groep",
            "verschil",
            f"Meer inwoners in {doel} dan in {basis}, per leeftijdsgroep",
            "personen",
            signed=True,
        )
        chart_block(
            fig,
            proj,
            "bevolking_projectie",
            "bevolking_projectie",
            {
                "leeftijdsgroep": "Leeftijdsgroep",
                "jaar_basis": "Basisjaar",
                "jaar_doel": "Doeljaar",
                "verschil": "Verschil",
            },
            {"verschil": lambda v: ("+" if v > 0 else "") + format_auto(v, 0)},
        )

st.subheader("Bevolking per leeftijd")
if not queries.has_dataset("bevolking_leeftijd"):
    st.info(
        "Er is nog geen tabel ‘Bevolking per leeftijd en geslacht’ gepubliceerd. Zodra een analist die "
        "oplaadt (pagina ‘Gegevens opladen’), verschijnen hier een bevolkingspiramide en de evolutie per "
        "leeftijdsgroep.",
        icon=":material/info:",
    )
else:
    jaren = load(queries.get_bevolking_jaren)
    if jaren is not None and not jaren.empty:
        first, last = int(jaren["jaar"].min()), int(jaren["jaar"].max())
        check_param("jaar", is_int_between(first, last), "jaar")
        jaar = st.slider("Jaar", first, last, value=last, key="jaar", bind="query-params") if first < last else first
        soort = jaren.set_index("jaar").loc[jaar, "soort"]
        piramide = queries.get_piramide(jaar)
        left, right = st.columns(2)
        with left:
            chart_block(
                charts.pyramid(piramide, f"Bevolkingspiramide {jaar} ({soort})"),
                piramide.assign(band=piramide["band_start"].map(lambda b: f"{b}-{b + 4}")),
                "bevolking_leeftijd",
                "piramide",
                {"band": "Leeftijd", "geslacht": "Geslacht", "aantal": "Inwoners"},
                {"aantal": lambda v: format_auto(v, 0)},
            )
        with right:
            groepen = queries.get_bevolking_per_groep()
            projected = groepen.loc[groepen["soort"] == "projectie", "jaar"]
            last_observed = int(projected.min()) - 1 if not projected.empty else None
            chart_block(
                charts.lines(
                    groepen, "jaar", "aantal", "groep", "Inwoners per leeftijdsgroep", "inwoners", last_observed
                ),
                groepen,
                "bevolking_leeftijd",
                "groepen",
                {"jaar": "Jaar", "groep": "Leeftijdsgroep", "soort": "Soort", "aantal": "Inwoners"},
                {"aantal": lambda v: format_auto(v, 0)},
            )

st.subheader("Alle kerncijfers met hun bron")
if kern is not None:
    data_table(
        kern,
        "kerncijfers",
        {"label": "Indicator", "waarde": "Waarde", "eenheid": "Eenheid", "jaar": "Jaar"},
        {"waarde": format_auto},
    )
