"""From an analyst's spreadsheet to rows of a catalog dataset, with every problem located.

The reader finds the header by name (case, spaces and accents do not matter; synonyms from the
catalog such as "VTE" for ``fte``), so title or note rows above it are fine. Values arrive in
every form: numbers typed as Belgian text ("52,86", "1.234,56", "1 234", "12%"), Excel dates
or serial numbers (1900 and 1904 systems), trailing spaces. A ``Totaal`` row is recognised,
checked against the sum and left out. What cannot be understood becomes a :class:`Problem`
naming file, sheet, row (as Excel numbers it), column and value — and nothing is published.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.catalog import Column, Dataset, UploadField, get_dataset
from etl.derive import complete, with_canonical_values
from etl.errors import Problem, SourceError
from etl.limits import Limits
from etl.numbers import parse_dutch_number
from etl.spreadsheet import (
    Workbook,
    check_sheet_size,
    check_size_as_read,
    column_index,
    column_letter,
    open_workbook,
    safe_filename,
    scan_sheet,
)
from etl.validate import MAX_PROBLEMS, Where, conform, validate

HEADER_SEARCH_ROWS = 30
TOTAL_WORDS = {"totaal", "total", "totalen", "som", "eindtotaal", "algemeen totaal", "grand total"}
Progress = Callable[[float, str], None]

# Accepted spellings of coded values, after lower-casing.
VALUE_SYNONYMS: dict[str, dict[str, str]] = {
    "geslacht": {"m": "M", "man": "M", "mannen": "M", "v": "V", "vrouw": "V", "vrouwen": "V", "f": "V", "x": "X"},
    "soort": {
        "realisatie": "realisatie",
        "realisaties": "realisatie",
        "planning": "planning",
        "gepland": "planning",
        "waargenomen": "waargenomen",
        "observatie": "waargenomen",
        "projectie": "projectie",
        "prognose": "projectie",
    },
}


@dataclass
class IngestResult:
    dataset: Dataset
    filename: str
    sha256: str
    sheet: str | None = None
    header_row: int | None = None  # as Excel numbers it
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)  # the file's rows, in the catalog schema
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    extra: dict[str, pd.DataFrame] = field(default_factory=dict)  # rows for other datasets, published first

    @property
    def ok(self) -> bool:
        return not self.problems and not self.rows.empty


def normalise_header(text: object) -> str:
    """ "  VTE " → "vte"; "Aantal inwoners" → "aantalinwoners"; "Geslacht (M/V)" → "geslachtmv"."""
    plain = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


_TOTAL_KEYS = {normalise_header(w) for w in TOTAL_WORDS}


def _names(f: UploadField) -> set[str]:
    return {normalise_header(n) for n in (f.column, *f.synonyms)}


# --- reading ---------------------------------------------------------------------------------------


class _Sheet:
    """The grid of the chosen sheet: a header preview, then the mapped columns' values."""

    def __init__(self, wb: Workbook, sheet: str, limits: Limits | None = None):
        self.wb, self.sheet, self.limits = wb, sheet, limits
        self._reader = None
        self._grid: list[list[object]] | None = None
        if wb.kind in ("xlsx", "xls"):
            self._reader = _excel_reader(wb, wb.data)

    def preview(self, first_row: int, head: bytes | None = None) -> list[tuple[int, list[str | None], list[int]]]:
        """The rows up to ``HEADER_SEARCH_ROWS`` past the first one holding a value, as text:
        (Excel row, cells, absolute column indices). Rows are counted from row 1 by the reader
        itself (``skip_rows=0``), so ``first_row`` only sizes the window. ``head`` is the same
        workbook cut after that window (see :func:`scan_sheet`): read instead, when given."""
        if self.wb.csv is not None:
            rows = self.wb.csv.rows(HEADER_SEARCH_ROWS)
            return [(i + 1, r, list(range(self.wb.csv.width))) for i, r in enumerate(rows)]
        try:
            reader = self._reader if head is None else _excel_reader(self.wb, head)
            sheet = reader.load_sheet(
                self.sheet, header_row=None, skip_rows=0, n_rows=first_row - 1 + HEADER_SEARCH_ROWS, dtypes="string"
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

    def load(self, header_row: int, columns: dict[int, str]) -> tuple[list[int], dict[int, list[object]]]:
        """Values below the header of the given absolute columns. A number column holds the number
        of a numeric cell and the text of a text cell (see :func:`_numbers_as_read`): a text such
        as "1.000" reaches :func:`parse_number` as the text, never as the reader's float."""
        if self.wb.csv is not None:
            grid = self.wb.csv
            rows = list(range(header_row + 1, grid.height + 1))
            empty = [None] * len(rows)
            return rows, {c: grid.column(c, header_row) if c < grid.width else empty for c in columns}
        # Every cell as text: the reader would parse a text "1.000" as the float 1.0 (Rust's
        # parse), so number columns are read as text too and typed below.
        dtypes = dict.fromkeys((c for c, kind in columns.items() if kind != "date"), "string")
        out: dict[int, list[object]] = {}
        n = 0
        if dtypes:
            try:
                sheet = self._reader.load_sheet(
                    self.sheet, header_row=header_row - 1, use_columns=sorted(dtypes), dtypes=dtypes
                )
                batch, errors = sheet.to_arrow_with_errors()
            except Exception as exc:
                raise self.wb.refuse(f"het blad kan niet gelezen worden ({_short(exc)})", blad=self.sheet) from exc
            check_size_as_read(self.wb, self.sheet, header_row + sheet.total_height, sheet.width, self.limits)
            ambiguous: dict[int, np.ndarray] = {}
            for position, c in enumerate(sheet.selected_columns):
                if columns[c.absolute_index] in ("int", "float"):
                    out[c.absolute_index], ambiguous[c.absolute_index] = _numbers_as_read(batch.column(position))
                else:
                    out[c.absolute_index] = batch.column(position).to_pylist()
            # An error's column is the column's index in the sheet's range, not its position here.
            absolute = {c.index: c.absolute_index for c in sheet.selected_columns}
            for err in errors.errors if errors else []:
                row, index = err.offset_position
                out[absolute[index]][row] = _raw_text(err.detail)
            n = batch.num_rows
            self._numeric_cells(header_row, out, ambiguous)
        dates = [c for c, kind in columns.items() if kind == "date"]
        if dates:
            grid = self._calamine_rows()
            body = grid[header_row:]
            n = max(n, len(body))
            for c in dates:
                out[c] = [r[c] if c < len(r) else None for r in body]
        for c in out:
            out[c] = out[c] + [None] * (n - len(out[c]))
        return list(range(header_row + 1, header_row + 1 + n)), out

    def _numeric_cells(self, header_row: int, out: dict[int, list[object]], ambiguous: dict[int, np.ndarray]) -> None:
        """A value read as "4.512" is a numeric cell (4,512) or a text cell meaning 4512: the
        sheet's typed cells tell which (read only when such a value occurs)."""
        if not any(len(rows) for rows in ambiguous.values()):
            return
        grid = self._calamine_rows()
        for c, rows in ambiguous.items():
            for i in rows.tolist():
                r = header_row + i
                cell = grid[r][c] if r < len(grid) and c < len(grid[r]) else None
                if isinstance(cell, (int, float)) and not isinstance(cell, bool):
                    out[c][i] = float(cell)

    def _calamine_rows(self) -> list[list[object]]:
        """The whole sheet as Python values, from row 1 and column A (cells keep their own type)."""
        if self._grid is None:
            import io

            import python_calamine

            try:
                book = python_calamine.CalamineWorkbook.from_object(io.BytesIO(self.wb.data))
                self._grid = book.get_sheet_by_name(self.sheet).to_python(skip_empty_area=False)
            except Exception as exc:  # calamine raises its own error types
                raise self.wb.refuse(f"het blad kan niet gelezen worden ({_short(exc)})", blad=self.sheet) from exc
            width = max((len(r) for r in self._grid), default=0)
            check_size_as_read(self.wb, self.sheet, len(self._grid), width, self.limits)
        return self._grid


def _excel_reader(wb: Workbook, data: bytes):
    import fastexcel

    try:
        return fastexcel.read_excel(data)
    except Exception as exc:  # fastexcel/calamine raise their own error types
        raise wb.refuse(f"het werkboek kan niet gelezen worden ({_short(exc)})") from exc


# How the reader writes a numeric cell as text: Rust's shortest round-trip form, never an
# exponent, a "+", a trailing decimal zero or a thousands separator ("1000", "52.86", "0.0001").
_AS_NUMBER = r"^-?\d+(?:\.\d*[1-9])?$"
# …of which these could also be a Belgian text with one thousands group ("4.512" = 4512).
_AMBIGUOUS = r"^-?\d{1,3}\.\d{3}$"


def _numbers_as_read(texts: pa.Array) -> tuple[list[object], np.ndarray]:
    """A number column read as text → the number of each numeric cell, the text of a text cell.

    A text that is the reader's form of a number means that number to any reading (also to
    :func:`parse_number`): converted here at once, column-wise. Every other text ("1.000",
    "52,86", "12%") stays text for :func:`parse_number`. Returns the values and the positions
    of the ambiguous ones (kept as text, see :meth:`_Sheet._numeric_cells`)."""
    plain = pc.fill_null(pc.match_substring_regex(texts, _AS_NUMBER), False)
    ambiguous = pc.fill_null(pc.match_substring_regex(texts, _AMBIGUOUS), False)
    as_number = pc.and_(plain, pc.invert(ambiguous))
    values = pc.cast(pc.if_else(as_number, texts, None), pa.float64()).to_pylist()
    text = pc.and_(pc.is_valid(texts), pc.invert(as_number)).to_numpy(zero_copy_only=False)
    positions = np.flatnonzero(text)
    if len(positions):
        all_texts = texts.to_pylist()
        for i in positions.tolist():
            values[i] = all_texts[i]
    return values, np.flatnonzero(ambiguous.to_numpy(zero_copy_only=False))


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:160]


