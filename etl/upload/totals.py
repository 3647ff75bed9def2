"""A ``Totaal`` row at the bottom of a table: recognised in whatever column its label was typed,
checked against the sum of the rows above it, and left out of the data."""

from __future__ import annotations

import pandas as pd

from etl.catalog import Dataset, UploadField
from etl.numbers import format_number
from etl.upload.convert import _is_blank
from etl.upload.header import normalise_header
from etl.upload.result import _Ctx
from etl.upload.workbook import column_letter

TOTAL_WORDS = {"totaal", "total", "totalen", "som", "eindtotaal", "algemeen totaal", "grand total"}

_TOTAL_KEYS = {normalise_header(w) for w in TOTAL_WORDS}


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
                f"de totaalrij klopt niet: de som van de rijen is {format_number(total, 2)}",
                int(last["_rij"]),
                f"{column} ({column_letter(col)})",
                expected,
            )
        else:
            checked.append(column)
    sums = f" en klopt met de som van kolom {', '.join(checked)}" if checked else ""
    ctx.result.notes.append(f"Totaalrij op rij {int(last['_rij'])} herkend{sums}; ze wordt niet als gegeven geladen.")
    return body
