"""Cells as typed values of their catalog column, column-wise: numbers in every Belgian form
(through the one parser, :func:`etl.numbers.parse_number`), Excel dates and serial numbers (1900
and 1904 systems) and text dates, text with its spaces tidied, coded values in the catalog's
spelling (:func:`etl.derive.spelling_map`).

The common forms are converted by ``pyarrow.compute`` over the whole column (a plain ``52,86`` or
``2024``, a tidy text); only the other cells go to the Python parser, each distinct value once.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from etl.catalog import Column
from etl.derive import spelling_map
from etl.numbers import parse_number

# Every character Python's str.split() splits on (RE2's \s is ASCII only).
_SPACE = r"\t-\r\x{1c}-\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
_OTHER_SPACE = r"\t-\r\x{1c}-\x{1f}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
_BLANK = rf"^[{_SPACE}]*$"
_UNTIDY = rf"^[{_SPACE}]|[{_SPACE}]$|[{_SPACE}][{_SPACE}]|[{_OTHER_SPACE}]"
_PLAIN_NUMBER = r"^-?\d{1,15}(?:,\d{1,15})?$"  # what a cast reads exactly as parse_number does, once "," is "."
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")
_MAX_EXACT = 2**53  # a float above this is no longer an exact whole number


@dataclass
class Converted:
    """A column's values in its catalog type, and its cells that could not be understood."""

    values: pa.Array
    wrong: np.ndarray  # positions
    messages: list[str]  # the Dutch problem of each wrong cell


def distinct(texts: pa.Array | pa.ChunkedArray) -> pa.DictionaryArray | None:
    """``texts`` dictionary-encoded, when its values repeat (a coded, year or count column): every
    conversion is a function of a cell's text alone, so it can work on each distinct text once
    (:func:`expand`). None for a column of mostly different texts (judged on its first cells)."""
    n = len(texts)
    if pa.types.is_dictionary(texts.type):  # read so (a CSV): only the chunks' dictionaries are unified
        encoded = _one_dictionary(texts)
        return encoded if n >= 1024 and len(encoded.dictionary) * 4 <= n else None
    if n < 1024:
        return None
    sample = texts.slice(0, 4096)
    # A column of n / 4 distinct values, each as likely, shows about this many in the sample (a
    # column of 2,500 counts in 200,000 rows shows half its sample distinct, and pays well).
    expected = n / 4 * (1 - math.exp(-4 * len(sample) / n))
    if pc.count_distinct(sample).as_py() > expected:
        return None
    encoded = _one_dictionary(pc.dictionary_encode(texts))
    return encoded if len(encoded.dictionary) * 4 <= n else None


def _one_dictionary(encoded: pa.DictionaryArray | pa.ChunkedArray) -> pa.DictionaryArray:
    """Dictionary-encoded chunks under one dictionary: only the indices are joined."""
    if isinstance(encoded, pa.DictionaryArray):
        return encoded
    if encoded.num_chunks == 0:
        return pa.DictionaryArray.from_arrays(pa.array([], pa.int32()), pa.array([], encoded.type.value_type))
    chunks = encoded.unify_dictionaries().chunks
    indices = pa.concat_arrays([chunk.indices for chunk in chunks])
    return pa.DictionaryArray.from_arrays(indices, chunks[0].dictionary)


def plain_text(texts: pa.Array | pa.ChunkedArray) -> pa.Array:
    """Cells as one array of plain text (a reader may give them in chunks, or dictionary-encoded)."""
    if pa.types.is_dictionary(texts.type):
        texts = texts.cast(texts.type.value_type)
    return texts.combine_chunks() if isinstance(texts, pa.ChunkedArray) else texts


def expand(done: Converted, indices: pa.Array) -> Converted:
    """The conversion of a dictionary's texts (:func:`distinct`) for the cells holding them
    (``indices``; null: no value)."""
    values = done.values.take(indices)
    if not len(done.wrong):
        return Converted(values, np.zeros(0, dtype=np.int64), [])
    message = dict(zip(done.wrong.tolist(), done.messages, strict=True))
    at = pc.fill_null(indices, len(done.values)).to_numpy(zero_copy_only=False)  # null: the slot past the end
    bad = np.zeros(len(done.values) + 1, dtype=bool)
    bad[done.wrong] = True
    wrong = np.flatnonzero(bad[at])
    return Converted(values, wrong, [message[i] for i in at[wrong].tolist()])


def blank(texts: pa.Array) -> pa.Array:
    """Cells without a value: empty, only spaces, or no cell at all."""
    return pc.fill_null(pc.match_substring_regex(texts, _BLANK), True)


