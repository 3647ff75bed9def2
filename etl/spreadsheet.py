"""Opening an uploaded spreadsheet safely: xlsx, xls or csv, within the configured limits.

Nothing here trusts the file: an xlsx must be a zip whose parts stay within the uncompressed-size
and compression-ratio limits (zip bombs), a sheet may not declare more cells or columns than
allowed, an encrypted (password-protected) workbook is recognised by its OLE signature, and a CSV
must be text. Every refusal is a :class:`~etl.errors.SourceError` naming the file.
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import pyarrow as pa

from etl.errors import Problem, SourceError
from etl.limits import Limits

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EXTENSIONS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".csv": "csv", ".txt": "csv"}
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
# What zipfile raises for a damaged archive or part (bad CRC, broken deflate stream, odd versions).
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, ValueError, KeyError, EOFError, NotImplementedError)


@dataclass(frozen=True)
class SheetInfo:
    name: str
    visible: str  # "visible", "hidden" or "veryhidden"


@dataclass(frozen=True)
class CsvGrid:
    """A decoded CSV by column: field ``c`` of record ``i`` (from 0) is ``column(c)[i]``, None
    where a record is shorter than the widest. A column is a list, or an Arrow array that becomes
    a list only when it is asked for (most files have columns nobody reads)."""

    columns: list[list[str | None] | pa.ChunkedArray]
    height: int

    @property
    def width(self) -> int:
        return len(self.columns)

    def column(self, c: int, start: int = 0) -> list[str | None]:
        col = self.columns[c]
        return col[start:] if isinstance(col, list) else col.slice(start).to_pylist()

    def rows(self, stop: int) -> list[list[str | None]]:
        stop = min(stop, self.height)
        columns = [c[:stop] if isinstance(c, list) else c.slice(0, stop).to_pylist() for c in self.columns]
        return [list(row) for row in zip(*columns, strict=True)]


@dataclass
class Workbook:
    filename: str
    kind: str  # "xlsx", "xls" or "csv"
    data: bytes
    sheets: list[SheetInfo]
    date1904: bool = False
    csv: CsvGrid | None = None  # the decoded CSV
    notes: list[str] = field(default_factory=list)
    _parts: dict[str, str] = field(default_factory=dict)  # xlsx sheet name → part path

    def refuse(self, message: str, **where: object) -> SourceError:
        return SourceError(Problem(self.filename, message, rij_of_regel="rij", **where))  # type: ignore[arg-type]

    def visible_sheets(self) -> list[str]:
        return [s.name for s in self.sheets if s.visible == "visible"]


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def column_index(letters: str) -> int:
    """A → 0, Z → 25, AA → 26 (the inverse of :func:`column_letter`)."""
    return _column_number(letters.encode()) - 1


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


MAX_NAME = 120  # characters of an uploaded file's name that are kept (shown, and logged in the audit)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_filename(filename: str) -> str:
    """The name of an uploaded file as the platform shows and logs it: the last path component only
    (never a folder, ``..`` or ``/``), control characters (NUL, newlines) as ``?``, at most
    ``MAX_NAME`` characters with the extension kept."""
    name = _CONTROL.sub("?", PurePosixPath(filename.replace("\\", "/")).name).strip()
    if name in ("", ".", ".."):
        return "bestand"
    if len(name) > MAX_NAME:
        suffix = PurePosixPath(name).suffix[:10]
        name = name[: MAX_NAME - len(suffix) - 1] + "…" + suffix
    return name


def open_workbook(filename: str, data: bytes, limits: Limits | None = None) -> Workbook:
    limits = limits or Limits.from_env()
    name = safe_filename(filename)
    fail = Workbook(name, "?", b"", []).refuse
    if not data:
        raise fail("het bestand is leeg")
    if len(data) > limits.max_upload_bytes:
        raise fail(f"het bestand is groter dan de toegelaten {_size(limits.max_upload_bytes)}")
    kind = EXTENSIONS.get(PurePosixPath(name.lower()).suffix)
    if kind is None:
        raise fail("onbekend bestandstype: alleen .xlsx, .xls en .csv worden aanvaard")
    if kind == "xlsx":
        return _open_xlsx(name, data, limits)
    if kind == "xls":
        return _open_xls(name, data)
    return _open_csv(name, data, limits)


def _open_xlsx(name: str, data: bytes, limits: Limits) -> Workbook:
    wb = Workbook(name, "xlsx", data, [])
    if data.startswith(OLE_MAGIC):
        raise wb.refuse("het bestand is beveiligd met een wachtwoord (versleuteld); sla het op zonder wachtwoord")
    if not data.startswith(ZIP_MAGIC):
        raise wb.refuse("geen geldig xlsx-bestand (geen zip-archief); is het bestand beschadigd of afgekapt?")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except _ZIP_ERRORS as exc:
        raise wb.refuse(f"geen geldig xlsx-bestand: het zip-archief is beschadigd ({exc})") from exc
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        raise wb.refuse(
            f"uitgepakt is het bestand {_size(total)}, meer dan de toegelaten "
            f"{_size(limits.max_uncompressed_bytes)} (mogelijk een zip-bom)"
        )
    for info in infos:
        if info.compress_size and info.file_size / info.compress_size > limits.max_compression_ratio:
            raise wb.refuse(f"onderdeel {info.filename} is verdacht sterk gecomprimeerd (mogelijk een zip-bom)")
    _check_true_sizes(wb, archive, infos)
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise wb.refuse("geen geldig xlsx-bestand: xl/workbook.xml ontbreekt")
    try:
        workbook_xml = archive.read("xl/workbook.xml")
        rels_xml = archive.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
    except _ZIP_ERRORS as exc:  # CRC error, truncated member
        raise wb.refuse(f"geen geldig xlsx-bestand: een onderdeel is beschadigd ({exc})") from exc
    wb.date1904 = bool(re.search(rb'date1904="(1|true)"', workbook_xml))
    targets = {_xml_attr(t, b"Id"): _xml_attr(t, b"Target") for t in re.findall(rb"<Relationship [^>]*>", rels_xml)}
    for tag in re.findall(rb"<(?:\w+:)?sheet [^>]*/?>", workbook_xml):
        sheet_name = _xml_attr(tag, b"name")
        state = _xml_attr(tag, b"state") or "visible"
        rid = _xml_attr(tag, b"r:id") or _xml_attr(tag, b"id")
        wb.sheets.append(SheetInfo(sheet_name, state.lower()))
        target = targets.get(rid, "")
        if target:
            wb._parts[sheet_name] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    if not wb.sheets:
        raise wb.refuse("het werkboek bevat geen bladen")
    return wb


def _check_true_sizes(wb: Workbook, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """The sizes above are what the zip declares; a part may inflate to far more (a lying zip bomb)
    and the spreadsheet reader would not stop at the declared size. zipfile does stop there and
    then fails the CRC, so inflating each part once, in chunks, proves the declared sizes true.
    Worksheets are left out: the chosen one is read by zipfile (:func:`scan_sheet`) before any reader."""
    for info in infos:
        if info.filename.startswith("xl/worksheets/") or info.is_dir():
            continue
        try:
            with archive.open(info) as handle:
                while handle.read(1 << 20):
                    pass
        except _ZIP_ERRORS as exc:
            raise wb.refuse(f"geen geldig xlsx-bestand: onderdeel {info.filename} is beschadigd ({exc})") from exc


def _size(n: int) -> str:
    """Bytes for people: "1,5 MB", "300 kB" (never "0 MB")."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f}".replace(".", ",").removesuffix(",0") + " MB"
    return f"{max(1, round(n / 1024))} kB"


