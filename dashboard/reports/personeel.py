"""Personeel: FTE per afdeling of the directie Samen Leven — key figures, chart and teams, for the
page and its report."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from dashboard import charts, queries
from dashboard.formatting import format_auto, format_number
from dashboard.reports.model import ChartSpec, Kerncijfer, PageReport, Param, Report, Table, table_source
from dashboard.result_cache import shared_spec

ALLE = "Alle afdelingen"


def afdeling_options(_: Mapping[str, object] | None = None) -> list[str]:
    return [ALLE, *queries.get_fte_by_afdeling()["afdeling"]]


def kerncijfers(df: pd.DataFrame, selected: str | None) -> list[Kerncijfer]:
    directie, total = df["directie"].iloc[0], float(df["fte"].sum())
    if selected:
        row = df[df["afdeling"] == selected].iloc[0]
        return [
            Kerncijfer(f"VTE {selected}", format_auto(row["fte"])),
            Kerncijfer("Aandeel in de directie", format_number(row["aandeel"], 1) + "%"),
            Kerncijfer(f"VTE directie {directie}", format_auto(total)),
        ]
    return [
        Kerncijfer(f"VTE directie {directie}", format_auto(total)),
        Kerncijfer("Afdelingen", format_number(len(df))),
        Kerncijfer("Grootste afdeling", df["afdeling"].iloc[0], format_auto(df["fte"].iloc[0]) + " VTE"),
    ]


@shared_spec
def fte_chart(df: pd.DataFrame, selected: str | None) -> ChartSpec:
    title = f"VTE per afdeling — directie {df['directie'].iloc[0]}"
    return ChartSpec(
        charts.horizontal_bar(df, "afdeling", "fte", title, "VTE", highlight=selected),
        df[["afdeling", "fte", "aandeel", "bron", "bron_regel"]],
        "fte_afdeling",
        "fte_afdeling",
        {"afdeling": "Afdeling", "fte": "VTE", "aandeel": "Aandeel (%)"},
        {"fte": format_auto, "aandeel": lambda v: format_number(v, 1)},
    )


def teams_title(selected: str | None) -> str:
    return f"Teams — {selected}" if selected else "Teams per afdeling"


def build(values: Mapping[str, object]) -> Report:
    df = queries.get_fte_by_afdeling()
    selected = None if values["afdeling"] in (None, ALLE) else str(values["afdeling"])
    teams = queries.get_teams(selected)
    return Report(
        title="Personeel",
        intro=f"Personeelsinzet in voltijdse equivalenten (VTE) per afdeling van de directie {df['directie'].iloc[0]}.",
        figures=kerncijfers(df, selected),
        charts=[fte_chart(df, selected)],
        tables=[
            Table(
                teams_title(selected),
                ["Afdeling", "Team", "Regel"],
                [[t.afdeling, t.team, str(t.bron_regel)] for t in teams.itertuples()],
                note=table_source("teams", teams),
            )
        ],
    )


PAGE = PageReport("personeel", "Personeel", build, {"afdeling": Param("Afdeling", afdeling_options, ALLE)})
