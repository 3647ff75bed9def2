"""Page sections used on more than one page (the dashboards and the public open-data view)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, permalink, queries
from dashboard.formatting import format_auto, format_with_unit
from dashboard.ui import chart_block, data_table, load, source_caption

WIJKEN_SHOWN = 25  # more bars than this are unreadable; the title says how many there are

# Tiles: indicator → short label (the catalog's full label is in the tile's help).
HEADLINES = {
    "inwoners": "Inwoners",
    "nationaliteiten": "Nationaliteiten",
    "aandeel_migratieachtergrond": "Met migratieachtergrond",
    "alleenstaanden_zonder_kinderen": "Alleenstaanden",
}


def _provenance(row: pd.Series) -> str:
    quote = f"“{row['citaat']}” — " if isinstance(row.get("citaat"), str) and row["citaat"] else ""
    return f"{row['label']}: {quote}{row['bron']}, regel {row['bron_regel']}"


def _year(row: pd.Series) -> str:
    """The year as the sentence gives it; a year the sentence does not name is the document's."""
    return f"memorandum {row['jaar']}" if row.get("jaar_bron") == "referentiedatum" else str(row["jaar"])


def kerncijfer_tiles(kern: pd.DataFrame) -> None:
    """The headline figures of the latest year each, with their source sentence in the help."""
    latest = kern.sort_values("jaar").groupby("indicator").tail(1).set_index("indicator")
    shown = [i for i in HEADLINES if i in latest.index]
    for col, indicator in zip(st.columns(len(HEADLINES)), shown, strict=False):
        row = latest.loc[indicator]
        unit = None if row["eenheid"] in ("inwoners", "aantal") else row["eenheid"]
        col.metric(
            f"{HEADLINES[indicator]} ({_year(row)})", format_with_unit(row["waarde"], unit), help=_provenance(row)
        )
    source_caption("kerncijfers", [int(latest.loc[i, "bron_regel"]) for i in shown])


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
    if proj is None:
        return
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


def population_by_age() -> None:
    """Age pyramid for a year (slider in the URL) and the groups over time, once published."""
    if not queries.has_dataset("bevolking_leeftijd"):
        st.info(
            "Er is nog geen tabel ‘Bevolking per leeftijd en geslacht’ gepubliceerd. Zodra die gepubliceerd is "
            "(door een analist van Groep Mechelen), verschijnen hier een bevolkingspiramide en de evolutie per "
            "leeftijdsgroep.",
            icon=":material/info:",
        )
        return
    jaren = load(queries.get_bevolking_jaren)
    if jaren is None or jaren.empty:
        return
    first, last = int(jaren["jaar"].min()), int(jaren["jaar"].max())
    jaar = permalink.slider(st, "Jaar", first, last, "jaar", last) if first < last else first
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
            charts.lines(groepen, "jaar", "aantal", "groep", "Inwoners per leeftijdsgroep", "inwoners", last_observed),
            groepen,
            "bevolking_leeftijd",
            "groepen",
            {"jaar": "Jaar", "groep": "Leeftijdsgroep", "soort": "Soort", "aantal": "Inwoners"},
            {"aantal": lambda v: format_auto(v, 0)},
        )
    population_by_wijk(jaar)


def population_by_wijk(jaar: int) -> None:
    """The most populous wijken of the year, when the published figures are per wijk."""
    wijken = queries.get_bevolking_per_wijk(jaar, WIJKEN_SHOWN)
    if wijken.empty:
        return
    total = int(wijken["wijken"].iloc[0])
    title = f"Inwoners per wijk, {jaar}"
    if total > len(wijken):
        title += f" (de {len(wijken)} grootste van {format_auto(total, 0)} wijken)"
    chart_block(
        charts.horizontal_bar(wijken, "wijk", "aantal", title, "inwoners", 0),
        wijken.drop(columns="wijken"),
        "bevolking_leeftijd",
        "wijken",
        {"wijk": "Wijk", "aantal": "Inwoners"},
        {"aantal": lambda v: format_auto(v, 0)},
    )


def themes_chart(highlight: str | None = None) -> pd.DataFrame | None:
    """Recommendations per theme of the memorandum, in document order; returns the themes."""
    themas = load(queries.get_themas)
    if themas is None:
        return None
    chart_block(
        charts.horizontal_bar(
            themas, "thema_label", "aantal", "Aantal aanbevelingen per thema", "aanbevelingen", 0, highlight, sort=False
        ),
        themas.drop(columns="eerste"),
        "aanbevelingen",
        "aanbevelingen_thema",
        {"thema_label": "Thema", "aantal": "Aanbevelingen"},
    )
    return themas
