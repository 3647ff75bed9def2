"""The one validator: the catalog's rules applied column-wise to an Arrow table.

Build (rows extracted from documents), upload (a sheet's converted columns) and publish (the table
about to be written) all come here. The checks run over whole columns with ``pyarrow.compute``; only
the rows found wrong are visited, to make located :class:`~etl.errors.Problem` objects: file, sheet,
row or line, column as the file names it, value, a stable code and the Dutch message. Where the
rows come from is told by a :class:`Where`, so one validator serves every caller.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.catalog import Column, Dataset
from etl.errors import Code, Problem, SourceError

MAX_PROBLEMS = 500  # a source that is wrong everywhere is reported in full up to here

# The Dutch message of each code the validator gives (filled in with the rule's figures).
MESSAGES: dict[Code, str] = {
    Code.ONTBREEKT: "waarde ontbreekt",
    Code.TYPE: "{type} verwacht",
    Code.MINIMUM: "waarde is kleiner dan het minimum {minimum:g}",
    Code.NIET_TOEGELATEN: "waarde niet toegelaten; toegelaten: {allowed}",
    Code.DUBBELE_SLEUTEL: "dubbele sleutel ({key}) = {value!r}, ook op {rij_of_regel} {first}",
    Code.KOLOM_ONTBREEKT: "kolom ontbreekt",
    Code.KOLOM_ONBEKEND: "kolom hoort niet bij de dataset",
    Code.GEEN_RIJEN: "geen rijen gevonden",
    Code.VERWIJZING: "{value!r} bestaat niet in ‘{dataset}’ (kolom {column})",
}
TYPE_NAMES = {"string": "tekst", "int": "geheel getal", "float": "getal", "date": "datum"}

Positions = Sequence[int] | np.ndarray | pa.Array | pa.ChunkedArray


class Distinct(NamedTuple):
    """A column known by its distinct values (an upload converts each distinct text once): the
    rules are checked on those values, and only a value found wrong is looked up in the rows."""

    values: pa.Array
    indices: pa.Array  # per row, its value's position in ``values``; null: no value


@dataclass(frozen=True)
class Where:
    """Where a table's rows come from, to locate problems.

    Documents (the default): each row's file and line are its ``bron`` and ``bron_regel`` columns.
    An upload: one file and sheet, ``rows`` gives each row's Excel row, ``labels`` each column's
    name as the file shows it (``{"fte": "fte (B)"}``); see :meth:`sheet`.
    """

    bestand: str | None = None  # the file every row comes from; else each row's ``bron``
    blad: str | None = None
    rows: Positions | None = None  # each row's line or Excel row; else each row's ``bron_regel``
    labels: Mapping[str, str] = field(default_factory=dict)
    rij_of_regel: str = "regel"

    @classmethod
    def sheet(cls, bestand: str, blad: str | None, rows: Positions, labels: Mapping[str, str]) -> Where:
        """Rows of an uploaded sheet (``blad`` None for a CSV file), numbered as Excel numbers them."""
        return cls(bestand, blad, rows, labels, "rij")


class Locator:
    """Makes the problems of one table, up to a limit."""

    def __init__(self, dataset: Dataset, table: pa.Table, where: Where, limit: int):
        self.where, self.limit = where, limit
        self.problems: list[Problem] = []
        names = table.column_names
        self._rows = where.rows if where.rows is not None else (table["bron_regel"] if "bron_regel" in names else None)
        self._files = None if where.bestand is not None or "bron" not in names else table["bron"]
        self._default_file = where.bestand or dataset.name

    @property
    def full(self) -> bool:
        return len(self.problems) >= self.limit

    def row(self, position: int | None) -> int | None:
        if position is None or self._rows is None:
            return None
        value = self._rows[position]
        value = value.as_py() if isinstance(value, pa.Scalar) else value
        return None if value is None else int(value)

    def file(self, position: int | None) -> str:
        if position is None or self._files is None:
            return self._default_file
        return self._files[position].as_py() or self._default_file

    def label(self, column: str) -> str:
        return self.where.labels.get(column, column)

    def add(
        self, code: Code, position: int | None, column: str | None, value: object = None, message: str | None = None
    ) -> None:
        if self.full:
            return
        self.problems.append(
            Problem(
                self.file(position),
                message if message is not None else MESSAGES[code],
                regel=self.row(position),
                kolom=column,
                blad=self.where.blad,
                waarde=None if value is None else display(value),
                rij_of_regel=self.where.rij_of_regel,
                code=code,
            )
        )

    def cells(
        self, code: Code, column: str, array: pa.ChunkedArray, mask: pa.ChunkedArray | pa.Array | None, **figures
    ) -> None:
        """A problem for every row where ``mask`` holds (None: no row); only those rows are visited."""
        if self.full or mask is None or not pc.any(mask).as_py():
            return
        positions = np.flatnonzero(mask.to_numpy(zero_copy_only=False))[: self.limit - len(self.problems)]
        message = MESSAGES[code].format(**figures)
        values = array.take(pa.array(positions)).to_pylist() if code != Code.ONTBREEKT else [None] * len(positions)
        for position, value in zip(positions.tolist(), values, strict=True):
            self.add(code, position, self.label(column), value, message)


def display(value: object) -> str:
    """A value as a problem shows it."""
    return str(value).strip()[:80]


# --- types: from rows, frames or Arrow to the catalog's Arrow types ---------------------------------


def _fits(col: Column, value: object) -> bool:
    """One Python value against the column's type (only for a column Arrow could not type as a whole)."""
    if isinstance(value, (bool, np.bool_)):
        return False
    if col.dtype == "string":
        return isinstance(value, str)
    if col.dtype == "int":
        return isinstance(value, (int, np.integer)) or (
            isinstance(value, (float, np.floating)) and math.isfinite(value) and value == int(value)
        )
    if col.dtype == "float":
        return isinstance(value, (int, float, np.integer, np.floating))
    return isinstance(value, dt.date)


