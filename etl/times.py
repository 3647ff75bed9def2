"""Moments as Belgians read them: in Europe/Brussels time, ``30/11/2026 04:05``. The audit log
stores UTC (ISO 8601); everything shown converts here."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")


def format_moment(moment: str | dt.datetime) -> str:
    """An ISO 8601 string or a datetime (naive = UTC) as ``dd/mm/jjjj uu:mm`` in Brussels time."""
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(BRUSSELS).strftime("%d/%m/%Y %H:%M")
