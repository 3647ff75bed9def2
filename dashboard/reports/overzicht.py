"""Overzicht: the headline figures (each tile on the page links to its page) and when each dataset
was updated — for the page and its report."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard import queries
from dashboard.formatting import format_auto, format_date, format_number
from dashboard.reports.model import KeyFigure, PageReport, Report, Table, optional
from etl.catalog import ALL_DATASETS


def inwoners_figure(inwoners: pd.Series) -> KeyFigure:
    return KeyFigure(
        f"Inwoners (begin {inwoners['jaar']})",
        format_number(inwoners["waarde"]),
        f"“{inwoners['citaat']}” — {inwoners['bron']}, regel {inwoners['bron_regel']}",
    )


def fte_figure(fte: pd.DataFrame) -> KeyFigure:
    return KeyFigure(
        f"VTE directie {fte['directie'].iloc[0]}",
        format_auto(fte["fte"].sum()),
        f"Som van de VTE op {len(fte)} afdelingsslides — {fte['bron'].iloc[0]}, regels "
        + ", ".join(map(str, fte["bron_regel"])),
    )


def aanbevelingen_figure(count: int) -> KeyFigure:
    return KeyFigure(
        "Aanbevelingen memorandum 2018",
        format_number(count),
        "Beleidsaanbevelingen van het M-team aan het nieuwe bestuur (2018).",
    )


def voortgang_figure(voortgang: pd.DataFrame) -> KeyFigure:
    uniek = voortgang.set_index("soort")["uniek"]
    rijen = voortgang.set_index("soort")["aantal"]
    return KeyFigure(
        f"Voortgang organisatiebeheersing {int(voortgang['rapport_jaar'].iloc[0])}",
        f"{format_number(uniek.get('realisatie', 0))} / {format_number(uniek.get('planning', 0))}",
        "Unieke hoofdpunten in het voortgangsrapport: realisaties / planning. Een punt onder twee domeinen "
        f"telt één keer (met die dubbele vermeldingen: {format_number(rijen.get('realisatie', 0))} / "
        f"{format_number(rijen.get('planning', 0))}).",
    )


def updated_rows() -> list[dict[str, str]]:
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
    return rows


def build(_: Mapping[str, object]) -> Report:
    figures = []
    for query, args, figure in (
        (queries.get_kerncijfer, ("inwoners",), inwoners_figure),
        (queries.get_fte_by_afdeling, (), fte_figure),
        (queries.get_aanbevelingen_count, (), aanbevelingen_figure),
        (queries.get_voortgang_by_soort, (), voortgang_figure),
    ):
        result = optional(query, *args)
        if result is not None:
            figures.append(figure(result))
    rows = updated_rows()
    return Report(
        title="Mechelen in cijfers — Overzicht",
        intro="Statistieken en open data van Groep Mechelen (stad en OCMW), gelezen uit de brondocumenten.",
        figures=figures,
        tables=[Table("Laatst bijgewerkt", list(rows[0]), [list(r.values()) for r in rows])],
    )


PAGE = PageReport("overzicht", "Overzicht", build)