def _xml_attr(tag: bytes, attr: bytes) -> str:
    match = re.search(rb"\s" + re.escape(attr) + rb'="([^"]*)"', tag)
    return html.unescape(match.group(1).decode("utf-8", "replace")) if match else ""


def _open_xls(name: str, data: bytes) -> Workbook:
    wb = Workbook(name, "xls", data, [])
    if not data.startswith(OLE_MAGIC):
        raise wb.refuse("geen geldig xls-bestand (Excel 97–2003); sla het op als .xlsx")
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_object(io.BytesIO(data))
        meta = book.sheets_metadata
    except Exception as exc:  # calamine raises its own errors for encrypted or broken files
        raise wb.refuse(
            f"het xls-bestand kan niet gelezen worden (beveiligd met een wachtwoord of beschadigd: {exc})"
        ) from exc
    for sheet in meta:
        wb.sheets.append(SheetInfo(sheet.name, str(sheet.visible).split(".")[-1].lower()))
    return wb


def _open_csv(name: str, data: bytes, limits: Limits) -> Workbook:
    wb = Workbook(name, "csv", data, [SheetInfo("csv", "visible")])
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise wb.refuse(
            "het bestand bevat NUL-tekens: geen tekstbestand (is het een Excel-bestand met de extensie .csv?)",
            regel=line,
        )
    longest = _longest_line(data)
    if longest > limits.max_line_bytes:
        raise wb.refuse(f"een regel is langer dan {limits.max_line_bytes // 1024} kB: geen gewone CSV")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            text, encoding = data[3:].decode("utf-8", errors="strict"), "UTF-8 met BOM"
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start + 3) + 1
            raise wb.refuse(
                "het bestand begint als UTF-8 (met BOM) maar bevat tekens in een andere codering; "
                "sla het bestand opnieuw op als ‘CSV UTF-8’",
                regel=line,
            ) from None
    else:
        try:
            text, encoding = data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError as exc:
            text, encoding = data.decode("cp1252", errors="replace"), "Windows-1252"
            if "\ufffd" in text:
                raise wb.refuse("de tekstcodering is niet herkend (geen UTF-8 en geen Windows-1252)") from None
            _refuse_mixed_encoding(wb, data, exc.start)
    sample = text[:20000]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    if "\t" in sample and sample.count("\t") > max(sample.count(";"), sample.count(",")):
        delimiter = "\t"
    grid = _csv_by_pyarrow(data, encoding, delimiter) or _csv_by_python(text, delimiter)
    width = grid.width
    if width > limits.max_columns:
        raise wb.refuse(f"het bestand heeft {width} kolommen, meer dan de toegelaten {limits.max_columns}")
    if grid.height * max(width, 1) > limits.max_cells:
        raise wb.refuse(f"het bestand heeft meer dan de toegelaten {_thousands(limits.max_cells)} cellen")
    wb.csv = grid
    sep_name = {";": "puntkomma", ",": "komma", "\t": "tab"}[delimiter]
    wb.notes.append(f"CSV gelezen als {encoding}, scheidingsteken {sep_name}.")
    return wb


