"""Opening an uploaded spreadsheet safely (xlsx, xls or csv, within the configured limits) and
reading its cells: the header window as text, then the mapped columns.

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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import PurePosixPath
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from etl.errors import Problem, SourceError
from etl.limits import Limits
from etl.numbers import format_number
from etl.upload.convert import distinct

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EXTENSIONS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".csv": "csv", ".txt": "csv"}
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

    def text(self, c: int, start: int = 0) -> pa.Array | pa.ChunkedArray:
        """Field ``c`` of the records from ``start`` on, as Arrow text (in the reader's chunks:
        a column converted through its distinct texts is never needed in one piece)."""
        col = self.columns[c]
        if isinstance(col, list):
            return pa.array(col[start:], pa.string())
        return col.slice(start)

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
    csv: CsvFile | None = None  # the CSV, parsed as far as it is read
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
    and the spreadsheet reader would not stop at the declared size. Inflating each part once, in
    chunks, with :mod:`etl.upload.inflate` proves the declared sizes true. Worksheets are left out:
    the chosen one is inflated the same way by :func:`scan_sheet`, before any reader."""
    from etl.upload.inflate import part_chunks

    for info in infos:
        if info.filename.startswith("xl/worksheets/") or info.is_dir():
            continue
        try:
            for _block in part_chunks(archive, wb.data, info.filename, 1 << 20):
                pass
        except _ZIP_ERRORS as exc:
            raise wb.refuse(f"geen geldig xlsx-bestand: onderdeel {info.filename} is beschadigd ({exc})") from exc


def _size(n: int) -> str:
    """Bytes for people: "1,5 MB", "300 kB" (never "0 MB")."""
    if n >= 1024 * 1024:
        return format_number(n / (1024 * 1024), 1).removesuffix(",0") + " MB"
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
    if _has_line_over(data, limits.max_line_bytes):
        raise wb.refuse(f"een regel is langer dan {limits.max_line_bytes // 1024} kB: geen gewone CSV")
    text: str | None = None  # decoded whole only when needed: a fresh process pays for the pages
    if data.isascii():  # plain ASCII is UTF-8 as it is
        encoding = "UTF-8"
    elif data.startswith(b"\xef\xbb\xbf"):
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
    sample = text[:20000] if text is not None else data[:20000].decode("ascii")
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    if "\t" in sample and sample.count("\t") > max(sample.count(";"), sample.count(",")):
        delimiter = "\t"
    body = data[3:] if encoding == "UTF-8 met BOM" else data
    wb.csv = CsvFile(body, encoding, delimiter, text, partial(_check_csv_size, wb, limits))
    sep_name = {";": "puntkomma", ",": "komma", "\t": "tab"}[delimiter]
    wb.notes.append(f"CSV gelezen als {encoding}, scheidingsteken {sep_name}.")
    return wb


def _check_csv_size(wb: Workbook, limits: Limits, height: int, width: int) -> None:
    if width > limits.max_columns:
        raise wb.refuse(f"het bestand heeft {width} kolommen, meer dan de toegelaten {limits.max_columns}")
    if height * max(width, 1) > limits.max_cells:
        raise wb.refuse(f"het bestand heeft meer dan de toegelaten {format_number(limits.max_cells)} cellen")


