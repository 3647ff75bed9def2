"""Cells as typed values of their catalog column: numbers in every Belgian form (through the one
parser, :func:`etl.numbers.parse_number`), Excel dates and serial numbers (1900 and 1904 systems)
and text dates, text with its spaces tidied, coded values by their accepted spellings."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from etl.catalog import Column
from etl.numbers import parse_number
from etl.upload.result import _Ctx

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
