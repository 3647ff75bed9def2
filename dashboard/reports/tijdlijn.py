"""Tijdlijn: the milestones of both timelines per heading — key figures and chart for the page and
its report, which also lists the events."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard import charts, queries
from dashboard.formatting import format_number
from dashboard.reports.model import ChartSpec, Kerncijfer, PageReport, Param, Report, Table
from dashboard.result_cache import shared_spec
from etl.catalog import document_by_code


def documents_by_title() -> dict[str, str]:
    """The timeline's documents as people name them (the link carries these) → their number."""
    return {(d.label if (d := document_by_code(doc)) else doc): doc for doc in queries.get_tijdlijn_documenten()}


def kerncijfers(events: pd.DataFrame) -> list[Kerncijfer]:
    return [
        Kerncijfer("Gebeurtenissen", format_number(len(events))),
        Kerncijfer("Jaar afgeleid", format_number(int((events["jaar_bron"] == "afgeleid").sum()))),
        Kerncijfer("Jaar uit ander document", format_number(int((events["jaar_bron"] == "ander document").sum()))),
    ]


@shared_spec
def tijdlijn_chart(events: pd.DataFrame) -> ChartSpec:
    return ChartSpec(
        charts.tijdlijn(events, f"Mijlpalen {events['jaar'].min()}–{events['jaar'].max()}, per kop"),
        events.drop(columns=["doc"]),
        "tijdlijn",
        "tijdlijn_pagina",
        {
            "jaar": "Jaar",
            "jaar_bron": "Jaar gekend als",
            "groep": "Kop",
            "gebeurtenis": "Gebeurtenis",
            "opmerking": "Opmerking",
        },
    )


def build(values: Mapping[str, object]) -> Report:
    by_title = documents_by_title()
    events = queries.get_tijdlijn_events(tuple(by_title[t] for t in values.get("bron") or ()))
    return Report(
        title="Tijdlijn",
        intro=(
            "Mijlpalen van de integratie van stad en OCMW en van het lokaal sociaal beleid, uit twee presentaties. "
            "Open bolletje: het jaar is afgeleid uit de leesvolgorde van de slide; ruit: een ander document noemt het."
        ),
        figures=kerncijfers(events),
        charts=[tijdlijn_chart(events)] if len(events) else [],
        tables=[
            Table(
                "De gebeurtenissen",
                ["Jaar", "Jaar gekend als", "Kop", "Gebeurtenis", "Bron, regel"],
                [
                    [str(e.jaar), e.jaar_bron, e.groep, e.gebeurtenis, f"{e.doc}, regel {e.bron_regel}"]
                    for e in events.itertuples()
                ],
            )
        ],
    )


PAGE = PageReport(
    "tijdlijn", "Tijdlijn", build, {"bron": Param("Brondocument", lambda _: list(documents_by_title()), multiple=True)}
)
