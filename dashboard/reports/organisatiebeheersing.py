"""Organisatiebeheersing: the progress report's items per control domain — key figures and chart
for the page and its report, which also lists the items."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard import charts, queries
from dashboard.formatting import format_number
from dashboard.reports.model import ChartSpec, Kerncijfer, PageReport, Param, Report, Table, table_source
from dashboard.result_cache import shared_spec


def jaar_options(_: Mapping[str, object] | None = None) -> list[str]:
    return [str(j) for j in queries.get_report_years()]


def _latest_year() -> str | None:
    years = jaar_options()
    return years[0] if years else None


def domein_options(values: Mapping[str, object]) -> list[str]:
    jaar = values.get("jaar")
    return queries.get_domeinen(int(str(jaar))) if jaar else []


def kerncijfers(counts: pd.DataFrame, totals: pd.DataFrame) -> list[Kerncijfer]:
    """Unique items per kind (an item listed under two domains counts once) and the domains."""
    per_soort = totals.set_index("soort")
    figures = []
    for soort, label in (("realisatie", "Realisaties"), ("planning", "Planning")):
        uniek = int(per_soort["uniek"].get(soort, 0))
        vermeldingen = int(per_soort["vermeldingen"].get(soort, 0))
        figures.append(
            Kerncijfer(
                f"{label} (unieke punten)",
                format_number(uniek),
                f"{format_number(vermeldingen)} vermeldingen: een punt dat onder twee domeinen staat, telt hier één "
                "keer en in de grafiek bij elk domein.",
            )
        )
    return [*figures, Kerncijfer("Domeinen", format_number(counts["domein"].nunique()))]


@shared_spec
def domein_chart(counts: pd.DataFrame, jaar: int, zoek: str) -> ChartSpec:
    title = f"Punten per domein — voortgangsrapport {jaar}" + (f" (zoekterm ‘{zoek}’)" if zoek else "")
    return ChartSpec(
        charts.stacked_bar(
            counts, "domein", "soort", "aantal", title, "vermeldingen (per domein)", ["realisatie", "planning"]
        ),
        counts.drop(columns="eerste_regel"),
        "voortgang",
        "voortgang_domein",
        {"domein": "Domein", "soort": "Soort", "aantal": "Vermeldingen (hoofdpunten in dit domein)"},
    )


def build(values: Mapping[str, object]) -> Report:
    jaar = int(str(values["jaar"]))
    domeinen = tuple(values.get("domein") or ())
    zoek = str(values.get("q") or "").strip()
    counts = queries.get_voortgang_counts(jaar, domeinen, zoek)
    totals = queries.get_voortgang_totals(jaar, domeinen, zoek)
    items = queries.get_voortgang_items(jaar, domeinen, zoek)
    return Report(
        title="Organisatiebeheersing",
        intro=f"Realisaties en planning per domein van organisatiebeheersing, uit het voortgangsrapport {jaar}.",
        figures=kerncijfers(counts, totals),
        charts=[domein_chart(counts, jaar, zoek)] if not counts.empty else [],
        tables=[
            Table(
                "De punten",
                ["Domein", "Soort", "Punt", "Regel"],
                [
                    [i.domein, i.soort, ("– " if i.niveau else "") + i.titel, str(i.bron_regel)]
                    for i in items.itertuples()
                ],
                note=table_source("voortgang", items) + " Subpunten staan met een streepje.",
            )
        ],
    )


PAGE = PageReport(
    "organisatiebeheersing",
    "Organisatiebeheersing",
    build,
    {
        "jaar": Param("Rapportjaar", jaar_options, _latest_year),
        "domein": Param("Domein", domein_options, multiple=True),
        "q": Param("Zoekterm", None, ""),
    },
)
