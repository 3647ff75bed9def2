"""The one place where slips of the text exports (OCR and lost apostrophes) are corrected.

Each correction is a whole-word replacement applied to extracted text (titles, teams, events),
never to quotations (``citaat``), which stay as the source wrote them. Add a slip here, with the
file it occurs in, rather than patching an extractor.
"""

from __future__ import annotations

import re

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
