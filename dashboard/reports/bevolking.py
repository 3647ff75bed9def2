"""Bevolking: the headline kerncijfers, the projection per age group and, once population by age
is published, the pyramid, the groups over time and the largest wijken — for the page, the
open-data view and the report."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard import charts, headlines, queries
from dashboard.formatting import format_auto
from dashboard.reports.model import (
    ChartSpec,
    Kerncijfer,
    PageReport,
    Param,
    Report,
    Table,
    optional,
    table_source,
)
from dashboard.result_cache import shared_spec
from dashboard.sources import caption
from etl.catalog import HEADLINES, Headline, get_dataset

WIJKEN_SHOWN = 25  # more bars than this are unreadable; the title says how many there are


def headline_rows() -> list[tuple[Headline, pd.Series]]:
    """The headline figures (catalog: HEADLINES) that some source has, each the most recent."""
    return [(item, row) for item in HEADLINES if (row := headlines.latest(item)) is not None]


def headline_figures(shown: list[tuple[Headline, pd.Series]]) -> list[Kerncijfer]:
    return [
        Kerncijfer(f"{item.label} ({headlines.jaar_label(row)})", headlines.value(row), headlines.detail(row))
        for item, row in shown
    ]


def headline_sources(shown: list[tuple[Headline, pd.Series]]) -> list[tuple[str, pd.DataFrame]]:
    """(dataset, rows) per dataset the tiles' figures come from: the source lines under the tiles."""
    rows = pd.DataFrame([row for _, row in shown])
    return [] if rows.empty else [(str(name), part) for name, part in rows.groupby("dataset", sort=False)]


