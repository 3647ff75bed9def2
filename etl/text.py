"""Reading plain-text exports of slide decks and documents, and undoing their line wrapping.

Every extractor works on numbered lines so that each value it emits can carry ``bron_regel``,
the 1-based line number where it starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from etl.errors import Problem, SourceError


@dataclass(frozen=True)
class Line:
    no: int  # 1-based, as an editor shows it
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Document:
    name: str  # file name only: this is what ends up in the ``bron`` column
    lines: tuple[Line, ...]

    def problem(self, message: str, regel: int | None = None) -> SourceError:
        return SourceError(Problem(self.name, message, regel))


def find_source(raw_dir: Path, prefix: str) -> Path:
    """The source file whose name starts with ``prefix`` (e.g. ``000_``); exactly one must exist."""
    matches = sorted(raw_dir.glob(f"{prefix}*.txt"))
    if not matches:
        raise SourceError(Problem(f"{prefix}*.txt", f"bronbestand ontbreekt in {raw_dir}"))
    if len(matches) > 1:
        names = ", ".join(m.name for m in matches)
        raise SourceError(Problem(f"{prefix}*.txt", f"meer dan één bronbestand gevonden: {names}"))
    return matches[0]


def read_document(path: Path) -> Document:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(Problem(path.name, f"kan het bestand niet lezen ({exc.strerror})")) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(Problem(path.name, "geen geldige UTF-8-tekst", line)) from exc
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SourceError(Problem(path.name, "bevat NUL-tekens: geen tekstbestand", line))
    return document_from_text(path.name, text)


def document_from_text(name: str, text: str) -> Document:
    return Document(name, tuple(Line(i, t) for i, t in enumerate(text.splitlines(), start=1)))


_PAGE_NUMBER = re.compile(r"^\d{1,3}$")


def is_page_number(lines: tuple[Line, ...] | list[Line], index: int) -> bool:
    """A line holding only a number of 1–3 digits after a page break (two or more blank lines,
    or the start of the document): a page number, never part of the text around it."""
    if not _PAGE_NUMBER.match(lines[index].stripped):
        return False
    return all(line.blank for line in lines[max(0, index - 2) : index])


def without_page_numbers(doc: Document) -> Document:
    """The document with its page numbers blanked (line numbers stay as they are), for documents
    whose export prints a page number between paragraphs (the memorandum)."""
    lines = tuple(Line(line.no, "") if is_page_number(doc.lines, i) else line for i, line in enumerate(doc.lines))
    return Document(doc.name, lines)


def paragraphs(lines: tuple[Line, ...] | list[Line]) -> list[list[Line]]:
    """Runs of non-blank lines separated by one or more blank lines."""
    out: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.blank:
            if current:
                out.append(current)
                current = []
        else:
            current.append(line)
    if current:
        out.append(current)
    return out


def blocks(lines: tuple[Line, ...] | list[Line], min_blank: int = 2) -> list[list[Line]]:
    """Runs of lines separated by at least ``min_blank`` blank lines (slides in a deck export)."""
    out: list[list[Line]] = []
    current: list[Line] = []
    pending: list[Line] = []  # blank lines seen since the last text line
    for line in lines:
        if line.blank:
            pending.append(line)
            continue
        if len(pending) >= min_blank and current:
            out.append(current)
            current = []
        elif current:
            current.extend(pending)  # keep single blanks: they separate paragraphs in a slide
        pending = []
        current.append(line)
    if current:
        out.append(current)
    return out


# Words after a line-end hyphen that mean the hyphen is a suspended compound ("veiligheids- en
# preventieplan"), not a word broken across lines.
_CONJUNCTIONS = {"en", "of", "tot", "noch"}


def join_wrapped(parts: list[str]) -> str:
    """Join the lines of one wrapped sentence or item into a single line.

    Handles hyphenation: ``wet-`` + ``geving`` → ``wetgeving``; keeps a real hyphen where the
    break follows a capital (``E-`` + ``learning``) or precedes a conjunction
    (``Veiligheids-`` + ``en preventieplan``), and a spaced dash (``dienst -`` + ``fietsen``).
    """
    text = ""
    for raw in parts:
        text = append_wrapped(text, raw)
    return text


def append_wrapped(text: str, raw: str) -> str:
    """``text`` followed by the next wrapped line ``raw`` (see :func:`join_wrapped`)."""
    part = " ".join(raw.split())
    if not part:
        return text
    if not text:
        return part
    if _is_broken_word(text, part):
        return text[:-1] + part
    if text.endswith("-") and len(text) >= 2 and text[-2].isalpha():
        first_word = part.split(" ", 1)[0]
        return text + (" " if first_word in _CONJUNCTIONS else "") + part
    return text + " " + part


@dataclass(frozen=True)
class Flow:
    """Wrapped lines joined into running text, remembering where each line starts in it."""

    text: str
    starts: tuple[tuple[int, int], ...]  # (offset in text, line number), ascending

    def line_at(self, offset: int) -> int:
        line_no = self.starts[0][1]
        for start, no in self.starts:
            if start > offset:
                break
            line_no = no
        return line_no

    @classmethod
    def of(cls, lines: list[Line]) -> Flow:
        text = ""
        starts: list[tuple[int, int]] = []
        for line in lines:
            if line.blank:
                continue
            before = len(text)
            text = append_wrapped(text, line.text)
            # the line's own text begins after the joining space, if one was added
            offset = before + 1 if before and text[before : before + 1] == " " else before
            starts.append((offset, line.no))
        return cls(text, tuple(starts))


def _is_broken_word(text: str, nxt: str) -> bool:
    if not text.endswith("-") or len(text) < 3:
        return False
    before, after = text[-2], nxt[0]
    if not (before.isalpha() and before.islower() and after.isalpha() and after.islower()):
        return False
    return nxt.split(" ", 1)[0] not in _CONJUNCTIONS
