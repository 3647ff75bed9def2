"""Files to download in the app: the writers of :mod:`etl.writers` (CSV for Belgian Excel, XLSX,
formulas defused), the same ones the open-data export uses."""

from __future__ import annotations

from etl.writers import (
    EXCEL_MAX_DATA_ROWS,
    TooManyRowsForExcel,
    escape_cell,
    escape_formulas,
    fits_excel,
    to_csv_bytes,
    to_xlsx_bytes,
    whole_numbers,
    xlsx_note,
)

__all__ = [
    "EXCEL_MAX_DATA_ROWS",
    "TooManyRowsForExcel",
    "escape_cell",
    "escape_formulas",
    "fits_excel",
    "to_csv_bytes",
    "to_xlsx_bytes",
    "whole_numbers",
    "xlsx_note",
]