def _csv_by_python(text: str, delimiter: str) -> CsvGrid:
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return CsvGrid([list(col) for col in itertools.zip_longest(*rows)], len(rows))


_PYARROW_ENCODINGS = {"UTF-8 met BOM": "utf8", "UTF-8": "utf8", "Windows-1252": "cp1252"}  # "utf8": no transcoding


def _csv_by_pyarrow(data: bytes, encoding: str, delimiter: str) -> CsvGrid | None:
    """The same grid parsed in C++, for the common case of a rectangle: every record as wide as
    the first. Anything else (a title row of one field, an empty line, a short row) gives None,
    and Python's csv module, which keeps such records as they are, reads the file instead."""
    import pyarrow.csv as pcsv

    body = data[3:] if encoding == "UTF-8 met BOM" else data
    first_line = body[: body.find(b"\n") + 1 or len(body)].decode(_PYARROW_ENCODINGS[encoding], errors="replace")
    first = next(csv.reader(io.StringIO(first_line, newline=""), delimiter=delimiter), None)
    if not first or '"' in first_line:  # a quoted first line may span lines: leave it to the csv module
        return None
    if b"\n\n" in body or b"\n\r\n" in body:  # an empty line: a record without fields, not one of empty fields
        return None
    names = [f"c{i}" for i in range(len(first))]
    try:
        table = pcsv.read_csv(
            io.BytesIO(body),
            read_options=pcsv.ReadOptions(column_names=names, encoding=_PYARROW_ENCODINGS[encoding]),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException, UnicodeDecodeError):
        return None
    return CsvGrid([table.column(name) for name in names], table.num_rows)


def _longest_line(data: bytes) -> int:
    """The length of the longest line without its newline (counted in C, not line by line)."""
    import numpy as np

    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 10)
    return int((np.diff(np.concatenate(([-1], ends, [len(data)]))) - 1).max())


# A UTF-8 encoded letter beyond ASCII: read as Windows-1252 it would silently become "Ã«" and the like.
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _refuse_mixed_encoding(wb: Workbook, data: bytes, bad_at: int) -> None:
    """Not UTF-8 (from ``bad_at`` on) yet UTF-8 letters elsewhere: two encodings pasted together."""
    utf8 = _UTF8_SEQUENCE.search(data)
    if utf8 is None:
        return
    utf8_line, other_line = data.count(b"\n", 0, utf8.start()) + 1, data.count(b"\n", 0, bad_at) + 1
    raise wb.refuse(
        f"de tekstcodering is gemengd: regel {utf8_line} is UTF-8, regel {other_line} niet; "
        "sla het bestand opnieuw op als ‘CSV UTF-8’"
    )


