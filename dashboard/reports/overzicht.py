"""Overzicht: the headline figures (each tile on the page links to its page, and names its source
and peildatum) and, per dataset, its peildatum and publication date — for the page and its report."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard import headlines, queries, sources
from dashboard.formatting import format_auto, format_number
from dashboard.reports.model import Kerncijfer, PageReport, Report, Table, optional
from etl.catalog import ALL_DATASETS

INTRO = "Statistieken en open data van **Groep Mechelen** (stad en OCMW), gelezen uit de brondocumenten."
UPDATED_NOTE = (
    "De peildatum is het moment waarop de cijfers slaan; ‘gepubliceerd op’ is de datum waarop het platform "
    "de tabel het laatst schreef (een nieuwe opbouw van een oud document verandert de peildatum niet)."
)


def inwoners() -> pd.Series | None:
    return headlines.latest(headlines.headline("inwoners"))


def inwoners_figure(row: pd.Series) -> Kerncijfer:
    return Kerncijfer(
        f"Inwoners (begin {row['jaar']})", headlines.value(row), headlines.detail(row), headlines.source(row)
    )


def fte_figure(fte: pd.DataFrame) -> Kerncijfer:
    return Kerncijfer(
        f"VTE directie {fte['directie'].iloc[0]}",
        format_auto(fte["fte"].sum()),
        f"Som van de VTE op {len(fte)} afdelingsslides — "
        + sources.cite(fte["bron"].iloc[0], fte["bron_regel"].tolist()),
        sources.short("fte_afdeling", fte),
    )


def aanbevelingen_figure(count: int) -> Kerncijfer:
    return Kerncijfer(
        "Aanbevelingen memorandum 2018",
        format_number(count),
        "Beleidsaanbevelingen van het M-team aan het nieuwe bestuur (2018).",
        sources.short("aanbevelingen"),
    )


def voortgang_figure(voortgang: pd.DataFrame) -> Kerncijfer:
    uniek = voortgang.set_index("soort")["uniek"]
    rijen = voortgang.set_index("soort")["aantal"]
    return Kerncijfer(
        f"Voortgang organisatiebeheersing {int(voortgang['rapport_jaar'].iloc[0])}",
        f"{format_number(uniek.get('realisatie', 0))} / {format_number(uniek.get('planning', 0))}",
        "Unieke hoofdpunten in het voortgangsrapport: realisaties / planning. Een punt onder twee domeinen "
        f"telt één keer (met die dubbele vermeldingen: {format_number(rijen.get('realisatie', 0))} / "
        f"{format_number(rijen.get('planning', 0))}).",
        sources.short("voortgang", voortgang),
    )


def updated_rows() -> list[dict[str, str]]:
    """Per dataset: its peildatum, when the platform published it, whether it is public, its sources."""
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
    return rows


def build(_: Mapping[str, object]) -> Report:
    figures = []
    for query, args, figure in (
        (inwoners, (), inwoners_figure),
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
        intro=INTRO.replace("**", ""),
        figures=figures,
        tables=[
            Table("Peildatum en publicatie per dataset", list(rows[0]), [list(r.values()) for r in rows], UPDATED_NOTE)
        ],
    )


PAGE = PageReport("overzicht", "Overzicht", build)
