"""The audit log as Beheer reads it: every publish, rollback and build of a dataset and every
account change, in one table with Belgian times, filterable by user, dataset, action and period."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd

from dashboard import accounts, analyst, auth

BRUSSELS = ZoneInfo("Europe/Brussels")
COLUMNS = ["Tijd", "Gebruiker", "Actie", "Dataset of account", "Versie", "Rijen", "Bestand", "Detail"]
# Column widths in pixels: together they fit the main area at 1400 px (next to the sidebar).
WIDTHS = {
    "Tijd": 125,
    "Gebruiker": 110,
    "Actie": 160,
    "Dataset of account": 150,
    "Versie": 55,
    "Rijen": 60,
    "Bestand": 150,
    "Detail": 120,
}


def _local(moment: str) -> pd.Timestamp:
    return pd.Timestamp(dt.datetime.fromisoformat(moment)).tz_convert(BRUSSELS)


def table() -> pd.DataFrame:
    """All entries, newest first; ``Tijd`` as a time zone-aware timestamp (Europe/Brussels)."""
    auth.require("beheer")
    rows = [
        {
            "Tijd": _local(e.tijd),
            "Gebruiker": e.gebruiker,
            "Actie": analyst.ACTIONS.get(e.actie, e.actie),
            "Dataset of account": e.dataset,
            "Versie": e.versie,
            "Rijen": e.rijen,
            "Bestand": e.bestand,
            "Detail": f"van versie {e.van_versie}" if e.van_versie else "",
        }
        for e in analyst.store().entries()
    ]
    rows += [
        {
            "Tijd": _local(r.tijd),
            "Gebruiker": r.gebruiker,
            "Actie": r.actie,
            "Dataset of account": r.onderwerp,
            "Versie": None,
            "Rijen": None,
            "Bestand": "",
            "Detail": r.detail,
        }
        for r in accounts.audit_log().itertuples()
    ]
    if not rows:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.DataFrame(rows, columns=COLUMNS).sort_values("Tijd", ascending=False, kind="stable")
    return out.astype({"Versie": "Int64", "Rijen": "Int64"}).reset_index(drop=True)


def filtered(
    log: pd.DataFrame,
    users: list[str] | None = None,
    subjects: list[str] | None = None,
    actions: list[str] | None = None,
    period: tuple[dt.date, dt.date] | None = None,
) -> pd.DataFrame:
    """The entries that match every filter given (an empty filter matches everything); the period
    is inclusive, in Belgian dates."""
    keep = pd.Series(True, index=log.index)
    for column, chosen in (("Gebruiker", users), ("Dataset of account", subjects), ("Actie", actions)):
        if chosen:
            keep &= log[column].isin(chosen)
    if period:
        day = log["Tijd"].dt.date
        keep &= (day >= period[0]) & (day <= period[-1])
    return log[keep]