def _thousands(n: int) -> str:
    """1048576 → "1.048.576"."""
    return f"{n:,}".replace(",", ".")


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


def check_size_as_read(wb: Workbook, sheet: str, rows: int, columns: int, limits: Limits | None = None) -> None:
    """The same limits for the size the reader found: a sheet need not declare its dimension."""
    _check_size(wb, sheet, rows, columns, limits or Limits.from_env(), "heeft")


def _check_size(wb: Workbook, sheet: str, rows: int, columns: int, limits: Limits, verb: str) -> None:
    if columns > limits.max_columns:
        raise wb.refuse(f"het blad {verb} {columns} kolommen, meer dan de toegelaten {limits.max_columns}", blad=sheet)
    if rows * columns > limits.max_cells:
        raise wb.refuse(
            f"het blad {verb} {_thousands(rows)} rijen × {columns} kolommen, meer dan de toegelaten "
            f"{_thousands(limits.max_cells)} cellen",
            blad=sheet,
        )


@dataclass(frozen=True)
class SheetScan:
    first_row: int | None  # Excel number of the first row holding a value (where a reader's range starts)
    formulas: list[str]  # cells holding a formula, e.g. "B5"
    merges: list[str]  # merged ranges, e.g. "A1:C1"
    # An xlsx holding the sheet's rows up to ``head_rows`` only (None: the file itself is that
    # small): a reader parses a whole sheet even for a few rows, so the header search reads this.
    head: bytes | None = None


# Substrings that every formula cell or merged range contains: a fast search for these (C speed)
# decides whether the slower regular expressions need to run over the sheet at all.
_FORMULA_HINTS = (b"<f", b":f")
_ROW_OPEN = re.compile(rb"<((?:\w+:)?)row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
_DIMENSION_ELEMENT = re.compile(rb"<(?:\w+:)?dimension\b[^>]*/>")
_EMPTY_SHEET = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'


def scan_sheet(wb: Workbook, sheet: str, head_rows: int | None = None) -> SheetScan:
    """What a value reader does not tell: where the data starts, formulas, merged cells; and,
    with ``head_rows``, a small xlsx with the rows up to ``first_row - 1 + head_rows``."""
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
            xml = archive.read(part)
    except _ZIP_ERRORS as exc:
        raise wb.refuse(f"het blad kan niet gelezen worden: het bestand is beschadigd ({exc})", blad=sheet) from exc
    first = _FIRST_VALUE.search(xml)
    first_row = int(first.group(1)) if first else None
    has_formulas = any(hint in xml for hint in _FORMULA_HINTS)
    return SheetScan(
        first_row,
        _elements(_FORMULA_CELL, xml) if has_formulas else [],
        _elements(_MERGE, xml) if b"mergeCell " in xml else [],
        _head_workbook(wb, part, xml, (first_row or 1) - 1 + head_rows) if head_rows else None,
    )


def _head_workbook(wb: Workbook, part: str, xml: bytes, last_row: int) -> bytes | None:
    """The workbook with ``part`` cut after Excel row ``last_row`` (and the other sheets empty),
    or None when the sheet has no rows after it. Stored, not compressed: it lives a moment."""
    number = 0
    cut = None
    for match in _ROW_OPEN.finditer(xml):
        found = _ROW_NUMBER.search(match.group(2))
        number = int(found.group(1)) if found else number + 1  # r is optional: rows then follow on
        if number > last_row:
            cut, prefix = match.start(), match.group(1)
            break
    if cut is None:
        return None
    head = _DIMENSION_ELEMENT.sub(b"", xml[:cut], count=1) + b"</%ssheetData></%sworksheet>" % (prefix, prefix)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(wb.data)) as archive, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
        sheets = set(wb._parts.values())
        for info in archive.infolist():
            if info.filename == part:
                copy.writestr(info.filename, head)
            elif info.filename in sheets:
                copy.writestr(info.filename, _EMPTY_SHEET)
            else:
                copy.writestr(info.filename, archive.read(info))
    return out.getvalue()


def _elements(pattern: re.Pattern[bytes], xml: bytes) -> list[str]:
    """Group 1 of every match that is an element (right after "<" or a namespace prefix)."""
    return [m.group(1).decode() for m in pattern.finditer(xml) if xml[m.start() - 1 : m.start()] in (b"<", b":")]
