"""The raw xlsx XML of a sheet, for what a value reader does not tell: the declared dimension (checked
against the limits before any reader inflates the sheet), where the data starts, formulas and
merged cells, and a cut-down copy of the sheet for the header search."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from etl.limits import Limits
from etl.upload.inflate import part_chunks
from etl.upload.workbook import _ZIP_ERRORS, Workbook, _check_size, _column_number

# Element names may carry a namespace prefix (<x:c …>, as the Open XML SDK writes them).
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
# These two run over the whole sheet: they start with a literal, which keeps the search fast;
# _elements checks the "<" or prefix before it.
_FORMULA_CELL = re.compile(rb'c r="([A-Z]+\d+)"[^>]*>\s*<(?:\w+:)?f[ >/]')
_MERGE = re.compile(rb'mergeCell ref="([A-Z]+\d+:[A-Z]+\d+)"')
# The first cell that holds a value (<v> or an inline string), possibly after its formula.
_FIRST_VALUE = re.compile(
    rb'<(?:\w+:)?c r="[A-Z]+(\d+)"[^>]*?(?<!/)>\s*'
    rb"(?:<(?:\w+:)?f[^>]*?/>|<(?:\w+:)?f[^>]*>[^<]*</(?:\w+:)?f>)?\s*<(?:\w+:)?(?:v|is)>"
)


def check_sheet_size(wb: Workbook, sheet: str, limits: Limits | None = None) -> None:
    """Refuse a sheet whose declared dimension exceeds the cell or column limits (xlsx)."""
    limits = limits or Limits.from_env()
    part = wb._parts.get(sheet)
    if wb.kind != "xlsx" or not part:
        return
    try:
        with zipfile.ZipFile(io.BytesIO(wb.data)) as archive, archive.open(part) as handle:
            head = handle.read(4096)
    except _ZIP_ERRORS as exc:
        raise wb.refuse(f"het blad kan niet gelezen worden: het bestand is beschadigd ({exc})", blad=sheet) from exc
    match = _DIMENSION.search(head)
    if not match or not match.group(3):
        return
    columns = _column_number(match.group(3)) - _column_number(match.group(1)) + 1
    rows = int(match.group(4)) - int(match.group(2)) + 1
    _check_size(wb, sheet, rows, columns, limits, "declareert")


@dataclass(frozen=True)
class SheetScan:
    first_row: int | None  # Excel number of the first row holding a value (where a reader's range starts)
    formulas: list[str]  # cells holding a formula, e.g. "B5"
    merges: list[str]  # merged ranges, e.g. "A1:C1"
    # An xlsx holding the sheet's rows up to ``head_rows`` only (None: the file itself is that
    # small): a reader parses a whole sheet even for a few rows, so the header search reads this.
    head: bytes | None = None
    # Whether the sheet may hold a boolean cell (True when not known): a reader that types a
    # column by its cells makes a number column with TRUE in it numbers (1.0), see SheetReader.load.
    booleans: bool = True


# A formula element is "<f" or "<x:f" then " ", ">" or "/": searched for as "f" then one of those
# (a literal start keeps the search at C speed), the byte before checked; only a sheet that has one
# is searched again for the cells (see _FORMULA_CELL).
_FORMULA_HINT = re.compile(rb"f[ >/]")
# A boolean cell (<c … t="b">): searched as 'b"' (a rare literal start keeps the search at C speed;
# "t=" starts every text cell) and then looked behind. A sheet whose first chunk quotes an attribute
# with "'" is taken to hold one, as this search would not see it there.
_BOOLEAN = re.compile(rb'b"(?<=t="b")')
_ROW_OPEN = re.compile(rb"<((?:\w+:)?)row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
_DIMENSION_ELEMENT = re.compile(rb"<(?:\w+:)?dimension\b[^>]*/>")
_EMPTY_SHEET = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
CHUNK = 1 << 20  # the sheet is inflated this much at a time: never held whole
_OVERLAP = 256  # bytes of the previous chunk searched again: an element cut in two is found whole


def scan_sheet(wb: Workbook, sheet: str, head_rows: int | None = None) -> SheetScan:
    """What a value reader does not tell: where the data starts, formulas, merged cells; and,
    with ``head_rows``, a small xlsx with the rows up to ``first_row - 1 + head_rows``.
    One streaming pass over the sheet's XML (a second one only for a sheet with formulas, or with
    more than two chunks of XML after its cells)."""
    part = wb._parts.get(sheet)
    if wb.kind == "csv":
        return SheetScan(1, [], [])
    if wb.kind != "xlsx" or not part:
        import python_calamine

        try:
            book = python_calamine.CalamineWorkbook.from_object(io.BytesIO(wb.data))
            return SheetScan(book.get_sheet_by_name(sheet).start[0] + 1, [], [])
        except Exception as exc:  # calamine raises its own error types
            raise wb.refuse(f"het blad kan niet gelezen worden ({exc})", blad=sheet) from exc
    try:
        with zipfile.ZipFile(io.BytesIO(wb.data)) as archive:
            head, first_row, merges, formulas, booleans = _stream(archive, wb.data, part, head_rows or 0)
            xml = archive.read(part) if formulas else b""
    except _ZIP_ERRORS as exc:
        raise wb.refuse(f"het blad kan niet gelezen worden: het bestand is beschadigd ({exc})", blad=sheet) from exc
    last_row = (first_row or 1) - 1 + (head_rows or 0)
    return SheetScan(
        first_row,
        _elements(_FORMULA_CELL, xml) if formulas else [],
        merges,
        _head_workbook(wb, part, head, last_row) if head_rows else None,
        booleans,
    )


def _stream(
    archive: zipfile.ZipFile, data: bytes, part: str, head_rows: int
) -> tuple[bytes, int | None, list[str], bool, bool]:
    """The sheet's XML up to the first row after the header window (all of it when it is that
    short), the first row holding a value, the merged ranges, whether any formula occurs, and
    whether a boolean cell may (:data:`_BOOLEAN`)."""
    head = bytearray()
    head_done = head_rows == 0
    first_row: int | None = None
    formulas = booleans = False
    first = True
    last = (b"", b"")  # the last two chunks: where the merged ranges are (see _tail_merges)
    for chunk, seams in _with_seams(_inflated(archive, data, part)):
        if not head_done:
            head += chunk
            if first_row is None and (found := _FIRST_VALUE.search(head)):
                first_row = int(found.group(1))
            head_done = first_row is not None and _cut(head, first_row - 1 + head_rows) is not None
        if not formulas:
            formulas = any(_elements(_FORMULA_HINT, text, first=True) for text, _ in seams)
        if not booleans:
            booleans = any(_BOOLEAN.search(text) for text, _ in seams) or (first and b"='" in chunk)
        first = False
        last = (last[1], chunk)
    if first_row is None and (found := _FIRST_VALUE.search(head)):
        first_row = int(found.group(1))
    merges = _tail_merges(b"".join(last))
    if merges is None:  # more than two chunks of the sheet after its cells: searched whole
        merges = _merges(_inflated(archive, data, part))
    return bytes(head), first_row, merges, formulas, booleans


def _with_seams(chunks: Iterator[bytes]) -> Iterator[tuple[bytes, tuple[tuple[bytes, int], ...]]]:
    """Each chunk with the texts to search in it and where they start in the sheet: the chunk as
    it is (never copied whole), and the seam — the end of the previous chunk and the start of
    this one — where an element cut by the chunk's edge is found whole."""
    tail, offset = b"", 0  # offset: where the chunk starts in the sheet
    for chunk in chunks:
        yield chunk, ((tail + chunk[:_OVERLAP], offset - len(tail)), (chunk, offset))
        offset += len(chunk)
        tail = chunk[-_OVERLAP:] if len(chunk) >= _OVERLAP else (tail + chunk)[-_OVERLAP:]


