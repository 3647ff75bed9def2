"""004_…: the progress report on organisational control (voortgangsrapport) → ``voortgang``.

Layout of a domain slide: the domain in capitals, then ``REALISATIES`` and ``PLANNING`` sections
of ``-`` items. An item wraps over following lines that carry no marker. A sub-item is a ``*``
item or a ``-`` item indented by two or more spaces; its ``ouder`` is the ``volgorde`` of the item
above it.
"""

from __future__ import annotations

import re

from etl.corrections import SAME_ITEM, correct
from etl.text import Document, Line, blocks, join_wrapped

SECTIONS = {"REALISATIES": "realisatie", "PLANNING": "planning"}
_ITEM = re.compile(r"^(?P<indent>\s*)(?P<marker>[-*])\s*(?P<tekst>.*)$")
_REPORT_YEAR = re.compile(r"^(?:19|20)\d{2}$")
# A "-" item is a sub-item when indented by at least this many spaces (the report's sub-items
# stand 4–5 spaces in). A single space is export noise: " - Aanbesteding Website" (line 412) is
# no part of "Nieuwe software begraafplaatsen" above it.
SUB_INDENT = 2


def read_rapport_jaar(doc: Document) -> int:
    """The year under the title ``VOORTGANGSRAPPORT`` on the first slide."""
    for i, line in enumerate(doc.lines[:20]):
        if line.stripped.upper().startswith("VOORTGANGSRAPPORT"):
            for nxt in doc.lines[i + 1 : i + 5]:
                if _REPORT_YEAR.match(nxt.stripped):
                    return int(nxt.stripped)
    raise doc.problem("rapportjaar (‘VOORTGANGSRAPPORT’ gevolgd door een jaartal) niet gevonden", 1)


def _domain_name(heading: str) -> str:
    return " ".join(heading.split()).capitalize()


def extract_voortgang(doc: Document) -> list[dict]:
    """One row per item of every domain slide (a slide holding a ``REALISATIES`` section)."""
    year = read_rapport_jaar(doc)
    rows: list[dict] = []
    for slide in blocks(doc.lines):
        texts = [line.stripped for line in slide]
        if "REALISATIES" not in texts:
            continue
        at = texts.index("REALISATIES")
        heading = [t for t in texts[:at] if t]
        if not heading:
            raise doc.problem("‘REALISATIES’ zonder domeintitel erboven", slide[at].no)
        rows.extend(_slide_items(doc, year, _domain_name(heading[-1]), slide[at:]))
    _check_complete(doc, rows)
    mark_shared_items(rows)
    return rows


def item_key(titel: str) -> frozenset[str]:
    """What makes two titles the same item: the same words, whatever their case, punctuation or
    order ("Kennisplatform – Quandago" = "Quandago - kennisplatform"), or a declared rewording."""
    titel = SAME_ITEM.get(titel, titel)
    return frozenset(re.findall(r"\w+", titel.casefold()))


def mark_shared_items(rows: list[dict]) -> None:
    """Number the items of each report year and kind (``item_nr``): the same item listed under
    two domains gets one number, and each of its rows names the other domain(s) in
    ``ook_in_domein``. Both rows stay, as in the report; a count of unique items counts numbers."""
    numbers: dict[tuple, int] = {}
    domains: dict[tuple, list[str]] = {}
    last: dict[tuple, int] = {}
    keys = []
    for row in rows:
        group = (row["rapport_jaar"], row["soort"])
        key = (*group, row["niveau"], item_key(row["titel"]))
        if key not in numbers:
            last[group] = numbers[key] = last.get(group, 0) + 1
        if row["domein"] not in domains.setdefault(key, []):
            domains[key].append(row["domein"])
        keys.append(key)
    for row, key in zip(rows, keys, strict=True):
        row["item_nr"] = numbers[key]
        row["ook_in_domein"] = "; ".join(d for d in domains[key] if d != row["domein"]) or None


def _slide_items(doc: Document, year: int, domain: str, lines: list[Line]) -> list[dict]:
    rows: list[dict] = []
    soort = ""
    parts: list[str] = []
    parent: int | None = None
    for line in lines:
        text = line.stripped
        if text in SECTIONS:
            soort, parent = SECTIONS[text], None
            continue
        item = _ITEM.match(line.text)
        if item:
            sub = item.group("marker") == "*" or len(item.group("indent")) >= SUB_INDENT
            if sub and parent is None:
                raise doc.problem("deelpunt zonder hoofdpunt erboven", line.no)
            volgorde = sum(1 for r in rows if r["soort"] == soort) + 1
            if not sub:
                parent = volgorde
            parts = [item.group("tekst")]
            rows.append(
                {
                    "rapport_jaar": year,
                    "domein": domain,
                    "soort": soort,
                    "niveau": 1 if sub else 0,
                    "ouder": parent if sub else None,
                    "volgorde": volgorde,
                    "titel": "",
                    "item_nr": 0,  # set by mark_shared_items once every domain is read
                    "ook_in_domein": None,
                    "bron": doc.name,
                    "bron_regel": line.no,
                }
            )
        elif text and rows:
            parts.append(text)  # a wrapped line of the current item
        if rows:
            rows[-1]["titel"] = correct(join_wrapped(parts))
    return rows


def _check_complete(doc: Document, rows: list[dict]) -> None:
    if not rows:
        raise doc.problem("geen domeinen met ‘REALISATIES’ en ‘PLANNING’ gevonden")
    seen = {(r["domein"], r["soort"]) for r in rows}
    for domain in dict.fromkeys(r["domein"] for r in rows):
        for soort in SECTIONS.values():
            if (domain, soort) not in seen:
                first = next(r for r in rows if r["domein"] == domain)
                raise doc.problem(f"domein ‘{domain}’ heeft geen punten onder ‘{soort}’", first["bron_regel"])
