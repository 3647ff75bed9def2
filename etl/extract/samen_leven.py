"""000_…: the slide deck ‘Naar een vernieuwde directie Samen Leven’.

Yields ``fte_afdeling`` and ``teams`` from the afdeling slides, and the integration timeline
(2010–2017) plus the decree milestone for ``tijdlijn``.

An afdeling slide is a block (slides are separated by two or more blank lines) holding one line
that is only a number: the afdeling's FTE. Its bullets (``•``, wrapped over several lines) are
focus points; every other line is an entry: the ``Afdeling …`` header, the head of the afdeling,
or a team.
"""

from __future__ import annotations

import re

from etl.corrections import correct
from etl.extract.tijdlijn import tijdlijn_row
from etl.numbers import is_dutch_number, parse_dutch_number
from etl.text import Document, Line, blocks, join_wrapped, paragraphs

BULLET = "•"
# Entries that are the afdeling's leadership, not a team.
LEADERSHIP = {"afdelingshoofd", "leiding", "directeur"}
_AFDELING_HEADER = re.compile(r"^Afdeling\s+(?P<naam>.+)$")
_SLIDE_TITLE = re.compile(r"^(?:Afd\.\s*)?(?P<titel>.+)$")
_DIRECTIE = re.compile(r"directie\s+(?P<naam>[A-Z][\w ]+)", re.IGNORECASE)
_FOOTNOTE = re.compile(r"\s*\*+$")
_YEAR = re.compile(r"^(19|20)\d{2}$")
_DECREE = re.compile(r"^Decreet .*?(?P<datum>\d{2}/\d{2}/(?P<jaar>\d{4}))")


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def directie_name(doc: Document) -> str:
    """The directie the deck is about, from its title (the first lines of the deck)."""
    title = next(iter(paragraphs(doc.lines)), [])  # none in a deck of empty lines
    head = join_wrapped([line.text for line in title])
    match = _DIRECTIE.search(head)
    if not match:
        raise doc.problem("titel ‘Naar een vernieuwde directie …’ niet gevonden in de eerste regels", 1)
    return match.group("naam").strip()


def _entries(slide: list[Line]) -> list[Line]:
    """The non-bullet lines of a slide after its title, one entry per line."""
    out: list[Line] = []
    for para in paragraphs(slide[1:]):
        if para[0].stripped.startswith(BULLET):
            continue
        out.extend(para)
    return out


def _is_afdeling_slide(slide: list[Line], entries: list[Line]) -> bool:
    """An afdeling slide is titled ``Afd. …`` or lists its head (``Afdelingshoofd``, ``Leiding``)."""
    return slide[0].stripped.startswith("Afd.") or any(
        e.stripped.lower() in LEADERSHIP - {"directeur"} for e in entries
    )


def afdeling_slides(doc: Document) -> list[dict]:
    """One dict per afdeling slide: afdeling, fte, fte line and its team lines."""
    result = []
    for slide in blocks(doc.lines):
        entries = _entries(slide)
        # A line holding only a year belongs to a timeline, never an FTE figure.
        numbers = [e for e in entries if is_dutch_number(e.stripped) and not _YEAR.match(e.stripped)]
        if not numbers:
            if _is_afdeling_slide(slide, entries):
                raise doc.problem(f"afdelingsslide ‘{slide[0].stripped}’ heeft geen VTE-getal", slide[0].no)
            continue
        if len(numbers) > 1:
            regels = ", ".join(str(n.no) for n in numbers)
            raise doc.problem(f"meer dan één VTE-getal op één slide (regels {regels})", numbers[0].no)
        fte_line = numbers[0]
        title = _SLIDE_TITLE.match(slide[0].stripped).group("titel").strip()
        naam = None
        teams: list[Line] = []
        for entry in entries:
            text = entry.stripped
            header = _AFDELING_HEADER.match(text)
            if entry is fte_line:
                continue
            if header:
                naam = _sentence_case(header.group("naam").strip())
            elif text.lower() in LEADERSHIP:
                continue
            else:
                teams.append(entry)
        if naam is None:
            # No "Afdeling …" header (the front office slide): the unit's label stands after the
            # figure, and the slide title names the team in use, e.g. "Front office (M-bassadeurs)".
            after = [t for t in teams if t.no > fte_line.no]
            if not after:
                raise doc.problem("slide met VTE-getal zonder afdelingsnaam", fte_line.no)
            label = after[-1]
            teams.remove(label)
            naam = label.stripped if label.stripped == title else f"{label.stripped} ({title})"
        result.append(
            {
                "afdeling": naam,
                "fte": parse_dutch_number(fte_line.stripped),
                "fte_regel": fte_line.no,
                "teams": teams,
            }
        )
    if not result:
        raise doc.problem("geen afdelingsslides met een VTE-getal gevonden")
    return result


def extract_fte_afdeling(doc: Document) -> list[dict]:
    directie = directie_name(doc)
    return [
        {
            "directie": directie,
            "afdeling": s["afdeling"],
            "fte": s["fte"],
            "peildatum": None,  # the deck does not date its figures
            "bron": doc.name,
            "bron_regel": s["fte_regel"],
        }
        for s in afdeling_slides(doc)
    ]


# The afdeling's own support staff: listed first, part of no group of teams.
FRAME = {"omkadering afdeling"}


