"""A ``Totaal`` row at the bottom of a table: recognised in whatever column its label was typed,
checked against the sum of the rows above it, and left out of the data."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from etl.catalog import Dataset
from etl.numbers import format_number
from etl.upload.header import normalise_header
from etl.upload.result import Context

TOTAL_WORDS = {"totaal", "total", "totalen", "som", "eindtotaal", "algemeen totaal", "grand total"}
_TOTAL_KEYS = {normalise_header(w) for w in TOTAL_WORDS}


def is_total_word(value: object) -> bool:
    return isinstance(value, str) and normalise_header(value) in _TOTAL_KEYS


def total_row(
    texts: Mapping[str, pa.Array], blanks: Mapping[str, pa.Array], coded: frozenset[str] = frozenset()
) -> int | None:
    """The position of a trailing ``Totaal`` row: the last non-blank row (``blanks``: each
    column's blank cells), when one of its cells says so — in whatever column the label was typed
    (also a number column such as ``jaar``), except ``coded`` columns, where such a word is a value
    (``som`` as an aggregatie)."""
    if not texts:
        return None
    last = len(next(iter(texts.values()))) - 1
    if last < 0:
        return None
    if all(blanks[name][last].as_py() for name in texts):  # blank rows at the end: search back
        empty = np.logical_and.reduce([blanks[name].to_numpy(zero_copy_only=False) for name in texts])
        filled = np.flatnonzero(~empty)
        if not len(filled):
            return None
        last = int(filled[-1])
    return last if any(is_total_word(t[last].as_py()) for name, t in texts.items() if name not in coded) else None


def check_total(
    ctx: Context, dataset: Dataset, values: Mapping[str, pa.Array], total: int, row: int, labels: Mapping[str, str]
) -> None:
    """Check the total row (position ``total``, Excel row ``row``) against the sum of the rows above
    it, for the columns the catalog names; a note says it was recognised and left out."""
    spec = dataset.upload
    assert spec is not None
    checked = []
    for column in spec.totals:
        if column not in values or not values[column][total].is_valid:
            continue
        expected = float(values[column][total].as_py())
        summed = pc.sum(values[column].slice(0, total)).as_py() or 0
        if abs(summed - expected) > max(0.005, abs(expected) * 1e-9):
            ctx.problem(
                f"de totaalrij klopt niet: de som van de rijen is {format_number(summed, 2)}",
                row,
                labels[column],
                expected,
            )
        else:
            checked.append(column)
    sums = f" en klopt met de som van kolom {', '.join(checked)}" if checked else ""
    ctx.result.notes.append(f"Totaalrij op rij {row} herkend{sums}; ze wordt niet als gegeven geladen.")