def _merges(chunks: Iterator[bytes]) -> list[str]:
    """The merged ranges anywhere in the sheet's XML, in their order."""
    found: dict[int, str] = {}  # by offset: a range near a chunk's edge is found twice
    for _chunk, seams in _with_seams(chunks):
        for text, start in seams:
            if b"mergeCell " in text:
                for m in _MERGE.finditer(text):
                    if text[m.start() - 1 : m.start()] in (b"<", b":"):
                        found[start + m.start()] = m.group(1).decode()
    return list(found.values())


# The end of the cells: "</sheetData>" (or with a prefix), or an empty "<sheetData/>".
_CELLS_END = re.compile(rb"</(?:\w+:)?sheetData>|<(?:\w+:)?sheetData\s*/>")


def _tail_merges(tail: bytes) -> list[str] | None:
    """The merged ranges, from the end of the sheet's XML: the schema puts <mergeCells> after
    <sheetData>, so when ``tail`` holds the end of the cells, the ranges after it are all of
    them — found without searching the 100 MB of cells before (a third of the scan's search).
    None when ``tail`` does not reach back to the end of the cells. Every "<" in XML opens markup
    (in text and attribute values it is escaped), so a "sheetData" right after one is the element."""
    at = len(tail)
    while (at := tail.rfind(b"sheetData", 0, at)) >= 0:
        opening = tail.rfind(b"<", 0, at)
        if opening >= 0 and (end := _CELLS_END.match(tail, opening)) and end.end() > at:
            return _elements(_MERGE, tail[end.end() :])
    return None


