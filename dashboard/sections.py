"""Page sections used on more than one page (the dashboards and the public open-data view)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, headlines, permalink, queries
from dashboard.formatting import format_auto
from dashboard.ui import chart_block, data_table, load, source_caption
from etl.catalog import HEADLINES

WIJKEN_SHOWN = 25  # more bars than this are unreadable; the title says how many there are


def headline_tiles() -> None:
    """The headline figures (catalog: HEADLINES), each the most recent among its sources, with
    its provenance in the help and, under the tiles, the source of the rows they show."""
    shown = [(item, row) for item in HEADLINES if (row := headlines.latest(item)) is not None]
    for col, (item, row) in zip(st.columns(len(HEADLINES)), shown, strict=False):
        col.metric(f"{item.label} ({headlines.year_label(row)})", headlines.value(row), help=headlines.detail(row))
    rows = pd.DataFrame([row for _, row in shown])
    for dataset, part in rows.groupby("dataset", sort=False) if not rows.empty else ():
        source_caption(str(dataset), rows=part)


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
            piramide,
            "bevolking_leeftijd",
            "piramide",
            {"band": "Leeftijd", "geslacht": "Geslacht", "aantal": "Inwoners"},
            {"aantal": lambda v: format_auto(v, 0)},
            sources=queries.get_bevolking_bronnen(jaar),
        )
    with right:
        groepen = age_groups(queries.get_bevolking_per_groep())
        projected = groepen.loc[groepen["soort"] == "projectie", "jaar"]
        last_observed = int(projected.min()) - 1 if not projected.empty else None
        bronnen = queries.get_bevolking_bronnen()
        if not groepen.empty:
            chart_block(
                charts.lines(
                    groepen, "jaar", "aantal", "groep", "Inwoners per leeftijdsgroep", "inwoners", last_observed
                ),
                groepen,
                "bevolking_leeftijd",
                "groepen",
                {"jaar": "Jaar", "groep": "Leeftijdsgroep", "soort": "Soort", "aantal": "Inwoners"},
                {"aantal": lambda v: format_auto(v, 0)},
                sources=bronnen[bronnen["jaar"].isin(groepen["jaar"])],
            )
    population_by_wijk(jaar)


def age_groups(groepen: pd.DataFrame) -> pd.DataFrame:
    """The groups of the years whose ages all fall within one group. A year with bands across a
    group boundary (e.g. "15-19" across 18) is left out, with a note: splitting such a band would
    invent how its people are spread over its years."""
    across = groepen[groepen["groep"].isna()]
    if not across.empty:
        years = sorted(int(j) for j in across["jaar"].unique())
        bands = sorted(set(across["over_grens"]), key=lambda b: (len(b), b))
        groups = _listing(group[0] for group in queries.AGE_GROUPS)
        st.info(
            f"De leeftijdsgroepen {groups} worden niet getoond voor {_listing(map(str, years))}: "
            f"de cijfers van {'dat jaar' if len(years) == 1 else 'die jaren'} staan in leeftijdsbanden die over de "
            f"grens van een groep lopen ({_listing(f'‘{b}’' for b in bands)}). Zo’n band verdelen over twee groepen "
            "zou een schatting zijn; met cijfers per leeftijdsjaar verschijnen deze jaren wel.",
            icon=":material/info:",
        )
    return groepen[~groepen["jaar"].isin(across["jaar"])].drop(columns="over_grens")


def _listing(items) -> str:
    """ "a, b en c" """
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


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
        sources=queries.get_bevolking_bronnen(jaar),
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
