"""003_…: OCR'd slides on local social policy in Mechelen → milestones for ``tijdlijn``.

Two kinds of milestone are read: ``YYYY: event`` items and decrees with a year in brackets
(``Decreet lokaal sociaal beleid (maart 2004)``), plus a plan's first year
(``Lokaal Sociaal Beleidsplan 2008-2013``). The OCR turned bullets into stray glyphs (« » * o e),
which are stripped; slides that were exported twice give the same milestone twice, kept once.
"""

from __future__ import annotations

import re

from etl.corrections import correct
from etl.extract.tijdlijn import tijdlijn_row
from etl.text import Document, Line, join_wrapped

# Leading OCR debris of a bullet: any run of non-word glyphs, or a lone "o"/"e" before a space.
_BULLET_DEBRIS = re.compile(r"^(?:[^\w\s(“‘]+\s*|[oe]\s+)+")
_DATED_ITEM = re.compile(r"^(?P<jaar>(?:19|20)\d{2})\s*:\s*(?P<tekst>.+)$")
_DECREE = re.compile(r"^(?P<tekst>.*\bdecreet\b.*?\((?:[a-z]+\s+)?(?P<jaar>(?:19|20)\d{2})\).*)$", re.IGNORECASE)
_PLAN = re.compile(r"^(?P<tekst>.*\bbeleidsplan\s+(?P<jaar>(?:19|20)\d{2})-(?:19|20)\d{2})$", re.IGNORECASE)


def _clean(text: str) -> str:
    return _BULLET_DEBRIS.sub("", text.strip())


def _item_lines(doc: Document, start: int) -> list[Line]:
    """The item at ``start`` and the lines that continue it: directly below, flush left (an
    indented line starts a new text box in this export), no bullet, not blank."""
    out = [doc.lines[start]]
    for line in doc.lines[start + 1 :]:
        if line.blank or line.text[0].isspace() or _clean(line.text) != line.text:
            break
        out.append(line)
    return out


def extract_tijdlijn(doc: Document) -> list[dict]:
    rows: list[dict] = []
    seen: set[tuple[int, str]] = set()
    for index, line in enumerate(doc.lines):
        cleaned = _clean(line.text)
        if not cleaned:
            continue
        parts = [cleaned, *(nxt.text for nxt in _item_lines(doc, index)[1:])]
        text = join_wrapped(parts)
        for pattern in (_DATED_ITEM, _DECREE, _PLAN):
            match = pattern.match(text)
            if match:
                jaar = int(match.group("jaar"))
                gebeurtenis = correct(match.group("tekst").strip())
                gebeurtenis = gebeurtenis[:1].upper() + gebeurtenis[1:]
                dedupe_key = (jaar, gebeurtenis.lower())
                if dedupe_key not in seen:
                    seen.add(dedupe_key)
                    # every milestone here prints its own year
                    rows.append(tijdlijn_row(jaar, "gelezen", None, gebeurtenis, doc.name, line.no))
                break
    if not rows:
        raise doc.problem("geen gedateerde mijlpalen (‘JJJJ: …’ of decreten met jaartal) gevonden")
    return rows
