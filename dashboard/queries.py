"""All SQL of the app. Each function returns a DataFrame; parameters are always bound.

Results are cached per data version (see :func:`dashboard.db.data_version`) and arguments, so a
rebuild or publish is visible at once and nothing is recomputed on a rerun.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.db import get_db


@st.cache_data(show_spinner=False, max_entries=256)
def _run(sql: str, params: tuple, needs: tuple[str, ...], version: tuple) -> pd.DataFrame:
    return get_db().query(sql, list(params), needs)


def _query(sql: str, params: tuple = (), needs: tuple[str, ...] = ()) -> pd.DataFrame:
    return _run(sql, params, needs, get_db().version)


def get_fte_by_afdeling() -> pd.DataFrame:
    """FTE per afdeling, largest first, with each afdeling's share of the directie total (%)."""
    return _query(
        """
        SELECT directie, afdeling, fte,
               100 * fte / SUM(fte) OVER () AS aandeel,
               bron, bron_regel
        FROM fte_afdeling
        ORDER BY fte DESC, afdeling
        """,
        needs=("fte_afdeling",),
    )


def get_fte_total() -> float:
    df = _query("SELECT SUM(fte) AS totaal FROM fte_afdeling", needs=("fte_afdeling",))
    return float(df["totaal"].iloc[0])


def get_teams(afdeling: str | None = None) -> pd.DataFrame:
    """Teams in slide order, of one afdeling or of all."""
    where, params = ("WHERE afdeling = ?", (afdeling,)) if afdeling else ("", ())
    return _query(
        f"SELECT afdeling, team, bron, bron_regel FROM teams {where} ORDER BY afdeling, bron_regel",
        params,
        needs=("teams",),
    )


def get_kerncijfers() -> pd.DataFrame:
    return _query(
        "SELECT indicator, label, waarde, eenheid, jaar, bron, bron_regel, citaat FROM kerncijfers ORDER BY bron_regel",
        needs=("kerncijfers",),
    )


def get_kerncijfer(indicator: str) -> pd.Series | None:
    df = _query(
        "SELECT indicator, label, waarde, eenheid, jaar, bron, bron_regel, citaat FROM kerncijfers WHERE indicator = ?",
        (indicator,),
        needs=("kerncijfers",),
    )
    return None if df.empty else df.iloc[0]


def get_aanbevelingen_count() -> int:
    return int(_query("SELECT COUNT(*) AS n FROM aanbevelingen", needs=("aanbevelingen",))["n"].iloc[0])


def get_voortgang_by_soort() -> pd.DataFrame:
    """Top-level items per kind (realisatie / planning) of the latest report year."""
    return _query(
        """
        SELECT rapport_jaar, soort, COUNT(*) AS aantal FROM voortgang
        WHERE niveau = 0 AND rapport_jaar = (SELECT MAX(rapport_jaar) FROM voortgang)
        GROUP BY rapport_jaar, soort ORDER BY soort DESC
        """,
        needs=("voortgang",),
    )


def get_bevolking_projectie() -> pd.DataFrame:
    return _query(
        """
        SELECT leeftijdsgroep, jaar_basis, jaar_doel, verschil, bron, bron_regel
        FROM bevolking_projectie ORDER BY bron_regel
        """,
        needs=("bevolking_projectie",),
    )
