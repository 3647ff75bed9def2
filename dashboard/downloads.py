"""Files to download: CSV for Belgian Excel and XLSX, with spreadsheet formulas defused.

A text cell that starts with ``= + - @``, a tab or a carriage return would be run as a formula
by a spreadsheet (CSV/formula injection); such cells get a leading apostrophe. Numbers stay
numbers: only text columns are touched.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def escape_formulas(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(escape_cell)
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
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        whole_numbers(escape_formulas(df)).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()
