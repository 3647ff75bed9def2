"""The rules of the indicator model that more than one reader needs: the city, area names, and
what a cell of a value column means (a number, missing, or privacy-suppressed)."""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from dataclasses import dataclass

from etl.numbers import parse_number

CITY = "Mechelen"
CITY_TYPE = "stad"
DEFAULT_AREA_TYPE = "wijk"
GEWOON, ONTBREEKT, AFGESCHERMD = "gewoon", "ontbreekt", "afgeschermd"

# How a missing figure is written in the tables analysts receive (Statbel, Vlaamse overheid, VDAB).
MISSING_TOKENS = frozenset({"", ".", "-", "–", "—", "x", "nb", "n.b.", "n.b", "nvt", "n.v.t.", "na", "n/a", ":", "?"})
_SUPPRESSED = re.compile(r"^<\s*(\d+)$")


def suppress_below() -> int:
    """Counts below this are privacy-suppressed (configuration; default: fewer than 5)."""
    value = os.environ.get("MECHELEN_AFSCHERMEN_ONDER", "")
    return int(value) if value.isdigit() else 5


@dataclass(frozen=True)
class Cell:
    waarde: float | None
    status: str
    error: str | None = None


def read_cell(value: object, counts: bool = False, threshold: int | None = None) -> Cell:
    """A value cell: a number, missing (``.``, ``-``, ``x``, ``n.b.``, empty — never 0), or
    suppressed (``<5``; and, for ``counts``, a number from 1 up to the threshold). A suppressed
    cell keeps no number, so nothing can show or sum it."""
    if value is None or (isinstance(value, float) and value != value):
        return Cell(None, ONTBREEKT)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in MISSING_TOKENS:
            return Cell(None, ONTBREEKT)
        if _SUPPRESSED.match(text):
            return Cell(None, AFGESCHERMD)
    number = parse_number(value)
    if number is None:
        return Cell(None, ONTBREEKT, "geen getal (ontbrekend: leeg, ‘.’, ‘-’, ‘x’ of ‘n.b.’; afgeschermd: ‘<5’)")
    limit = suppress_below() if threshold is None else threshold
    if counts and 0 < number < limit:
        return Cell(None, AFGESCHERMD)
    return Cell(number, GEWOON)


def gebied_key(name: object) -> str:
    """ "Mechelen-Noord", "mechelen noord", "MECHELEN  NOORD", "Méchelen_noord" → "mechelennoord"."""
    plain = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


@dataclass(frozen=True)
class Gebied:
    gebied_type: str
    naam: str


class GebiedMatcher:
    """Area names as typed in a sheet → the known area, tolerant of case, accents, spaces and
    hyphens. Without a ``gebieden`` table every name is accepted (and listed for the analyst)."""

    def __init__(self, areas: list[Gebied] | None):
        self.known = areas is not None
        self._by_key: dict[str, Gebied] = {gebied_key(CITY): Gebied(CITY_TYPE, CITY)}
        for area in areas or []:
            self._by_key.setdefault(gebied_key(area.naam), area)

    def match(self, name: str, default_type: str = DEFAULT_AREA_TYPE) -> Gebied | None:
        found = self._by_key.get(gebied_key(name))
        if found is not None:
            return found
        if not self.known:
            return Gebied(default_type, " ".join(str(name).split()))
        return None

    def suggestion(self, name: str) -> str | None:
        close = difflib.get_close_matches(gebied_key(name), list(self._by_key), n=1, cutoff=0.6)
        return self._by_key[close[0]].naam if close else None