def extract_teams(doc: Document) -> list[dict]:
    rows = []
    for slide in afdeling_slides(doc):
        afdeling = slide["afdeling"]
        names = [correct(_FOOTNOTE.sub("", line.stripped)) for line in slide["teams"]]
        for line, (team, groep) in zip(slide["teams"], grouped_teams(afdeling, names), strict=True):
            rows.append({"afdeling": afdeling, "team": team, "groep": groep, "bron": doc.name, "bron_regel": line.no})
    return rows


def grouped_teams(afdeling: str, names: list[str]) -> list[tuple[str, str | None]]:
    """(team, groep) per name. A name listed more than once in one afdeling (Burgerzaken's three
    "Overhead" lines) closes the group of teams listed since the previous such line; each
    occurrence is named after its afdeling and group, e.g. "Overhead (Burgerzaken – groep
    Rijbewijzen t/m Adressen)", and every team of a group carries the group in ``groep``."""
    repeated = {n for n in names if names.count(n) > 1}
    out: list[tuple[str, str | None]] = [(n, None) for n in names]
    start = 0
    for i, name in enumerate(names):
        if name.lower() in FRAME:
            start = i + 1
        elif name in repeated:
            members = range(start, i) if i > start else range(i, i + 1)
            groep = f"{names[members[0]]} t/m {names[members[-1]]}"
            for j in members:
                out[j] = (names[j], groep)
            out[i] = (f"{name} ({afdeling} – groep {groep})", groep)
            start = i + 1
    return out


# How many bullet groups of the integration timeline belong to each year, in reading order. The
# text export lost the slide's layout (years on a line, bullet groups above and below it), so
# this reading is declared here once; the extractor checks that the slide still has this shape.
TIMELINE_GROUPS_PER_YEAR = (1, 1, 1, 2, 2, 3)


def extract_tijdlijn(doc: Document) -> list[dict]:
    """The integration timeline slide (years 2010–2017) and the decree milestone.

    The slide's years are assigned in reading order (``TIMELINE_GROUPS_PER_YEAR``), so they are
    marked ``afgeleid``; the decree's date is printed next to it, so its year is ``gelezen``.
    """
    rows: list[dict] = []
    for slide in blocks(doc.lines):
        paras = paragraphs(slide)
        years = [p[0] for p in paras if len(p) == 1 and _YEAR.match(p[0].stripped)]
        if len(years) < 3:
            continue
        groups = _bullet_groups(paras)
        if len(years) != len(TIMELINE_GROUPS_PER_YEAR) or len(groups) != sum(TIMELINE_GROUPS_PER_YEAR):
            raise doc.problem(
                f"tijdlijnslide heeft {len(years)} jaren en {len(groups)} groepen; verwacht "
                f"{len(TIMELINE_GROUPS_PER_YEAR)} jaren en {sum(TIMELINE_GROUPS_PER_YEAR)} groepen",
                years[0].no,
            )
        group_iter = iter(groups)
        for year_line, count in zip(years, TIMELINE_GROUPS_PER_YEAR, strict=True):
            for _ in range(count):
                for regel, kop, tekst in headed_items(bullet_items(next(group_iter))):
                    rows.append(tijdlijn_row(int(year_line.stripped), "afgeleid", kop, tekst, doc.name, regel))
    if not rows:
        raise doc.problem("tijdlijnslide (jaren 2010–2017) niet gevonden")
    for para in paragraphs(doc.lines):
        text = join_wrapped([line.text for line in para])
        match = _DECREE.match(text)
        if match:
            rows.append(tijdlijn_row(int(match.group("jaar")), "gelezen", None, text, doc.name, para[0].no))
    return rows


# A bullet group whose first item is followed by at least this many short items (a few words,
# like "Politiezone", "ICT") is a heading with its sub-items: the export flattened the slide's
# indentation, so every item came out as a top-level bullet.
HEADING_MIN_SUBITEMS = 3
SUBITEM_MAX_WORDS = 3


def headed_items(items: list[tuple[int, str]]) -> list[tuple[int, str | None, str]]:
    """(line, heading or None, text) for the items of one bullet group; a heading is not an
    event of its own but gives its sub-items their meaning."""
    first, rest = items[0], items[1:]
    is_heading = len(rest) >= HEADING_MIN_SUBITEMS and all(len(t.split()) <= SUBITEM_MAX_WORDS for _, t in rest)
    if not is_heading:
        return [(no, None, text) for no, text in items]
    return [(no, first[1], text) for no, text in rest]


def _bullet_groups(paras: list[list[Line]]) -> list[list[Line]]:
    """Paragraphs that start with a bullet. The export sometimes puts a blank line inside a
    wrapped bullet; the wrapped line then ends in a space, and the next paragraph continues it."""
    groups: list[list[Line]] = []
    for para in paras:
        if para[0].stripped.startswith(BULLET):
            groups.append(list(para))
        elif groups and groups[-1][-1].text.endswith(" ") and not _YEAR.match(para[0].stripped):
            groups[-1].extend(para)
    return groups


def bullet_items(lines: list[Line]) -> list[tuple[int, str]]:
    """Bullet items of a paragraph: (line of the bullet, text with wrapped lines joined)."""
    items: list[tuple[int, list[str]]] = []
    for line in lines:
        text = line.stripped
        if text.startswith(BULLET):
            items.append((line.no, [text[len(BULLET) :]]))
        elif items:
            items[-1][1].append(text)
    return [(no, join_wrapped(parts)) for no, parts in items]