@shared_spec
def projection_chart(proj: pd.DataFrame) -> ChartSpec:
    basis, doel = int(proj["jaar_basis"].min()), int(proj["jaar_doel"].max())
    return ChartSpec(
        charts.vertical_bar(
            proj.assign(groep=proj["leeftijdsgroep"] + " jaar"),
            "groep",
            "verschil",
            f"Meer inwoners in {doel} dan in {basis}, per leeftijdsgroep",
            "personen",
            signed=True,
        ),
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


def _count(v: float) -> str:
    return format_auto(v, 0)


def piramide_chart(jaar: int, soort: str) -> ChartSpec:
    piramide = queries.get_piramide(jaar)
    return ChartSpec(
        charts.piramide(piramide, f"Bevolkingspiramide {jaar} ({soort})"),
        piramide,
        "bevolking_leeftijd",
        "piramide",
        {"band": "Leeftijd", "geslacht": "Geslacht", "aantal": "Inwoners"},
        {"aantal": _count},
        sources=queries.get_bevolking_bronnen(jaar),
    )


def age_groups(groepen: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    """The groups of the years whose ages all fall within one group, and a note naming the years
    left out. A year with bands across a group boundary (e.g. "15-19" across 18) is left out:
    splitting such a band would invent how its people are spread over its years."""
    across = groepen[groepen["groep"].isna()]
    note = None
    if not across.empty:
        years = sorted(int(j) for j in across["jaar"].unique())
        bands = sorted(set(across["over_grens"]), key=lambda b: (len(b), b))
        groups = _listing(group[0] for group in queries.AGE_GROUPS)
        note = (
            f"De leeftijdsgroepen {groups} worden niet getoond voor {_listing(map(str, years))}: "
            f"de cijfers van {'dat jaar' if len(years) == 1 else 'die jaren'} staan in leeftijdsbanden die over de "
            f"grens van een groep lopen ({_listing(f'‘{b}’' for b in bands)}). Zo’n band verdelen over twee groepen "
            "zou een schatting zijn; met cijfers per leeftijdsjaar verschijnen deze jaren wel."
        )
    return groepen[~groepen["jaar"].isin(across["jaar"])].drop(columns="over_grens"), note


def _listing(items) -> str:
    """ "a, b en c" """
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " en " + items[-1]


def groepen_chart(groepen: pd.DataFrame) -> ChartSpec | None:
    """The groups over time (``groepen`` as :func:`age_groups` keeps them), or None when no year is left."""
    if groepen.empty:
        return None
    projected = groepen.loc[groepen["soort"] == "projectie", "jaar"]
    last_observed = int(projected.min()) - 1 if not projected.empty else None
    bronnen = queries.get_bevolking_bronnen()
    return ChartSpec(
        charts.lines(groepen, "jaar", "aantal", "groep", "Inwoners per leeftijdsgroep", "inwoners", last_observed),
        groepen,
        "bevolking_leeftijd",
        "groepen",
        {"jaar": "Jaar", "groep": "Leeftijdsgroep", "soort": "Soort", "aantal": "Inwoners"},
        {"aantal": _count},
        sources=bronnen[bronnen["jaar"].isin(groepen["jaar"])],
    )


def wijk_chart(jaar: int) -> ChartSpec | None:
    """The most populous wijken of the year, when the published figures are per wijk."""
    wijken = queries.get_bevolking_per_wijk(jaar, WIJKEN_SHOWN)
    if wijken.empty:
        return None
    total = int(wijken["wijken"].iloc[0])
    title = f"Inwoners per wijk, {jaar}"
    if total > len(wijken):
        title += f" (de {len(wijken)} grootste van {format_auto(total, 0)} wijken)"
    return ChartSpec(
        charts.horizontal_bar(wijken, "wijk", "aantal", title, "inwoners", 0),
        wijken.drop(columns="wijken"),
        "bevolking_leeftijd",
        "wijken",
        {"wijk": "Wijk", "aantal": "Inwoners"},
        {"aantal": _count},
        sources=queries.get_bevolking_bronnen(jaar),
    )


def bevolking_jaren() -> pd.DataFrame | None:
    """Years of the published population by age (with their kind), or None when there is none."""
    if not queries.has_dataset("bevolking_leeftijd"):
        return None
    jaren = queries.get_bevolking_jaren()
    return None if jaren.empty else jaren


def _year_options(_: Mapping[str, object]) -> list[str]:
    jaren = bevolking_jaren()
    return [] if jaren is None else [str(int(j)) for j in jaren["jaar"]]


def _last_year() -> str | None:
    years = _year_options({})
    return max(years, key=int) if years else None


def build(values: Mapping[str, object]) -> Report:
    kern = optional(queries.get_kerncijfers)
    charts_: list[ChartSpec] = []
    notes: list[str] = []
    proj = optional(queries.get_bevolking_projectie)
    if proj is not None:
        charts_.append(projection_chart(proj))
    jaren = bevolking_jaren()
    if jaren is not None and values.get("jaar"):
        jaar = int(str(values["jaar"]))
        soort = jaren.set_index("jaar").loc[jaar, "soort"]
        charts_.append(piramide_chart(jaar, soort))
        groepen, note = age_groups(queries.get_bevolking_per_groep())
        notes += [note] if note else []
        if (groups := groepen_chart(groepen)) is not None:
            charts_.append(groups)
        if (wijk := wijk_chart(jaar)) is not None:
            charts_.append(wijk)
    tables = []
    if kern is not None:
        tables.append(
            Table(
                "Alle kerncijfers met hun bron",
                ["Indicator", "Waarde", "Eenheid", "Jaar", "Regel"],
                [
                    [r.label, format_auto(r.waarde), r.eenheid, str(r.jaar), str(r.bron_regel)]
                    for r in kern.itertuples()
                ],
                note=table_source("kerncijfers", kern),
            )
        )
    shown = headline_rows()
    return Report(
        title="Bevolking",
        intro=" ".join(notes),
        figures=headline_figures(shown),
        figures_note=" ".join(
            caption(get_dataset(name), rows, None, queries.get_updated(name), markdown=False)
            for name, rows in headline_sources(shown)
        ),
        charts=charts_,
        tables=tables,
    )


PAGE = PageReport("bevolking", "Bevolking", build, {"jaar": Param("Jaar", _year_options, _last_year)})
