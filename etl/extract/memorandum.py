"""001_…: the 2018 memorandum of Groep Mechelen → ``aanbevelingen``, ``acties``, ``kerncijfers``
and ``bevolking_projectie``.

The export puts a blank line after every line, so blank lines say nothing about paragraphs;
structure comes from markers instead: ``THEMA n:`` + title (+ ``A.``/``B.`` part), numbered
chapter headings, ``Aanbeveling:`` (its text runs to the first sentence end), ``Mogelijke
actie(s):`` followed by ``•`` items with ``ɋ`` sub-items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.text import Document, Flow, Line, join_wrapped, without_page_numbers

_THEMA = re.compile(r"^THEMA\s+(?P<nr>\d+)\s*:\s*$")
_DEEL = re.compile(r"^(?P<letter>[A-Z])\.\s+(?P<titel>.+)$")
_CHAPTER = re.compile(r"^(?P<nr>\d{1,2})\.\s*(?P<titel>[A-ZÀ-Ý].*)$")
_AANBEVELING = re.compile(r"^Aanbeveling:\s*(?P<tekst>.*)$")
_ACTIES = re.compile(r"^Mogelijke acties?\s*:\s*(?P<tekst>.*)$")
_STATED_COUNT = re.compile(r"(?P<n>\d+)\s+concrete\s+beleidsaanbevelingen")
_SENTENCE_END = re.compile(r"[.!?][”’)]?$")
BULLET = "•"
SUB_BULLET = "ɋ"
# Lines that close an actions block without being part of it.
_END_OF_SECTION = ("Dit hoofdstuk draagt bij",)


def _sentence_case(text: str) -> str:
    text = " ".join(text.split())
    return text[:1].upper() + text[1:].lower()


@dataclass
class _Position:
    thema_nr: int = 0
    thema: str = ""
    deel: str | None = None
    hoofdstuk_nr: int = 0
    hoofdstuk: str = ""


def _next_text_line(lines: tuple[Line, ...], index: int) -> int | None:
    for j in range(index + 1, len(lines)):
        if not lines[j].blank:
            return j
    return None


def _chapter_title(lines: tuple[Line, ...], index: int, first: str) -> str:
    """A chapter heading, continued on the line directly below when that starts in lower case."""
    parts = [first]
    nxt = lines[index + 1] if index + 1 < len(lines) else None
    if nxt is not None and not nxt.blank and nxt.stripped[:1].islower():
        parts.append(nxt.text)
    return join_wrapped(parts)


def _is_structure(text: str, pos: _Position) -> bool:
    """True for a line that starts something new: heading, recommendation or actions block."""
    if _THEMA.match(text) or _AANBEVELING.match(text) or _ACTIES.match(text):
        return True
    if text.startswith(_END_OF_SECTION):
        return True
    chapter = _CHAPTER.match(text)
    return bool(chapter and int(chapter.group("nr")) > pos.hoofdstuk_nr)


def parse(doc: Document) -> tuple[list[dict], list[dict]]:
    """Walk the memorandum once; return (aanbevelingen, acties)."""
    doc = without_page_numbers(doc)
    lines = doc.lines
    pos = _Position()
    aanbevelingen: list[dict] = []
    acties: list[dict] = []
    i = 0
    while i < len(lines):
        text = lines[i].stripped
        if not text:
            i += 1
            continue
        thema = _THEMA.match(text)
        chapter = _CHAPTER.match(text)
        aanbeveling = _AANBEVELING.match(text)
        actie_block = _ACTIES.match(text)
        if thema:
            i = _read_theme_header(doc, i, int(thema.group("nr")), pos)
            continue
        if chapter and int(chapter.group("nr")) > pos.hoofdstuk_nr and pos.thema_nr:
            pos.hoofdstuk_nr = int(chapter.group("nr"))
            pos.hoofdstuk = _chapter_title(lines, i, chapter.group("titel"))
        elif aanbeveling:
            if not pos.thema_nr:
                raise doc.problem("aanbeveling vóór het eerste thema", lines[i].no)
            i = _read_recommendation(doc, i, aanbeveling.group("tekst"), pos, aanbevelingen)
            continue
        elif actie_block and aanbevelingen:
            i = _read_actions(doc, i, actie_block.group("tekst"), pos, aanbevelingen[-1]["nr"], acties)
            continue
        i += 1
    return aanbevelingen, acties


def _read_theme_header(doc: Document, i: int, nr: int, pos: _Position) -> int:
    title_at = _next_text_line(doc.lines, i)
    if title_at is None:
        raise doc.problem(f"THEMA {nr} zonder titel", doc.lines[i].no)
    pos.thema_nr, pos.thema = nr, _sentence_case(doc.lines[title_at].stripped)
    pos.deel, pos.hoofdstuk_nr, pos.hoofdstuk = None, 0, ""
    after = title_at + 1
    deel = _DEEL.match(doc.lines[after].stripped) if after < len(doc.lines) else None
    if deel:
        pos.deel = f"{deel.group('letter')}. {_sentence_case(deel.group('titel'))}"
        after += 1
    return after


def _read_recommendation(doc: Document, i: int, first: str, pos: _Position, out: list[dict]) -> int:
    start = doc.lines[i]
    parts = [first]
    j = i
    while not _SENTENCE_END.search(parts[-1].rstrip()):
        j += 1
        if j >= len(doc.lines):
            raise doc.problem("aanbeveling loopt tot het einde van het document zonder punt", start.no)
        nxt = doc.lines[j].stripped
        if not nxt:
            continue
        if _is_structure(nxt, pos) or nxt.startswith(BULLET):
            break
        parts.append(nxt)
    out.append(
        {
            "nr": len(out) + 1,
            "thema_nr": pos.thema_nr,
            "thema": pos.thema,
            "deel": pos.deel,
            "hoofdstuk": pos.hoofdstuk,
            "tekst": join_wrapped(parts),
            "bron": doc.name,
            "bron_regel": start.no,
        }
    )
    return j + 1


def _read_actions(doc: Document, i: int, first: str, pos: _Position, nr: int, out: list[dict]) -> int:
    """Items of one ``Mogelijke acties:`` block; a block without bullets is one action."""
    items: list[tuple[int, list[str]]] = []
    if first:
        items.append((doc.lines[i].no, [first]))
    j = i + 1
    while j < len(doc.lines):
        line = doc.lines[j]
        text = line.stripped
        if not text:
            j += 1
            continue
        if _is_structure(text, pos):
            break
        if text.startswith(BULLET):
            items.append((line.no, [text[len(BULLET) :].strip()]))
        elif text.startswith(SUB_BULLET) and items:
            items[-1][1].append("\n– " + text[len(SUB_BULLET) :].strip())
        elif items:
            items[-1][1].append(text)
        else:
            items.append((line.no, [text]))
        j += 1
    for volgorde, (regel, parts) in enumerate(items, start=1):
        out.append(
            {
                "aanbeveling_nr": nr,
                "volgorde": volgorde,
                "tekst": _join_with_subitems(parts),
                "bron": doc.name,
                "bron_regel": regel,
            }
        )
    return j


def _join_with_subitems(parts: list[str]) -> str:
    """Join wrapped lines; sub-items (marked by a leading newline) stay on lines of their own."""
    chunks: list[list[str]] = [[]]
    for part in parts:
        if part.startswith("\n"):
            chunks.append([part.lstrip("\n")])
        else:
            chunks[-1].append(part)
    return "\n".join(join_wrapped(c) for c in chunks if c)


def stated_aanbevelingen_count(doc: Document) -> tuple[int, int]:
    """The number of recommendations the foreword announces, and the line it stands on."""
    flow = Flow.of(list(doc.lines[:200]))
    match = _STATED_COUNT.search(flow.text)
    if not match:
        raise doc.problem("aantal aanbevelingen (‘… concrete beleidsaanbevelingen’) niet gevonden in de leeswijzer")
    return int(match.group("n")), flow.line_at(match.start("n"))


def extract_aanbevelingen(doc: Document) -> list[dict]:
    rows, _ = parse(doc)
    expected, line = stated_aanbevelingen_count(doc)
    if len(rows) != expected:
        raise doc.problem(
            f"het memorandum kondigt {expected} aanbevelingen aan (regel {line}), maar er werden er "
            f"{len(rows)} gevonden; is het document ingekort of is de opmaak gewijzigd?",
            rows[-1]["bron_regel"] if rows else line,
        )
    return rows


def extract_acties(doc: Document) -> list[dict]:
    _, acties = parse(doc)
    if not acties:
        raise doc.problem("geen ‘Mogelijke acties’ gevonden")
    return acties
