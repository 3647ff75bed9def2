"""Tables as files for people: CSV for Belgian Excel and XLSX, with spreadsheet formulas defused.

Used by the open-data export (:mod:`etl.opendata`) and, through :mod:`dashboard.downloads`, by the
app's download buttons: one implementation, on the etl side, so that etl never imports dashboard.

A text cell that starts with ``= + - @``, a tab or a carriage return would be run as a formula
by a spreadsheet (CSV/formula injection); such cells get a leading apostrophe. Numbers stay
numbers: only text columns are touched.

An XLSX sheet holds at most :data:`EXCEL_MAX_ROWS` rows (header included): a larger table has no
XLSX (:class:`TooManyRowsForExcel`); callers offer CSV and Parquet instead and say why.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EXCEL_MAX_ROWS = 1_048_576  # rows of one Excel sheet, the header row included
EXCEL_MAX_DATA_ROWS = EXCEL_MAX_ROWS - 1


class TooManyRowsForExcel(ValueError):
    """The table has more rows than one Excel sheet holds."""

    def __init__(self, rows: int):
        super().__init__(xlsx_note(rows))
        self.rows = rows


def fits_excel(rows: int) -> bool:
    """True when ``rows`` data rows (plus the header) fit on one Excel sheet."""
    return rows <= EXCEL_MAX_DATA_ROWS


def _dutch_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def xlsx_note(rows: int) -> str:
    """Why a table has no XLSX, in Dutch, for the export, its descriptions and the pages."""
    return (
        f"Geen XLSX: de tabel telt {_dutch_int(rows)} rijen, meer dan een Excel-werkblad aankan "
        f"({_dutch_int(EXCEL_MAX_DATA_ROWS)} rijen onder de kop). Gebruik CSV of Parquet."
    )


def escape_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _escaped_column(col: pd.Series) -> pd.Series:
    """The text cells of ``col`` that start a formula with an apostrophe in front, column-wise
    (a table of millions of rows passes here); ``col`` itself when none does."""
    try:
        starts = col.str.startswith(FORMULA_START, na=False)
    except AttributeError:  # an object column without text (e.g. integers with gaps)
        return col
    starts = starts.astype(bool)
    if not starts.any():
        return col
    return col.where(~starts, "'" + col.where(starts, ""))


def escape_formulas(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = _escaped_column(out[col])
    out.columns = [escape_cell(str(c)) for c in out.columns]
    return out


def _plain(value: float, decimal: str) -> str:
    """A float as the shortest text that reads back as the same number, without exponent;
    a whole number without decimals (86194.0 → ``86194``)."""
    return np.format_float_positional(value, trim="-").replace(".", decimal)


def whole_numbers(df: pd.DataFrame, decimal: str | None = None) -> pd.DataFrame:
    """Float columns cell by cell: a whole number as an int (86194, not 86194,0 — a column with
    one missing value or one fraction is float in pandas), other values as they are, or, with
    ``decimal``, as text with that decimal separator (for CSV)."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_float_dtype(out[col]):
            out[col] = [
                None
                if pd.isna(v)
                else int(v)
                if float(v).is_integer() and abs(v) < 2**53
                else (_plain(float(v), decimal) if decimal else float(v))
                for v in out[col]
            ]
    return out


def to_csv_bytes(df: pd.DataFrame, belgian_decimals: bool = True) -> bytes:
    """UTF-8 with BOM and ``;`` between fields, so Excel in nl-BE opens it as it should."""
    decimal = "," if belgian_decimals else "."
    table = whole_numbers(escape_formulas(df), decimal)
    return table.to_csv(index=False, sep=";", decimal=decimal).encode("utf-8-sig")


def to_xlsx_bytes(df: pd.DataFrame, sheet: str = "gegevens") -> bytes:
    """One sheet; :class:`TooManyRowsForExcel` for a table that does not fit on it."""
    if not fits_excel(len(df)):
        raise TooManyRowsForExcel(len(df))
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        whole_numbers(escape_formulas(df)).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()