class CsvFile:
    """A CSV file as opened (checked as text, its encoding and delimiter known), parsed only as far
    as it is read. A plain rectangle — every record as wide as the first, as exports are — is
    parsed by pyarrow in C++, the header window apart and then only the columns the flow reads;
    anything else whole by Python's csv module (:func:`_csv_by_python`), as soon as it is known."""

    def __init__(self, body: bytes, encoding: str, delimiter: str, text: str | None, check: Callable[[int, int], None]):
        self.body, self.encoding, self.delimiter, self.text = body, encoding, delimiter, text
        self._check = check  # refuses a grid of (height, width) over the limits
        self.grid: CsvGrid | None = None  # parsed whole
        first = _plain_first_line(body, encoding, delimiter)
        if first is None:
            self.grid = self._by_python()
            self.fields = self.grid.width
        else:
            check(0, len(first))
            self.fields = len(first)  # of the first record

    @property
    def width(self) -> int:
        """Fields of the widest record known: the first, until the file is parsed whole."""
        return self.fields if self.grid is None else self.grid.width

    def rows(self, stop: int | None = None) -> list[list[str | None]]:
        """The first ``stop`` records (None: all), each as wide as :attr:`width`."""
        if self.grid is None and stop is not None:
            head = self._records(stop)
            width = max(self.fields, *(len(r) for r in head)) if head else self.fields
            return [r + [None] * (width - len(r)) for r in head]
        return self.whole().rows(self.whole().height if stop is None else stop)

    def whole(self) -> CsvGrid:
        if self.grid is None:
            grid = _pyarrow_grid(self.body, self.encoding, self.delimiter)
            if grid is not None:
                self._check(grid.height, grid.width)
            self.grid = grid or self._by_python()
        return self.grid

    def texts(self, columns: list[int], start: int) -> tuple[dict[int, pa.Array | pa.ChunkedArray], int]:
        """Field ``c`` of the records from ``start`` on, for each of ``columns`` (nulls where a
        record has no such field), and how many records that is. Read in the reader's chunks and, from
        a plain rectangle, dictionary-encoded: a column converted through its distinct texts is
        never needed whole or as plain text (see :func:`etl.upload.convert.distinct`)."""
        if self.grid is None:
            table = _read_columns(self.body, self.encoding, self.delimiter, self.fields, columns, skip=start)
            if table is not None:
                self._check(start + table.num_rows, self.fields)
                height = table.num_rows
                read = {int(name[1:]): table.column(name) for name in table.column_names}
                return {c: read[c] if c in read else pa.nulls(height, pa.string()) for c in columns}, height
            self.grid = self._by_python()
        grid = self.grid
        height = max(grid.height - start, 0)
        return {c: grid.text(c, start) if c < grid.width else pa.nulls(height, pa.string()) for c in columns}, height

    def _records(self, stop: int) -> list[list[str]]:
        """The first ``stop`` records by Python's csv module, decoding no more than it reads."""
        if self.text is not None:
            stream: io.TextIOBase = io.StringIO(self.text, newline="")
        else:
            stream = io.TextIOWrapper(io.BytesIO(self.body), encoding="ascii", newline="")
        return list(itertools.islice(csv.reader(stream, delimiter=self.delimiter), stop))

    def _by_python(self) -> CsvGrid:
        grid = _csv_by_python(self.body.decode("ascii") if self.text is None else self.text, self.delimiter)
        self._check(grid.height, grid.width)
        return grid


def _csv_by_python(text: str, delimiter: str) -> CsvGrid:
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return CsvGrid([list(col) for col in itertools.zip_longest(*rows)], len(rows))


_PYARROW_ENCODINGS = {"UTF-8 met BOM": "utf8", "UTF-8": "utf8", "Windows-1252": "cp1252"}  # "utf8": no transcoding


def _csv_by_pyarrow(data: bytes, encoding: str, delimiter: str) -> CsvGrid | None:
    """The same grid parsed in C++, for the common case of a rectangle: every record as wide as
    the first. Anything else (a title row of one field, an empty line, a short row) gives None,
    and Python's csv module, which keeps such records as they are, reads the file instead."""
    return _pyarrow_grid(data[3:] if encoding == "UTF-8 met BOM" else data, encoding, delimiter)


def _pyarrow_grid(body: bytes, encoding: str, delimiter: str) -> CsvGrid | None:
    """:func:`_csv_by_pyarrow` of the file without its BOM."""
    first = _plain_first_line(body, encoding, delimiter)
    if first is None:
        return None
    table = _read_columns(body, encoding, delimiter, len(first), range(len(first)), kind=pa.string())
    if table is None:
        return None
    return CsvGrid([table.column(f"c{i}") for i in range(len(first))], table.num_rows)


def _plain_first_line(body: bytes, encoding: str, delimiter: str) -> list[str] | None:
    """The fields of the first line, unless it is empty or quoted (a quoted first line may span
    lines: left to the csv module)."""
    first_line = body[: body.find(b"\n") + 1 or len(body)].decode(_PYARROW_ENCODINGS[encoding], errors="replace")
    first = next(csv.reader(io.StringIO(first_line, newline=""), delimiter=delimiter), None)
    return None if not first or '"' in first_line else first


# Read: most columns repeat their texts (codes, years, counts), and a dictionary is built by the
# reader's threads while parsing; a column of different texts costs little more (200,000 numbers).
_READ_AS = pa.dictionary(pa.int32(), pa.string())


