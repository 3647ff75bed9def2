"""Beleid: the recommendations of the 2018 memorandum per theme — chart and list, for the page,
the open-data view and the report."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard import charts, queries
from dashboard.formatting import format_number, plural
from dashboard.reports.model import ChartSpec, Kerncijfer, PageReport, Param, Report, Table, table_source
from dashboard.result_cache import shared_spec

ALLE = "Alle thema's"


def thema_options(_: Mapping[str, object] | None = None) -> list[str]:
    return [ALLE, *queries.get_themas()["thema_label"]]


@shared_spec
def themas_chart(themas: pd.DataFrame, highlight: str | None = None) -> ChartSpec:
    """Recommendations per theme, in document order; ``highlight`` marks the chosen theme."""
    return ChartSpec(
        charts.horizontal_bar(
            themas, "thema_label", "aantal", "Aantal aanbevelingen per thema", "aanbevelingen", 0, highlight, sort=False
        ),
        themas.drop(columns="eerste"),
        "aanbevelingen",
        "aanbevelingen_thema",
        {"thema_label": "Thema", "aantal": "Aanbevelingen"},
    )


def aanbevelingen_title(count: int, zoek: str) -> str:
    return plural(count, "aanbeveling", "aanbevelingen") + (f" met ‘{zoek}’" if zoek else "")


def build(values: Mapping[str, object]) -> Report:
    themas = queries.get_themas()
    thema = None if values["thema"] in (None, ALLE) else str(values["thema"])
    zoek = str(values.get("q") or "").strip()
    recs = queries.get_aanbevelingen(thema, zoek)
    acties = queries.get_acties(tuple(int(n) for n in recs["nr"]))
    per_nr = acties.groupby("aanbeveling_nr").size()
    return Report(
        title="Beleid — memorandum 2018",
        intro=(
            f"De {format_number(int(themas['aantal'].sum()))} beleidsaanbevelingen die het M-team van Groep Mechelen "
            "na de verkiezingen van 14 oktober 2018 aan het nieuwe bestuur voorlegde, met mogelijke acties."
        ),
        figures=[
            Kerncijfer("Aanbevelingen in deze selectie", format_number(len(recs))),
            Kerncijfer("Mogelijke acties erbij", format_number(len(acties))),
            Kerncijfer("Thema's", format_number(len(themas))),
        ],
        charts=[themas_chart(themas, thema)],
        tables=[
            Table(
                aanbevelingen_title(len(recs), zoek),
                ["Nr", "Thema", "Aanbeveling", "Acties", "Regel"],
                [
                    [str(r.nr), r.thema_label, r.tekst, format_number(int(per_nr.get(r.nr, 0))), str(r.bron_regel)]
                    for r in recs.itertuples()
                ],
                note=table_source("aanbevelingen", recs) + " De mogelijke acties zelf staan op de pagina.",
            )
        ],
    )


PAGE = PageReport(
    "beleid",
    "Beleid — memorandum 2018",
    build,
    {"thema": Param("Thema", thema_options, ALLE), "q": Param("Zoekterm", None, "")},
)