def _inflated(archive: zipfile.ZipFile, data: bytes, part: str) -> Iterator[bytes]:
    """The part a chunk at a time, the next one inflated (and its CRC checked) in a second thread
    while this one is searched: inflating works without the GIL, so on two cores the searching is
    done in the time the inflating takes anyway. The inflating stops past the declared size and
    checks the CRC, which is what proves a sheet no bigger than it says (see etl.upload.inflate)."""
    chunks = part_chunks(archive, data, part, CHUNK)
    with ThreadPoolExecutor(max_workers=1) as pool:
        ahead = pool.submit(next, chunks, b"")
        while chunk := ahead.result():
            ahead = pool.submit(next, chunks, b"")
            yield chunk


def _cut(xml: bytes | bytearray, last_row: int) -> tuple[int, bytes] | None:
    """Where the first row after Excel row ``last_row`` opens, and its namespace prefix."""
    number = 0
    for match in _ROW_OPEN.finditer(xml):
        found = _ROW_NUMBER.search(match.group(2))
        number = int(found.group(1)) if found else number + 1  # r is optional: rows then follow on
        if number > last_row:
            return match.start(), match.group(1)
    return None


def _head_workbook(wb: Workbook, part: str, xml: bytes, last_row: int) -> bytes | None:
    """The workbook with ``part`` cut after Excel row ``last_row`` (and the other sheets empty),
    or None when the sheet has no rows after it. Stored, not compressed: it lives a moment."""
    where = _cut(xml, last_row)
    if where is None:
        return None
    cut, prefix = where
    head = _DIMENSION_ELEMENT.sub(b"", xml[:cut], count=1) + b"</%ssheetData></%sworksheet>" % (prefix, prefix)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(wb.data)) as archive, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
        sheets = set(wb._parts.values())
        for info in archive.infolist():
            # Each entry keeps its own time, not the clock's: the same workbook gives the same bytes.
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            if info.filename == part:
                copy.writestr(entry, head)
            elif info.filename in sheets:
                copy.writestr(entry, _EMPTY_SHEET)
            else:
                copy.writestr(entry, archive.read(info))
    return out.getvalue()


def _elements(pattern: re.Pattern[bytes], xml: bytes, first: bool = False) -> list[str]:
    """Group 1 (else the whole match) of every match that is an element (right after "<" or a
    namespace prefix); with ``first``, of the first one only."""
    found = []
    for m in pattern.finditer(xml):
        if xml[m.start() - 1 : m.start()] in (b"<", b":"):
            found.append((m.group(1) if pattern.groups else m.group()).decode())
            if first:
                break
    return found