def _read_columns(
    body: bytes,
    encoding: str,
    delimiter: str,
    width: int,
    columns: Iterable[int],
    skip: int = 0,
    kind: pa.DataType = _READ_AS,
) -> pa.Table | None:
    """The given columns (``c0``, ``c1``, …) of the records from ``skip`` on (the rows above, the
    header's, are left out of the reader's dictionaries too) of a file whose every record has
    ``width`` fields, parsed in C++; None when a record has another width or the file has an empty line."""
    import pyarrow.csv as pcsv

    names = [f"c{i}" for i in range(width)]
    include = [names[c] for c in sorted(set(columns)) if c < width] or names[:1]  # the first: to count records
    try:
        table = pcsv.read_csv(
            pa.BufferReader(body),  # read in C++ (a Python file object is read through the GIL)
            read_options=pcsv.ReadOptions(
                column_names=names, encoding=_PYARROW_ENCODINGS[encoding], skip_rows_after_names=skip
            ),
            # Without a quote no value can hold a newline: the reader may then split the file freely.
            parse_options=pcsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=b'"' in body, ignore_empty_lines=False
            ),
            convert_options=pcsv.ConvertOptions(
                include_columns=include,
                column_types=dict.fromkeys(include, kind),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                check_utf8=False,  # UTF-8 already checked whole (_open_csv), or transcoded by the reader
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException, UnicodeDecodeError):
        return None
    if _may_hold_empty_line(table) and (b"\n\n" in body or b"\n\r\n" in body):
        return None  # an empty line: a record without fields, not one of empty fields
    return table


def _may_hold_empty_line(table: pa.Table) -> bool:
    """Whether a record may have only empty fields, as the reader gives an empty line: not when a
    column has no empty field (most files, in their first column already: then the bytes are not
    searched, slow with a newline on every line)."""
    return all(any(_empty_in(chunk) for chunk in table.column(name).chunks) for name in table.column_names)


def _empty_in(chunk: pa.Array) -> bool:
    values = chunk.dictionary if isinstance(chunk, pa.DictionaryArray) else chunk
    return bool(pc.any(pc.equal(values, "")).as_py())


def _has_line_over(data: bytes, limit: int) -> bool:
    """Whether a line (without its newline) is longer than ``limit`` bytes. A gap longer than a
    block of ``limit`` bytes between two newlines crosses a block's edge, so the first and last
    newline of each block (found at C speed) are all it takes to see every such gap."""
    block = max(limit, 1)
    previous = -1  # the last newline seen (-1: the start, as if a newline stood before it)
    for start in range(0, len(data), block):
        first = data.find(b"\n", start, start + block)
        if first < 0:
            continue
        if first - previous - 1 > limit:
            return True
        previous = data.rfind(b"\n", start, start + block)
    return len(data) - previous - 1 > limit


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


def check_size_as_read(wb: Workbook, sheet: str, rows: int, columns: int, limits: Limits | None = None) -> None:
    """The same limits for the size the reader found: a sheet need not declare its dimension."""
    _check_size(wb, sheet, rows, columns, limits or Limits.from_env(), "heeft")


def _check_size(wb: Workbook, sheet: str, rows: int, columns: int, limits: Limits, verb: str) -> None:
    if columns > limits.max_columns:
        raise wb.refuse(f"het blad {verb} {columns} kolommen, meer dan de toegelaten {limits.max_columns}", blad=sheet)
    if rows * columns > limits.max_cells:
        raise wb.refuse(
            f"het blad {verb} {format_number(rows)} rijen × {columns} kolommen, meer dan de toegelaten "
            f"{format_number(limits.max_cells)} cellen",
            blad=sheet,
        )


# --- reading cells ---------------------------------------------------------------------------------