_RAW = re.compile(r"""(?:String|Float|Int|Bool|DateTime|Duration)\((.*)\)'?\s*$""", re.S)


_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]{1,6}\}|.)", re.S)
_ESCAPED = {"n": "\n", "r": "\r", "t": "\t", "0": "\0"}


def _raw_text(detail: str) -> str:
    """The cell's own text from a reader error such as ``Expected float but got 'String("52,86")'``.
    The reader quotes it as Rust does (a non-breaking space as ``\\u{a0}``): escapes are undone."""
    match = _RAW.search(detail)
    text = match.group(1) if match else detail
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = _ESCAPE.sub(_unescape, text[1:-1])
    return text


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    return chr(int(code[2:-1], 16)) if code.startswith("u{") else _ESCAPED.get(code, code)


# --- converting ----------------------------------------------------------------------------------


_POINT_DECIMAL = re.compile(r"^[-+]?\d+\.\d+$")  # "52.86": only when it cannot be a thousands group


def parse_number(value: object) -> float | None:
    """A cell as a number; None when it is not one. Belgian text forms are understood."""
    if value is None:
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return None if pd.isna(value) else float(value)
    text = str(value).strip().rstrip("%").strip()
    try:
        return parse_dutch_number(text)
    except ValueError:
        pass
    if _POINT_DECIMAL.match(text) and not re.match(r"^[-+]?\d{1,3}\.\d{3}$", text):
        return float(text)
    return None


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")


