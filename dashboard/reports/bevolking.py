"""Bevolking: the headline kerncijfers, the projection per age group and, once population by age
is published, the pyramid, the groups over time and the largest wijken — for the page, the
open-data view and the report."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard import charts, queries
from dashboard.formatting import format_auto, format_with_unit
from dashboard.reports.model import ChartSpec, KeyFigure, PageReport, Param, Report, Table, optional, table_source

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


def headline_rows(kern: pd.DataFrame) -> pd.DataFrame:
    """The headline indicators' latest year each, in the order of :data:`HEADLINES`."""
    latest = kern.sort_values("jaar").groupby("indicator").tail(1).set_index("indicator")
    return latest.loc[[i for i in HEADLINES if i in latest.index]]


def headline_figures(kern: pd.DataFrame) -> list[KeyFigure]:
    figures = []
    for indicator, row in headline_rows(kern).iterrows():
        unit = None if row["eenheid"] in ("inwoners", "aantal") else row["eenheid"]
        figures.append(
            KeyFigure(f"{HEADLINES[indicator]} ({_year(row)})", format_with_unit(row["waarde"], unit), _provenance(row))
        )
    return figures


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


def pyramid_chart(jaar: int, soort: str) -> ChartSpec:
    piramide = queries.get_piramide(jaar)
    return ChartSpec(
        charts.pyramid(piramide, f"Bevolkingspiramide {jaar} ({soort})"),
        piramide.assign(band=piramide["band_start"].map(lambda b: f"{b}-{b + 4}")),
        "bevolking_leeftijd",
        "piramide",
        {"band": "Leeftijd", "geslacht": "Geslacht", "aantal": "Inwoners"},
        {"aantal": _count},
    )


def groups_chart() -> ChartSpec:
    groepen = queries.get_bevolking_per_groep()
    projected = groepen.loc[groepen["soort"] == "projectie", "jaar"]
    last_observed = int(projected.min()) - 1 if not projected.empty else None
    return ChartSpec(
        charts.lines(groepen, "jaar", "aantal", "groep", "Inwoners per leeftijdsgroep", "inwoners", last_observed),
        groepen,
        "bevolking_leeftijd",
        "groepen",
        {"jaar": "Jaar", "groep": "Leeftijdsgroep", "soort": "Soort", "aantal": "Inwoners"},
        {"aantal": _count},
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
    )


def population_years() -> pd.DataFrame | None:
    """Years of the published population by age (with their kind), or None when there is none."""
    if not queries.has_dataset("bevolking_leeftijd"):
        return None
    jaren = queries.get_bevolking_jaren()
    return None if jaren.empty else jaren


def _year_options(_: Mapping[str, object]) -> list[str]:
    jaren = population_years()
    return [] if jaren is None else [str(int(j)) for j in jaren["jaar"]]


def _last_year() -> str | None:
    years = _year_options({})
    return max(years, key=int) if years else None


def build(values: Mapping[str, object]) -> Report:
    kern = optional(queries.get_kerncijfers)
    charts_: list[ChartSpec] = []
    proj = optional(queries.get_bevolking_projectie)
    if proj is not None:
        charts_.append(projection_chart(proj))
    jaren = population_years()
    if jaren is not None and values.get("jaar"):
        jaar = int(str(values["jaar"]))
        soort = jaren.set_index("jaar").loc[jaar, "soort"]
        charts_ += [pyramid_chart(jaar, soort), groups_chart()]
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
    return Report(
        title="Bevolking",
        figures=headline_figures(kern) if kern is not None else [],
        charts=charts_,
        tables=tables,
    )


PAGE = PageReport("bevolking", "Bevolking", build, {"jaar": Param("Jaar", _year_options, _last_year)})
