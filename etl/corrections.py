"""The one place where slips of the text exports (OCR and lost apostrophes) are corrected.

Each correction is a whole-word replacement applied to extracted text (titles, teams, events),
never to quotations (``citaat``), which stay as the source wrote them. Add a slip here, with the
file it occurs in, rather than patching an extractor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CORRECTIONS: dict[str, str] = {
    # 004 voortgangsrapport
    "0pvolging": "Opvolging",  # digit zero read for a capital O
    "kassa s": "kassa's",  # apostrophe lost in the export
    "SDG s": "SDG's",
    # 003 lokaal sociaal beleid (OCR of slides)
    "viuchtelingen": "vluchtelingen",
    "Sociaal Huls": "Sociaal Huis",
    "Familiy": "Family",
    "Geintegreerde": "Geïntegreerde",
    "Rivierenland In samenwerking": "Rivierenland in samenwerking",
    "cliént": "cliënt",
    # 000 directie Samen Leven
    "Financien": "Financiën",
}

_PATTERN = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(k) for k in sorted(CORRECTIONS, key=len, reverse=True)) + r")(?!\w)"
)


def correct(text: str) -> str:
    return _PATTERN.sub(lambda m: CORRECTIONS[m.group(1)], text)


@dataclass(frozen=True)
class SameEvent:
    """One event that two documents both place on a timeline: one infers its year from a slide's
    reading order, the other states it. The stated year wins (see ``etl.extract.tijdlijn``)."""

    inferred_in: str  # file-name prefix of the document whose year is inferred
    inferred: str  # the row's ``gebeurtenis`` there
    stated_in: str
    stated: str
    why: str  # why these are the same event


SAME_EVENTS: tuple[SameEvent, ...] = (
    SameEvent(
        "000_",
        "Realisatie: Zorgbedrijf",
        "003_",
        "Opstart zorgbedrijf Rivierenland in samenwerking tussen Mechelen en SKW",
        "000 regel 77 (onder ‘Realisatie’) en 003 regel 75: het zorgbedrijf van Mechelen en SKW is "
        "Zorgbedrijf Rivierenland; 003 noemt het jaar (2018), 000 alleen een plaats op de slide.",
    ),
    SameEvent(
        "000_",
        "Realisatie: Samenleven",
        "003_",
        "Integratie departement Samenleving en Sociale Dienst in directie Samen Leven",
        "000 regel 74 (onder ‘Realisatie’) en 003 regel 66: de directie Samen Leven ontstond uit "
        "departement Samenleving en Sociale Dienst; 003 noemt het jaar (2017).",
    ),
)


# 004 voortgangsrapport: items listed under two control domains in different words. Each entry
# maps a wording to the one it repeats (same words, other order or case, need no entry).
SAME_ITEM: dict[str, str] = {
    # regel 403 (Betrouwbare informatie) = regel 244 (Voorkomen van fraude en fouten)
    "Audit informatiebeheer door Audio": "Audit informatiebeheer",
    # regel 422 (Betrouwbare informatie) = regel 267 (Voorkomen van fraude en fouten)
    "Uitvoeren actieplan na audit informatiebeheer": "Uitvoeren actieplan audit informatiebeheer",
    # regel 454 (Bescherming activa) = regel 352 (Efficiënt gebruik middelen): Yucopia is the system
    "Uitrol slim voorraadbeheer (Yucopia)": "Uitrol slim voorraadsysteem (Yucopia)",
}