def parse_date(value: object, date1904: bool) -> dt.date | None:
    """A date from an Excel date, an Excel serial number (1900 or 1904 system) or Belgian text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    number = parse_number(value)
    if number is not None and number == int(number) and 1 <= number <= 2_958_465:
        base = dt.date(1904, 1, 1) if date1904 else dt.date(1899, 12, 30)
        return base + dt.timedelta(days=int(number))
    text = str(value).strip() if value is not None else ""
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _is_blank(value: object) -> bool:
    return (
        value is None
        or (isinstance(value, float) and np.isnan(value))
        or (isinstance(value, str) and not value.strip())
    )


def _display(value: object) -> str:
    return str(value).strip()[:80]


@dataclass
class _Ctx:
    wb: Workbook
    sheet: str | None
    result: IngestResult

    failed: set[tuple[int, str]] = field(default_factory=set)  # (row, column) already reported as unreadable

    def problem(self, message: str, row: int | None = None, column: str | None = None, value: object = None) -> None:
        if len(self.result.problems) < MAX_PROBLEMS:
            self.result.problems.append(
                Problem(
                    self.wb.filename,
                    message,
                    regel=row,
                    kolom=column,
                    blad=self.sheet if self.wb.kind != "csv" else None,
                    waarde=None if value is None else _display(value),
                    rij_of_regel="rij",
                )
            )


def _convert_cell(col: Column, value: object, date1904: bool) -> tuple[object, str | None]:
    """One non-blank cell as the column's type, or (None, the problem in Dutch)."""
    if col.dtype in ("int", "float"):
        number = parse_number(value)
        if number is None:
            return None, "geen getal"
        if col.dtype == "int":
            return (int(number), None) if number == int(number) else (None, "geheel getal verwacht")
        return number, None
    if col.dtype == "date":
        date = parse_date(value, date1904)
        return (date, None) if date else (None, "geen datum (gebruik dd/mm/jjjj of een Excel-datum)")
    text = str(int(value)) if isinstance(value, float) and value == int(value) else " ".join(str(value).split())
    synonyms = VALUE_SYNONYMS.get(col.name)
    if synonyms is not None and col.allowed:
        text = synonyms.get(text.lower(), text)
    return text, None


