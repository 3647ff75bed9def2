"""Files to download: CSV for Belgian Excel and XLSX, with spreadsheet formulas defused.

A text cell that starts with ``= + - @``, a tab or a carriage return would be run as a formula
by a spreadsheet (CSV/formula injection); such cells get a leading apostrophe. Numbers stay
numbers: only text columns are touched.
"""

from __future__ import annotations

import io

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


def to_csv_bytes(df: pd.DataFrame, belgian_decimals: bool = True) -> bytes:
    """UTF-8 with BOM and ``;`` between fields, so Excel in nl-BE opens it as it should."""
    return (
        escape_formulas(df).to_csv(index=False, sep=";", decimal="," if belgian_decimals else ".").encode("utf-8-sig")
    )


def to_xlsx_bytes(df: pd.DataFrame, sheet: str = "gegevens") -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        escape_formulas(df).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()