def _missing(value: object) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _from_values(col: Column, values: Sequence[object] | pd.Series) -> tuple[pa.Array, dict[int, object]]:
    """Python values (or a pandas column) as an Arrow array of their own type; a column Arrow cannot
    type as a whole (mixed values) is checked value by value: wrong ones become null and are
    returned by position."""
    try:
        return pa.array(values, from_pandas=True), {}
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        pass
    items = values.tolist() if isinstance(values, pd.Series) else list(values)
    wrong = {i: v for i, v in enumerate(items) if not _missing(v) and not _fits(col, v)}
    for i in wrong:
        items[i] = None
    if col.dtype == "int":
        items = [None if _missing(v) else int(v) for v in items]
    elif col.dtype == "float":
        items = [None if _missing(v) else float(v) for v in items]
    return pa.array(items, type=col.arrow_type, from_pandas=True), wrong


def _as_type(col: Column, array: pa.ChunkedArray) -> tuple[pa.ChunkedArray, pa.ChunkedArray | None]:
    """``array`` in the column's type, and a mask of the values that are not of it (now null)."""
    if pa.types.is_dictionary(array.type):  # a pandas category: its values count
        array = pa.chunked_array([chunk.dictionary_decode() for chunk in array.chunks], array.type.value_type)
    kind, target = array.type, col.arrow_type
    if kind == target:
        return array, None
    if pa.types.is_null(kind):
        return array.cast(target), None
    family = {
        "string": pa.types.is_string(kind) or pa.types.is_large_string(kind),
        "int": pa.types.is_integer(kind) or pa.types.is_floating(kind),
        "float": pa.types.is_integer(kind) or pa.types.is_floating(kind),
        "date": pa.types.is_date(kind) or pa.types.is_timestamp(kind),
    }[col.dtype]
    if not family:  # nothing of another kind is of this type
        bad = pc.is_valid(array)
        return pa.chunked_array([pa.nulls(len(array), target)]), bad
    if pa.types.is_floating(kind):
        array = pc.if_else(pc.is_nan(array), None, array)  # NaN is a missing number
        if col.dtype == "int":
            bad = pc.fill_null(pc.not_equal(array, pc.floor(array)), False)
            if pc.any(bad).as_py():
                return pc.if_else(bad, None, array).cast(target, safe=False), bad
    return array.cast(target, safe=False), None