# Cells of these types convert alike when equal, so a column's repeated values (years, codes,
# counts) are converted once. Not a float zero: 0.0 == -0.0, yet they are two numbers.
_MEMO_TYPES = frozenset({str, int, float, bool})


def _convert(ctx: _Ctx, col: Column, label: str, rows: list[int], values: list[object]) -> list[object]:
    kinds = set(map(type, values)) - {type(None)}
    if len(kinds) == 1 and kinds <= {str, float}:  # as a reader gives a column: convert each distinct value once
        return _convert_distinct(ctx, col, label, rows, values, kinds.pop() is float)
    out: list[object] = []
    memo: dict[object, tuple[object, str | None]] = {}
    date1904 = ctx.wb.date1904
    for row, value in zip(rows, values, strict=True):
        if value is None:
            out.append(None)
            continue
        kind = type(value)
        key = (kind, value) if kind in _MEMO_TYPES and not (kind is float and value == 0) else None
        done = memo.get(key) if key is not None else None
        if done is None:
            done = (None, None) if _is_blank(value) else _convert_cell(col, value, date1904)
            if key is not None:
                memo[key] = done
        converted, error = done
        if error:
            ctx.problem(error, row, label, value)
            ctx.failed.add((row, label))
        out.append(converted)
    return out


def _convert_distinct(
    ctx: _Ctx, col: Column, label: str, rows: list[int], values: list[object], floats: bool
) -> list[object]:
    """:func:`_convert` for a column of one type (str or float, with None): each distinct value is
    converted once and the results are spread back with numpy. A float zero is converted on its
    own: 0.0 == -0.0 would let one stand for the other."""
    array = np.array(values, dtype=object)
    codes, uniques = pd.factorize(array, use_na_sentinel=True)
    date1904 = ctx.wb.date1904
    converted = np.empty(len(uniques) + 1, dtype=object)  # the last slot stays None: missing values
    errors: dict[int, str] = {}
    for i, value in enumerate(uniques.tolist()):
        done = (None, None) if _is_blank(value) else _convert_cell(col, value, date1904)
        converted[i] = done[0]
        if done[1]:
            errors[i] = done[1]
    out = converted[codes].tolist()  # code -1 (None or NaN) takes the last slot
    if floats:
        for i in np.flatnonzero(array == 0).tolist():
            zero = array[i]
            value, error = (None, None) if _is_blank(zero) else _convert_cell(col, zero, date1904)
            out[i] = value
            if error:
                errors.setdefault(int(codes[i]), error)
    if errors:
        for i in np.flatnonzero(np.isin(codes, list(errors))).tolist():
            ctx.problem(errors[int(codes[i])], rows[i], label, values[i])
            ctx.failed.add((rows[i], label))
    return out


# --- the whole flow ----------------------------------------------------------------------------------


