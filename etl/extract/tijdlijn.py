"""Rows of ``tijdlijn`` and the one place where the timelines of different documents meet.

Each document's extractor says whether it read a year (``gelezen``) or inferred it from the
reading order of a slide whose layout the export lost (``afgeleid``). Where another document
states the year of the same event (declared in ``etl.corrections.SAME_EVENTS``), that stated year
wins: the row gets ``jaar_bron`` = ``ander document`` and an ``opmerking`` naming both places.
"""

from __future__ import annotations

from etl.corrections import SAME_EVENTS, correct
from etl.errors import Problem, SourceError


def tijdlijn_row(jaar: int, jaar_bron: str, kop: str | None, tekst: str, bron: str, regel: int) -> dict:
    """One ``tijdlijn`` row; an event under a heading is titled ``heading: event``."""
    tekst = correct(tekst)
    return {
        "jaar": jaar,
        "jaar_bron": jaar_bron,
        "kop": kop,
        "gebeurtenis": f"{kop}: {tekst}" if kop else tekst,
        "opmerking": None,
        "bron": bron,
        "bron_regel": regel,
    }


def _one(rows: list[dict], prefix: str, gebeurtenis: str) -> dict:
    hits = [r for r in rows if r["bron"].startswith(prefix) and r["gebeurtenis"] == gebeurtenis]
    if len(hits) != 1:
        found = "niet gevonden" if not hits else f"{len(hits)} keer gevonden"
        raise SourceError(Problem(f"{prefix}*.txt", f"tijdlijn: gebeurtenis ‘{gebeurtenis}’ {found} (SAME_EVENTS)"))
    return hits[0]


def _doc(row: dict) -> str:
    """The document's number as people cite it: ``000``, ``003``."""
    return row["bron"].split("_", 1)[0]


def reconcile(rows: list[dict]) -> list[dict]:
    """Apply ``SAME_EVENTS``: an inferred year yields to the year another document states."""
    for event in SAME_EVENTS:
        inferred = _one(rows, event.inferred_in, event.inferred)
        stated = _one(rows, event.stated_in, event.stated)
        if stated["jaar_bron"] != "gelezen":
            message = "tijdlijn: SAME_EVENTS verwijst naar een jaar dat niet gelezen werd"
            raise SourceError(Problem(stated["bron"], message, stated["bron_regel"]))
        where = f"{_doc(stated)} regel {stated['bron_regel']}"
        stated["opmerking"] = f"Dezelfde gebeurtenis staat ook in {_doc(inferred)} regel {inferred['bron_regel']}."
        if inferred["jaar"] == stated["jaar"]:
            inferred["opmerking"] = f"Jaar bevestigd door {where} (‘{stated['gebeurtenis']}’)."
            continue
        inferred["opmerking"] = (
            f"Jaar {stated['jaar']} volgens {where} (‘{stated['gebeurtenis']}’); de tijdlijnslide van "
            f"{_doc(inferred)} plaatst dit in leesvolgorde bij {inferred['jaar']}."
        )
        stated["opmerking"] += f" Daar staat het (afgeleid) bij {inferred['jaar']}."
        inferred["jaar"], inferred["jaar_bron"] = stated["jaar"], "ander document"
    return rows