def conform(
    dataset: Dataset,
    data: pa.Table | pd.DataFrame | Sequence[Mapping[str, object]],
    *,
    where: Where | None = None,
    limit: int = MAX_PROBLEMS,
) -> tuple[pa.Table, list[Problem], dict[str, np.ndarray]]:
    """The catalog columns ``data`` has, in the catalog's types (a value of another type becomes
    null and a ``type`` problem); other columns as they are. Also returns, per column, the
    positions so reported (for :func:`validate`'s ``reported``)."""
    columns = _columns(dataset)
    arrays: dict[str, pa.ChunkedArray] = {}
    wrong: dict[str, dict[int, object]] = {}  # per column: position → value Arrow could not take
    if isinstance(data, pa.Table):
        arrays = {name: data[name] for name in data.column_names}
    else:
        if isinstance(data, pd.DataFrame):
            source = {str(name): data[name] for name in data.columns}
        else:
            rows = list(data)
            names = list(dict.fromkeys(name for row in rows for name in row))  # all rows: one may lack a key
            source = {name: [row.get(name) for row in rows] for name in names}
        for name, values in source.items():
            array, wrong[name] = _from_values(columns.get(name) or Column(name, "string", ""), values)
            arrays[name] = pa.chunked_array([array])
    locate = Locator(dataset, pa.table(arrays), where or Where(), limit)
    reported: dict[str, np.ndarray] = {}
    for name, array in list(arrays.items()):
        col = columns.get(name)
        if col is None:
            continue
        typed, bad = _as_type(col, array)
        found = dict(wrong.get(name, {}))
        if bad is not None:
            positions = np.flatnonzero(bad.to_numpy(zero_copy_only=False))
            found.update(zip(positions.tolist(), array.take(pa.array(positions)).to_pylist(), strict=True))
        message = MESSAGES[Code.TYPE].format(type=TYPE_NAMES[col.dtype])
        for position in sorted(found):
            locate.add(Code.TYPE, position, locate.label(name), found[position], message)
        if found:
            reported[name] = np.array(sorted(found), dtype=np.int64)
        arrays[name] = typed
    return pa.table(arrays), locate.problems, reported


def _columns(dataset: Dataset) -> dict[str, Column]:
    return {c.name: c for c in dataset.columns}


# --- the rules ----------------------------------------------------------------------------------------


def validate(
    dataset: Dataset,
    table: pa.Table,
    *,
    where: Where | None = None,
    key: Sequence[str] | None = None,
    partial: bool = False,
    reported: Mapping[str, Collection[int]] | None = None,
    limit: int = MAX_PROBLEMS,
    distinct: Mapping[str, Distinct] | None = None,
) -> list[Problem]:
    """Every rule of the catalog that ``table`` breaks, located (at most ``limit`` problems).

    ``table`` holds the catalog's types (see :func:`conform`). ``key``: the columns that must be
    unique (default: the dataset's key; an upload passes :attr:`Dataset.row_key`). ``partial``: the
    table holds only some of the dataset's columns (an upload before its derived columns): missing
    columns are no problem. ``reported``: per column, row positions already reported (an unreadable
    cell), not to be reported again as missing. ``distinct``: columns also given by their distinct
    values (see :class:`Distinct`).
    """
    where, distinct = where or Where(), distinct or {}
    locate = Locator(dataset, table, where, limit)
    columns = _columns(dataset)
    present = set(table.column_names)
    if not partial:
        for name in table.column_names:
            if name not in columns:
                locate.add(Code.KOLOM_ONBEKEND, None, locate.label(name))
        for col in dataset.columns:
            if col.name not in present:
                locate.add(Code.KOLOM_ONTBREEKT, None, locate.label(col.name))
        if table.num_rows == 0:
            locate.add(Code.GEEN_RIJEN, None, None)
    for name in table.column_names:
        col = columns.get(name)
        if col is not None:
            _check_column(locate, col, table[name], (reported or {}).get(name), distinct.get(name))
    # A key column the file leaves out holds one value (empty, or its default) on every row: the
    # rows differ by the key columns they have.
    key = tuple(k for k in (dataset.key if key is None else key) if k in present)
    if key:
        known = {name: _grouping(distinct[name]) for name in key if name in distinct}
        _check_key(locate, dataset, table, key, known)
    return locate.problems