def convert(
    col: Column, texts: pa.Array, numeric: pa.Array | None, date1904: bool, present: pa.Array | None = None
) -> Converted:
    """The cells of one column (their text; ``numeric`` marks the cells that are numbers in the
    workbook, whose text is the reader's form of that number) as ``col``'s type. ``present``:
    the cells that are not blank, when already known."""
    if present is None:
        present = pc.invert(blank(texts))
    if col.dtype in ("int", "float"):
        return _numbers(col, texts, numeric, present)
    if col.dtype == "date":
        return _by_distinct(texts, present, lambda text: _date(text, date1904), pa.date32())
    spellings = spelling_map(col)
    if spellings:  # a coded column: few distinct values, each tidied and looked up once
        return _by_distinct(texts, present, lambda text: (_spelled(text, spellings), None), pa.string())
    tidy = pc.and_(present, pc.invert(pc.fill_null(pc.match_substring_regex(texts, _UNTIDY), False)))
    base = pc.if_else(tidy, texts, pa.scalar(None, pa.string()))
    untidy = pc.and_(present, pc.invert(tidy))
    return _by_distinct(texts, untidy, lambda text: (" ".join(text.split()), None), pa.string(), base)


def _numbers(col: Column, texts: pa.Array, numeric: pa.Array | None, present: pa.Array) -> Converted:
    plain = pc.and_(present, pc.fill_null(pc.match_substring_regex(texts, _PLAIN_NUMBER), False))
    direct = plain if numeric is None else pc.or_(plain, pc.fill_null(numeric, False))
    as_read = pc.if_else(direct, pc.replace_substring(texts, ",", "."), pa.scalar(None, pa.string()))
    base = pc.cast(as_read, pa.float64())
    rest = pc.and_(present, pc.invert(direct))
    done = _by_distinct(texts, rest, _number, pa.float64(), base)
    if col.dtype == "float":
        return done
    values = done.values
    fraction = pc.fill_null(
        pc.or_(pc.not_equal(values, pc.floor(values)), pc.greater(pc.abs(values), _MAX_EXACT)), False
    )
    if pc.any(fraction).as_py():
        more = np.flatnonzero(fraction.to_numpy(zero_copy_only=False))
        order = np.argsort(np.concatenate([done.wrong, more]), kind="stable")
        wrong = np.concatenate([done.wrong, more])[order]
        messages = [*done.messages, *["geheel getal verwacht"] * len(more)]
        done = Converted(pc.if_else(fraction, None, values), wrong, [messages[i] for i in order])
    return Converted(pc.cast(done.values, pa.int64()), done.wrong, done.messages)


def _spelled(text: str, spellings: dict[str, str]) -> str:
    tidy = " ".join(text.split())
    return spellings.get(tidy.lower(), tidy)


def _number(text: str) -> tuple[float | None, str | None]:
    number = parse_number(text)
    return (None, "geen getal") if number is None else (number, None)


def _date(text: str, date1904: bool) -> tuple[dt.date | None, str | None]:
    date = parse_date(text, date1904)
    return (date, None) if date else (None, "geen datum (gebruik dd/mm/jjjj of een Excel-datum)")


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
    if len(text) > 10 and text[10] in " T" and text[:4].isdigit():  # a date cell, as the reader writes it
        text = text[:10]
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _by_distinct(
    texts: pa.Array,
    where: pa.Array,
    parse: Callable[[str], tuple[object, str | None]],
    kind: pa.DataType,
    base: pa.Array | None = None,
) -> Converted:
    """``base`` (else nulls) with the cells where ``where`` holds replaced by ``parse`` of their
    text: each distinct text is parsed once, whatever the number of cells that hold it."""
    if base is None:
        base = pa.nulls(len(texts), kind)
    mask = where.to_numpy(zero_copy_only=False)
    positions = np.flatnonzero(mask)
    if not len(positions):
        return Converted(base, positions, [])
    chosen = texts if len(positions) == len(texts) else texts.take(pa.array(positions))
    encoded = chosen.dictionary_encode()
    parsed = [parse(text) for text in encoded.dictionary.to_pylist()]
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    values = pa.array([value for value, _ in parsed], kind).take(encoded.indices)
    if len(positions) < len(texts):
        values = pc.replace_with_mask(base, pa.array(mask), values)
    failed = np.array([error is not None for _, error in parsed], dtype=bool)[indices]
    errors = [parsed[i][1] for i in indices[failed].tolist()]
    return Converted(values, positions[failed], errors)  # type: ignore[arg-type]