class SheetReader:
    """The grid of the chosen sheet: a header preview, then the mapped columns' values."""

    def __init__(self, wb: Workbook, sheet: str, limits: Limits | None = None):
        self.wb, self.sheet, self.limits = wb, sheet, limits
        self._reader = None
        self._grid: list[list[object]] | None = None
        if wb.kind in ("xlsx", "xls"):
            self._reader = _excel_reader(wb, wb.data)

    def preview(
        self, first_row: int, window: int, head: bytes | None = None
    ) -> list[tuple[int, list[str | None], list[int]]]:
        """The rows up to ``window`` past the first one holding a value, as text:
        (Excel row, cells, absolute column indices). Rows are counted from row 1 by the reader
        itself (``skip_rows=0``), so ``first_row`` only sizes the window. ``head`` is the same
        workbook cut after that window (see :func:`scan_sheet`): read instead, when given."""
        if self.wb.csv is not None:
            rows = self.wb.csv.rows(window)
            return [(i + 1, r, list(range(len(r)))) for i, r in enumerate(rows)]
        try:
            reader = self._reader if head is None else _excel_reader(self.wb, head)
            sheet = reader.load_sheet(
                self.sheet, header_row=None, skip_rows=0, n_rows=first_row - 1 + window, dtypes="string"
            )
            table = sheet.to_arrow()
        except Exception as exc:
            raise self.wb.refuse(f"het blad kan niet gelezen worden ({_short(exc)})", blad=self.sheet) from exc
        if head is None:  # else the whole sheet's size is checked when it is loaded
            check_size_as_read(self.wb, self.sheet, sheet.total_height, sheet.width, self.limits)
        columns = [c.absolute_index for c in sheet.selected_columns]
        data = table.to_pydict()
        values = list(data.values())
        return [(i + 1, [col[i] for col in values], columns) for i in range(table.num_rows)]

    def load(self, header_row: int, numbers: set[int], columns: list[int], typed: bool = False) -> Cells:
        """The cells below the header of the given absolute columns, as text (see :class:`Cells`);
        ``numbers``: the columns whose numeric cells are to be told from text cells. ``typed``:
        the sheet holds no boolean cell (:attr:`SheetScan.booleans`), so a number column may be
        read in its cells' own type (see :meth:`_load_cells`)."""
        if self.wb.csv is not None:
            texts, height = self.wb.csv.texts(columns, header_row)
            return Cells(np.arange(header_row + 1, header_row + 1 + height), texts, {})
        try:
            sheet, batch = self._load_cells(header_row, numbers if typed else set(), columns)
        except Exception as exc:
            raise self.wb.refuse(f"het blad kan niet gelezen worden ({_short(exc)})", blad=self.sheet) from exc
        check_size_as_read(self.wb, self.sheet, header_row + sheet.total_height, sheet.width, self.limits)
        texts: dict[int, pa.Array] = {}
        numeric: dict[int, pa.Array] = {}
        by_text: set[int] = set()
        for position, c in enumerate(sheet.selected_columns):
            values = batch.column(position)
            number_cells = _number_kind(values.type)
            texts[c.absolute_index] = column = number_texts(values) if number_cells else values.cast(pa.string())
            if c.absolute_index in numbers:
                numeric[c.absolute_index], known = self._numeric(header_row, c.absolute_index, column, number_cells)
                if known:
                    by_text.add(c.absolute_index)
        return Cells(np.arange(header_row + 1, header_row + 1 + batch.num_rows), texts, numeric, frozenset(by_text))

    def _load_cells(self, header_row: int, typed: set[int], columns: list[int]) -> tuple[Any, pa.RecordBatch]:
        """The sheet's columns below the header: a column of ``typed`` as numbers when its cells
        all are (exactly, where the reader's text of a number stops at nine decimals, and without
        writing each as text: about 0,1 s of the 0,9 s it took to read 200,000 rows × 3 numbers),
        as text when it mixes numbers with text or dates; every other column as text. The reader
        is never asked for a number column's type: it would make a number of a text "1.000"
        (Rust's parse: 1.0); only its own choice between number and text is taken, judged on every
        cell. A column of another kind (only dates; numbers and durations) is read as text again,
        with all the others (a second read)."""
        import fastexcel

        if typed:
            try:
                sheet = self._reader.load_sheet(
                    self.sheet,
                    header_row=header_row - 1,
                    use_columns=columns,
                    dtypes={c: "string" for c in columns if c not in typed} or None,
                    schema_sample_rows=None,  # every cell's kind, not the first thousand's
                )
                batch = sheet.to_arrow()
                if all(_one_kind(batch.column(i).type) for i in range(batch.num_columns)):
                    return sheet, batch
            except fastexcel.UnsupportedColumnTypeCombinationError:
                pass
        sheet = self._reader.load_sheet(self.sheet, header_row=header_row - 1, use_columns=columns, dtypes="string")
        return sheet, sheet.to_arrow()

    def _numeric(self, header_row: int, c: int, texts: pa.Array, number_cells: bool = False) -> tuple[pa.Array, bool]:
        """Which cells of a column read as text are numeric cells (``number_cells``: the column
        was read as numbers, so every cell with a value is one). The reader writes a number as
        plain digits (never an exponent, a "+", a trailing decimal zero or a thousands separator:
        "1000", "52.86", "0.0001"; at most nine decimals); a text in that form means that number to
        any reading, so only a value such as "4.512" — a number 4,512 or a Belgian text for 4512 —
        needs the sheet's typed cells (calamine's), read only when such a value occurs. Also
        whether the marks follow from the text alone (:func:`number_form`): no such value."""
        numeric, ambiguous = number_form(texts)
        positions = np.flatnonzero(ambiguous.to_numpy(zero_copy_only=False))
        if not len(positions):
            return numeric, True
        if number_cells:
            return texts.is_valid(), False
        grid = self._calamine_rows()
        mask = numeric.to_numpy(zero_copy_only=False).copy()
        for i in positions.tolist():
            r = header_row + i
            cell = grid[r][c] if r < len(grid) and c < len(grid[r]) else None
            mask[i] = isinstance(cell, (int, float)) and not isinstance(cell, bool)
        return pa.array(mask), False

    def _calamine_rows(self) -> list[list[object]]:
        """The whole sheet as Python values, from row 1 and column A (cells keep their own type)."""
        if self._grid is None:
            import python_calamine

            try:
                book = python_calamine.CalamineWorkbook.from_object(io.BytesIO(self.wb.data))
                self._grid = book.get_sheet_by_name(self.sheet).to_python(skip_empty_area=False)
            except Exception as exc:  # calamine raises its own error types
                raise self.wb.refuse(f"het blad kan niet gelezen worden ({_short(exc)})", blad=self.sheet) from exc
            width = max((len(r) for r in self._grid), default=0)
            check_size_as_read(self.wb, self.sheet, len(self._grid), width, self.limits)
        return self._grid