def _check_column(
    locate: Locator, col: Column, array: pa.ChunkedArray, reported: Collection[int] | None, known: Distinct | None
) -> None:
    values = array if known is None else known.values
    valid = pc.is_valid(values)
    if col.dtype == "string":
        valid = pc.and_(valid, pc.fill_null(pc.not_equal(values, ""), False))  # "" is a missing text
    elif col.dtype == "float":
        valid = pc.and_(valid, pc.invert(pc.fill_null(pc.is_nan(values), False)))
    label = col.name
    if not col.nullable:
        missing = _per_row(pc.invert(valid), known, no_value=True)
        if missing is not None and reported is not None and len(reported):
            mask = np.zeros(len(array), dtype=bool)
            mask[np.asarray(list(reported), dtype=np.int64)] = True
            missing = pc.and_(missing, pc.invert(pa.array(mask)))
        locate.cells(Code.ONTBREEKT, label, array, missing)
    if col.minimum is not None and col.dtype in ("int", "float"):
        below = _per_row(pc.and_(valid, pc.fill_null(pc.less(values, col.minimum), False)), known)
        locate.cells(Code.MINIMUM, label, array, below, minimum=col.minimum)
    if col.allowed is not None:
        outside = pc.and_(valid, pc.invert(pc.is_in(values.cast(pa.string()), value_set=pa.array(col.allowed))))
        locate.cells(Code.NIET_TOEGELATEN, label, array, _per_row(outside, known), allowed=", ".join(col.allowed))


def _per_row(mask: pa.Array, known: Distinct | None, no_value: bool = False) -> pa.Array | None:
    """A mask over a column's values as a mask over its rows (``no_value``: a row without a
    value); None when it holds for no row."""
    if known is None:
        return mask
    if not pc.any(mask).as_py() and not (no_value and known.indices.null_count):
        return None
    return pc.fill_null(mask.take(known.indices), no_value)


def _grouping(known: Distinct) -> tuple[pa.Array, int]:
    """The grouping of :func:`group_codes` of a column known by its distinct values, without
    hashing every row: a number per row, equal where the values are equal (a missing value too:
    different texts may have become one value, " M" and "man" are "M"), and how many there can be."""
    with_missing = pa.concat_arrays([known.values, pa.nulls(1, known.values.type)])  # the slot of "no value"
    encoded = pc.dictionary_encode(with_missing, null_encoding="encode")
    return encoded.indices.take(pc.fill_null(known.indices, len(known.values))), len(encoded.dictionary)


def group_codes(
    table: pa.Table, key: Sequence[str], compact: bool = True, known: Mapping[str, tuple[pa.Array, int]] | None = None
) -> np.ndarray:
    """One integer per row, equal for rows with equal key values (missing values are equal too):
    each column's values encoded, the codes combined as digits of a mixed-radix number; below
    4 × the rows when ``compact`` (renumbered when needed), else below 2**62. ``known``: columns
    already encoded so (per row a number below the count given), not encoded again."""
    codes = np.zeros(table.num_rows, dtype=np.int64)
    size = 1  # codes < size
    for name in key:
        if known and name in known:
            numbers, width = known[name]
        else:
            encoded = pc.dictionary_encode(single(table[name]), null_encoding="encode")
            numbers, width = encoded.indices, len(encoded.dictionary)
        width = max(width, 1)
        if size * width >= 2**62:  # renumber the groups so far (fewer than the rows) first
            codes, size = renumbered(codes)
        codes *= width
        codes += numbers.to_numpy()
        size *= width
    return codes if not compact or size <= 4 * max(table.num_rows, 1) else renumbered(codes)[0]


# Codes below this many times the rows are told apart by a table of flags, one per possible code:
# a scatter and a scan (200,000 codes below 5.3 million: 0.7–2.5 ms), where sorting them costs
# 8 ms. The table takes a byte per possible code (at most 6.4 MB for 200,000 rows), for a moment.
FLAG_TABLE_FACTOR = 32


def _flags(codes: np.ndarray) -> np.ndarray | None:
    """Per possible code (from 0), whether a row has it; None when the codes are too sparse."""
    if not len(codes):
        return None
    size = int(codes.max()) + 1
    if size > FLAG_TABLE_FACTOR * len(codes) or int(codes.min()) < 0:
        return None
    seen = np.zeros(size, dtype=bool)
    seen[codes] = True
    return seen


def renumbered(codes: np.ndarray) -> tuple[np.ndarray, int]:
    """The same grouping numbered 0, 1, 2, … in the order of the codes, and the number of groups.
    Not by Arrow's hash of as many distinct integers as rows: its memo table grows from small."""
    seen = _flags(codes)
    if seen is None:  # sparse codes: by sorting
        unique, inverse = np.unique(codes, return_inverse=True)
        return inverse.astype(np.int64, copy=False), len(unique)
    rank = np.cumsum(seen, dtype=np.int64)  # a code's number + 1, where a row has it
    return rank[codes] - 1, int(rank[-1])