def read_upload(
    filename: str,
    data: bytes,
    dataset_name: str,
    sheet: str | None = None,
    current: pd.DataFrame | Future[pd.DataFrame | None] | None = None,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> IngestResult:
    """Read, convert and check a file for ``dataset_name``; never raises for bad input."""
    step = progress or (lambda _f, _t: None)
    dataset = get_dataset(dataset_name)
    filename = safe_filename(filename)  # also what is reported when the file cannot even be opened
    result = IngestResult(dataset, filename, hashlib.sha256(data).hexdigest())
    if dataset.upload is None:
        result.problems.append(Problem(filename, f"de dataset ‘{dataset.title}’ kan niet via een upload gevoed worden"))
        return result
    try:
        step(0.05, "Bestand controleren")
        wb = open_workbook(filename, data, limits)
        result.filename = wb.filename
        result.notes.extend(wb.notes)
        result.sheets = [s.name for s in wb.sheets]
        chosen = _choose_sheet(wb, sheet, result)
        if chosen is None:
            return result
        result.sheet = chosen if wb.kind != "csv" else None
        check_sheet_size(wb, chosen, limits)
        step(0.15, "Blad verkennen")
        scan = scan_sheet(wb, chosen, HEADER_SEARCH_ROWS)
        _note_scan(result, scan)
        grid = _Sheet(wb, chosen, limits)
        ctx = _Ctx(wb, result.sheet, result)
        mapping = _find_header(ctx, _fill_merged_down(grid.preview(scan.first_row or 1, scan.head), scan.merges))
        if mapping is None:
            return result
        header_row, columns = mapping
        result.header_row = header_row
        step(0.3, "Gegevens lezen")
        kinds = {idx: dataset.column(f.column).dtype for f, idx in columns.items()}
        rows, values = grid.load(header_row, kinds)
        step(0.6, "Waarden omzetten en controleren")
        frame = _to_frame(ctx, dataset, columns, rows, values)
        frame = _drop_total_row(ctx, dataset, frame, columns)
        _check(ctx, dataset, frame, columns)
        step(0.85, "Rijen aanvullen")
        if isinstance(current, Future):  # read while the file was being parsed (see etl.publish.prepare)
            current = current.result()
        result.rows = _complete(ctx, dataset, frame, current)
    except SourceError as exc:
        result.problems.extend(exc.problems)
    step(1.0, "Klaar")
    return result


def _choose_sheet(wb: Workbook, sheet: str | None, result: IngestResult) -> str | None:
    hidden = [s for s in wb.sheets if s.visible != "visible"]
    if sheet is None:
        visible = wb.visible_sheets()
        if not visible:
            result.problems.append(Problem(wb.filename, "het werkboek heeft geen zichtbare bladen"))
            return None
        sheet = visible[0]
    elif sheet not in {s.name for s in wb.sheets}:
        names = ", ".join(f"‘{s.name}’" for s in wb.sheets)
        result.problems.append(Problem(wb.filename, f"blad ‘{sheet}’ bestaat niet; bladen: {names}"))
        return None
    if hidden:
        kinds = {"hidden": "verborgen", "veryhidden": "zeer verborgen"}
        listed = ", ".join(f"‘{s.name}’ ({kinds.get(s.visible, s.visible)})" for s in hidden)
        result.notes.append(f"Verborgen bladen: {listed}. Alleen blad ‘{sheet}’ wordt gelezen.")
    if len(wb.sheets) > 1 and wb.kind != "csv":
        result.notes.append(f"Gelezen blad: ‘{sheet}’ (van {len(wb.sheets)} bladen).")
    return sheet


def _note_scan(result: IngestResult, scan) -> None:
    if scan.formulas:
        shown = ", ".join(scan.formulas[:5]) + (" …" if len(scan.formulas) > 5 else "")
        result.notes.append(
            f"{len(scan.formulas)} cel(len) bevatten een formule ({shown}); de laatst door Excel berekende "
            "waarde wordt gebruikt. Herbereken het bestand in Excel als u twijfelt."
        )
    if scan.merges:
        shown = ", ".join(scan.merges[:5]) + (" …" if len(scan.merges) > 5 else "")
        result.notes.append(f"Samengevoegde cellen ({shown}): de kolomkoppen worden per kolom gezocht.")


_RANGE = re.compile(r"^([A-Z]+)(\d+):[A-Z]+(\d+)$")


def _fill_merged_down(preview, merges: list[str]):
    """A header cell merged over rows (‘Afdeling’ over rows 2–3) holds its text in the top cell
    only: repeat it in the cells below, so that the lower row has every column name."""
    rows = {excel_row: (cells, columns) for excel_row, cells, columns in preview}
    for ref in merges:
        match = _RANGE.match(ref)
        if not match:
            continue
        col, top, bottom = column_index(match.group(1)), int(match.group(2)), int(match.group(3))
        if top not in rows or col not in rows[top][1]:
            continue
        text = rows[top][0][rows[top][1].index(col)]
        for r in range(top + 1, bottom + 1):
            if r in rows and col in rows[r][1]:
                cells, columns = rows[r]
                if cells[columns.index(col)] is None:
                    cells[columns.index(col)] = text
    return preview


def _find_header(ctx: _Ctx, preview) -> tuple[int, dict[UploadField, int]] | None:
    """The first row that names every required column; else a problem naming what is missing."""
    spec = ctx.result.dataset.upload
    assert spec is not None
    best: tuple[int, dict[UploadField, int]] | None = None
    for excel_row, cells, columns in preview:
        found: dict[UploadField, int] = {}
        seen: dict[UploadField, int] = {}
        for cell, col in zip(cells, columns, strict=True):
            key = normalise_header(cell)
            if not key:
                continue
            for f in spec.fields:
                if key in _names(f):
                    if f in seen:
                        ctx.problem(
                            f"kolom ‘{f.column}’ komt twee keer voor in de kop ({column_letter(seen[f])} en "
                            f"{column_letter(col)})",
                            excel_row,
                        )
                    seen[f] = col
                    found.setdefault(f, col)
        required = [f for f in spec.fields if f.required]
        if all(f in found for f in required):
            return excel_row, found
        if best is None or len(found) > len(best[1]):
            best = (excel_row, found)
    if not preview:
        ctx.problem("het blad is leeg")
        return None
    missing = [f for f in spec.fields if f.required and (best is None or f not in best[1])]
    for f in missing:
        also = f" (of: {', '.join(f.synonyms)})" if f.synonyms else ""
        ctx.problem(
            f"verplichte kolom ‘{f.column}’{also} niet gevonden in de eerste {HEADER_SEARCH_ROWS} rijen",
            best[0] if best and best[1] else None,
        )
    return None


def _label(f: UploadField, col: int) -> str:
    return f"{f.column} ({column_letter(col)})"


def _is_total_word(value: object) -> bool:
    return isinstance(value, str) and normalise_header(value) in _TOTAL_KEYS


def _total_row(
    columns: dict[UploadField, int], values: dict[int, list[object]], coded: frozenset[int] = frozenset()
) -> int | None:
    """The position of a trailing ``Totaal`` row: the last non-blank row, when one of its cells
    says so — in whatever column the label was typed (also a number column such as ``jaar``),
    except ``coded`` columns, where such a word is a value (``som`` as an aggregatie)."""
    mapped = [values[col] for col in columns.values()]
    for i in range(len(mapped[0]) - 1, -1, -1):
        cells = [cells_of_column[i] for cells_of_column in mapped]
        if all(_is_blank(v) for v in cells):
            continue
        return i if any(_is_total_word(values[c][i]) for c in columns.values() if c not in coded) else None
    return None


def _to_frame(ctx: _Ctx, dataset: Dataset, columns: dict[UploadField, int], rows, values) -> pd.DataFrame:
    total = _total_row(columns, values, frozenset(c for f, c in columns.items() if dataset.column(f.column).allowed))
    data: dict[str, list[object]] = {"_rij": rows}
    for f, col in columns.items():
        cells = list(values[col])
        if total is not None and _is_total_word(cells[total]):
            cells[total] = None  # the label of the total row, not a value
        data[f.column] = _convert(ctx, dataset.column(f.column), _label(f, col), rows, cells)
    frame = pd.DataFrame(data)
    frame["_totaal"] = [i == total for i in range(len(frame))]
    fields = [f.column for f in columns]
    empty = frame[fields].isna().all(axis=1) & ~frame["_totaal"]
    return frame[~empty].reset_index(drop=True)


def _drop_total_row(ctx: _Ctx, dataset: Dataset, frame: pd.DataFrame, columns) -> pd.DataFrame:
    """Recognise a trailing ``Totaal`` row: check it against the sum, leave it out of the data."""
    if frame.empty or not frame["_totaal"].iloc[-1]:
        return frame.drop(columns="_totaal")
    last = frame.iloc[-1]
    body = frame.iloc[:-1].drop(columns="_totaal")
    spec = dataset.upload
    assert spec is not None
    checked = []
    for column in spec.totals:
        if column not in frame.columns or pd.isna(last[column]):
            continue
        total, expected = float(body[column].sum()), float(last[column])
        col = next(c for f, c in columns.items() if f.column == column)
        if abs(total - expected) > max(0.005, abs(expected) * 1e-9):
            ctx.problem(
                f"de totaalrij klopt niet: de som van de rijen is {total:.2f}".replace(".", ","),
                int(last["_rij"]),
                f"{column} ({column_letter(col)})",
                expected,
            )
        else:
            checked.append(column)
    sums = f" en klopt met de som van kolom {', '.join(checked)}" if checked else ""
    ctx.result.notes.append(f"Totaalrij op rij {int(last['_rij'])} herkend{sums}; ze wordt niet als gegeven geladen.")
    return body


def _where(ctx: _Ctx, frame: pd.DataFrame, labels: dict[str, str] | None = None) -> Where:
    return Where.sheet(
        ctx.wb.filename, ctx.sheet if ctx.wb.kind != "csv" else None, frame["_rij"].to_numpy(), labels or {}
    )


def _table(dataset: Dataset, frame: pd.DataFrame) -> pa.Table:
    """The converted columns as Arrow, coded values in the catalog's spelling."""
    table, _, _ = conform(dataset, frame.drop(columns="_rij"))
    return with_canonical_values(dataset, table)


def _check(ctx: _Ctx, dataset: Dataset, frame: pd.DataFrame, columns: dict[UploadField, int]) -> None:
    """The catalog's rules over the file's columns (see :mod:`etl.validate`)."""
    if frame.empty and not ctx.result.problems:
        ctx.problem("het bestand bevat geen gegevensrijen onder de kop", ctx.result.header_row)
        return
    labels = {f.column: _label(f, col) for f, col in columns.items()}
    names = {label: name for name, label in labels.items()}
    rows = frame["_rij"].to_numpy()
    reported: dict[str, list[int]] = {}
    for row, label in ctx.failed:  # an unreadable value is reported once, not also as missing
        reported.setdefault(names[label], []).extend(np.flatnonzero(rows == row).tolist())
    ctx.result.problems += validate(
        dataset,
        _table(dataset, frame),
        where=_where(ctx, frame, labels),
        key=dataset.row_key,
        partial=True,
        reported=reported,
        limit=MAX_PROBLEMS - len(ctx.result.problems),
    )


def _complete(ctx: _Ctx, dataset: Dataset, frame: pd.DataFrame, current: pd.DataFrame | None) -> pd.DataFrame:
    """Derived and default columns (see :mod:`etl.derive`), provenance, and the catalog's column order."""
    if ctx.result.problems or frame.empty:
        return pd.DataFrame(columns=dataset.column_names)
    source = ctx.wb.filename if ctx.wb.kind == "csv" else f"{ctx.wb.filename} › {ctx.sheet}"
    table = _table(dataset, frame)
    table = table.append_column("bron", pa.array([source] * len(frame), pa.string()))
    table = table.append_column("bron_regel", pa.array(frame["_rij"].to_numpy(), pa.int64()))
    done = complete(dataset, table, current=current, where=_where(ctx, frame))
    ctx.result.notes.extend(done.notes)
    ctx.result.problems += done.problems[: MAX_PROBLEMS - len(ctx.result.problems)]
    if ctx.result.problems:  # e.g. no directie to fill in: nothing that could be published
        return pd.DataFrame(columns=dataset.column_names)
    return done.table.to_pandas()