def number_form(texts: pa.Array) -> tuple[pa.Array, pa.Array]:
    """The cells of a workbook's number column (as text) that are numeric cells by their text
    alone, and the ambiguous ones ("4.512"), which only the sheet's typed cells can tell. Each
    distinct text is matched once when they repeat (a count column: thousands in 200,000 cells)."""
    codes = distinct(texts)
    if codes is not None:
        plain, ambiguous = number_form(codes.dictionary)
        return pc.fill_null(plain.take(codes.indices), False), pc.fill_null(ambiguous.take(codes.indices), False)
    plain = pc.fill_null(pc.match_substring_regex(texts, _AS_NUMBER), False)
    ambiguous = pc.fill_null(pc.match_substring_regex(texts, _AMBIGUOUS), False)
    return pc.and_(plain, pc.invert(ambiguous)), ambiguous


def _number_kind(kind: pa.DataType) -> bool:
    """A column type of a typed read that holds numbers."""
    return pa.types.is_floating(kind) or pa.types.is_integer(kind)


def _one_kind(kind: pa.DataType) -> bool:
    """A column type of a typed read that :meth:`SheetReader.load` takes: numbers, text, or no value."""
    return _number_kind(kind) or pa.types.is_string(kind) or pa.types.is_null(kind)


def number_texts(values: pa.Array) -> pa.Array:
    """Numbers as text in the form the reader gives a number cell read as text — plain digits,
    never an exponent or a trailing decimal zero: "2024", "52.86", "0.0000001" — but each with
    the shortest digits that read back as that very number, where the reader stops at nine
    decimals (1/3: "0.3333333333333333", not "0.333333333"). Arrow writes such digits with an
    exponent from 10^10 on and for tiny numbers; those are rewritten here, each once."""
    texts = values.cast(pa.string())
    if not pa.types.is_floating(values.type):
        return texts
    exponent = pc.fill_null(pc.match_substring(texts, "e"), False)
    if not pc.any(exponent).as_py():
        return texts
    where = np.flatnonzero(exponent.to_numpy(zero_copy_only=False))
    positional = [np.format_float_positional(x, trim="-") for x in values.take(pa.array(where)).to_pylist()]
    return pc.replace_with_mask(texts, exponent, pa.array(positional, pa.string()))


@dataclass(frozen=True)
class Cells:
    """The mapped columns below the header: each cell's text (None: no cell), ``numeric`` marks the
    numeric cells of the number columns of a workbook (their text is the reader's form of the
    number), ``by_text`` the columns whose marks are :func:`number_form` of their text, and
    ``rows`` each row's Excel row."""

    rows: np.ndarray
    texts: dict[int, pa.Array | pa.ChunkedArray]
    numeric: dict[int, pa.Array]
    by_text: frozenset[int] = frozenset()


def _excel_reader(wb: Workbook, data: bytes):
    import fastexcel

    try:
        return fastexcel.read_excel(data)
    except Exception as exc:  # fastexcel/calamine raise their own error types
        raise wb.refuse(f"het werkboek kan niet gelezen worden ({_short(exc)})") from exc


_AS_NUMBER = r"^-?\d+(?:\.\d*[1-9])?$"
_AMBIGUOUS = r"^-?\d{1,3}\.\d{3}$"  # a number with three decimals, or a text with one thousands group


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:160]