def repeats(codes: np.ndarray) -> bool:
    """Whether two rows have the same code."""
    seen = _flags(codes)
    if seen is not None:
        return int(np.count_nonzero(seen)) < len(codes)
    ordered = np.sort(codes)
    return bool((ordered[1:] == ordered[:-1]).any())


def _check_key(
    locate: Locator, dataset: Dataset, table: pa.Table, key: Sequence[str], groups: Mapping[str, tuple[pa.Array, int]]
) -> None:
    """Rows whose key an earlier row has. A row missing a required key value is left out (that
    value is reported as missing); an empty optional value (no wijk: the whole city) is a value."""
    if locate.full or table.num_rows < 2:
        return
    codes = group_codes(table, key, compact=False, known=groups)
    if not repeats(codes):  # mostly
        return
    if int(codes.max()) >= 4 * len(codes):  # too sparse to count per code
        codes = renumbered(codes)[0]
    counts = np.bincount(codes)
    twice = counts[codes] > 1
    for name in key:
        if not dataset.column(name).nullable:
            twice &= pc.is_valid(table[name]).to_numpy(zero_copy_only=False)
    first: dict[int, int] = {}
    positions = np.flatnonzero(twice)
    values = table.select(list(key)).take(pa.array(positions)).to_pylist()
    columns = ", ".join(key)
    for position, code, row in zip(positions.tolist(), codes[positions].tolist(), values, strict=True):
        if code not in first:
            first[code] = position
            continue
        value = tuple(row[k] for k in key)
        message = MESSAGES[Code.DUBBELE_SLEUTEL].format(
            key=columns, value=value, rij_of_regel=locate.where.rij_of_regel, first=locate.row(first[code])
        )
        locate.add(Code.DUBBELE_SLEUTEL, position, columns, None, message)
        if locate.full:
            return


# --- the whole check ------------------------------------------------------------------------------------


def check(
    dataset: Dataset,
    data: pa.Table | pd.DataFrame | Sequence[Mapping[str, object]],
    *,
    where: Where | None = None,
    key: Sequence[str] | None = None,
    partial: bool = False,
    limit: int = MAX_PROBLEMS,
) -> tuple[pa.Table, list[Problem]]:
    """:func:`conform` then :func:`validate`: the typed table and every problem."""
    table, problems, reported = conform(dataset, data, where=where, limit=limit)
    problems += validate(
        dataset, table, where=where, key=key, partial=partial, reported=reported, limit=limit - len(problems)
    )
    return table, problems


def to_table(
    dataset: Dataset, data: pa.Table | pd.DataFrame | Sequence[Mapping[str, object]], *, where: Where | None = None
) -> pa.Table:
    """Rows (dicts from a document), a frame or a table as a validated Arrow table with the catalog
    schema, in one chunk; raises SourceError with every problem otherwise."""
    table, problems = check(dataset, data, where=where)
    if problems:
        raise SourceError(problems)
    return pa.Table.from_arrays([single(table[c.name]) for c in dataset.columns], schema=dataset.arrow_schema)


def single(array: pa.ChunkedArray) -> pa.Array:
    """A column as one array (copied only when it has several chunks)."""
    return array.chunk(0) if array.num_chunks == 1 else array.combine_chunks()


def references(
    dataset: Dataset, table: pa.Table, tables: Mapping[str, pa.Table], where: Where | None = None
) -> list[Problem]:
    """Values of columns that refer to another dataset (``Column.refers``) and name no row of it."""
    locate = Locator(dataset, table, where or Where(), MAX_PROBLEMS)
    for col in dataset.columns:
        if col.refers is None or col.name not in table.column_names:
            continue
        other, column = col.refers
        known = tables[other][column]
        unknown = pc.and_(
            pc.is_valid(table[col.name]), pc.invert(pc.is_in(table[col.name], value_set=known.combine_chunks()))
        )
        if pc.any(unknown).as_py():
            positions = np.flatnonzero(unknown.to_numpy(zero_copy_only=False))
            for position, value in zip(
                positions.tolist(), table[col.name].take(pa.array(positions)).to_pylist(), strict=True
            ):
                message = MESSAGES[Code.VERWIJZING].format(value=value, dataset=other, column=column)
                locate.add(Code.VERWIJZING, position, locate.label(col.name), None, message)
    return locate.problems
