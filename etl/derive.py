"""The catalog's value rules for uploaded rows: spellings of coded values, and the columns a file
leaves out — constants, defaults, the one value the published table has, numbers and parents from
the row's position, columns computed by a named function. One implementation for every dataset;
the rules themselves are declared on the columns in :mod:`etl.catalog`.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.catalog import Column, Computed, Constant, Dataset, Default, FromCurrent, Numbered, Parent
from etl.errors import Code, Problem
from etl.validate import MAX_PROBLEMS, Locator, Where

# --- spellings ----------------------------------------------------------------------------------------


def spelling_map(col: Column) -> dict[str, str]:
    """Lower-cased spelling → the allowed value, for a column with synonyms (else empty)."""
    if not col.synonyms:
        return {}
    values = {v.lower(): v for v in col.allowed or ()}
    return values | {spelling.lower(): value for spelling, value in col.synonyms}


def canonical(col: Column, array: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Text values written as one of the column's synonyms (any case) → the allowed value;
    other values unchanged. Column-wise: the distinct spellings are looked up once."""
    spellings = spelling_map(col)
    if not spellings or not pa.types.is_string(array.type):
        return array
    if col.allowed and pc.all(pc.is_in(array.drop_null(), value_set=pa.array(col.allowed))).as_py():
        return array  # already spelled as the catalog spells them (nulls aside)
    known = pa.array(list(spellings))
    index = pc.index_in(pc.utf8_lower(array), value_set=known)
    mapped = pc.take(pa.array(list(spellings.values())), index)
    return pc.if_else(pc.is_valid(index), mapped, array)


def with_canonical_values(dataset: Dataset, table: pa.Table) -> pa.Table:
    """``table`` with every column's synonyms replaced by the allowed values (see :func:`canonical`)."""
    for col in dataset.columns:
        if col.synonyms and col.name in table.column_names:
            position = table.column_names.index(col.name)
            table = table.set_column(position, col.name, canonical(col, table[col.name]))
    return table


# --- columns a file leaves out ----------------------------------------------------------------------------


@dataclass
class Completed:
    table: pa.Table  # every catalog column, in the catalog's order (nullable: validate before publishing)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# Rules that read other columns run after those that only set values.
_ORDER = {Constant: 0, Default: 0, FromCurrent: 0, Numbered: 1, Parent: 2, Computed: 3}


def complete(
    dataset: Dataset,
    table: pa.Table,
    *,
    current: pa.Table | pd.DataFrame | None = None,
    where: Where | None = None,
    limit: int = MAX_PROBLEMS,
) -> Completed:
    """The uploaded rows with every column the catalog derives or defaults, and every other missing
    column empty, in the catalog's order. ``current``: the published table (for
    :class:`~etl.catalog.FromCurrent`). The table should have passed :func:`etl.validate.validate`
    (``partial``) first; problems here are those of the derivations themselves."""
    done = Completed(table)
    locate = Locator(dataset, table, where or Where(), limit)
    ruled = sorted((c for c in dataset.columns if c.fill is not None), key=lambda c: _ORDER[type(c.fill)])
    computed: set[str] = set()
    for col in ruled:
        rule = col.fill
        if isinstance(rule, Computed):
            if rule.function not in computed:
                computed.add(rule.function)
                done.table = _computed(dataset, done.table, rule)
            continue
        values = _apply(col, done, current, locate)
        if values is not None:
            done.table = _set(done.table, col.name, values)
    done.problems = locate.problems
    arrays = [
        done.table[c.name].cast(c.arrow_type)
        if c.name in done.table.column_names
        else pa.nulls(done.table.num_rows, c.arrow_type)
        for c in dataset.columns
    ]
    done.table = pa.table(arrays, names=dataset.column_names)
    return done


def _set(table: pa.Table, name: str, values: pa.Array | pa.ChunkedArray) -> pa.Table:
    if name in table.column_names:
        return table.set_column(table.column_names.index(name), name, values)
    return table.append_column(name, values)


def _apply(col: Column, done: Completed, current, locate: Locator) -> pa.Array | pa.ChunkedArray | None:
    table, rule = done.table, col.fill
    present = col.name in table.column_names
    empty = not present or table[col.name].null_count > 0
    if isinstance(rule, Constant):
        return pa.repeat(pa.scalar(rule.value, col.arrow_type), table.num_rows)
    if isinstance(rule, Default):
        if not present and rule.note:
            done.notes.append(f"Kolom ‘{col.name}’ ontbreekt: alle rijen worden als ‘{rule.value}’ geladen.")
        return _filled(table, col, rule.value) if empty else None
    if isinstance(rule, FromCurrent):
        if not empty:
            return None
        known = _distinct(current, col.name)
        if len(known) != 1:
            message = f"kolom ‘{col.name}’ ontbreekt en kan niet uit de huidige gegevens afgeleid worden"
            locate.add(Code.AFGELEID, None, None, None, message)
            return None
        done.notes.append(
            f"Kolom ‘{col.name}’ ontbreekt of is leeg: overgenomen uit de huidige gegevens (‘{known[0]}’)."
        )
        return _filled(table, col, known[0])
    if isinstance(rule, Numbered):
        return pa.array(_groups(table, rule.within).cumcount().to_numpy() + 1, type=col.arrow_type)
    if isinstance(rule, Parent):
        return _parents(table, col, rule, locate)
    raise TypeError(f"onbekende regel {rule!r}")


def _filled(table: pa.Table, col: Column, value: object) -> pa.Array | pa.ChunkedArray:
    if col.name not in table.column_names:
        return pa.repeat(pa.scalar(value, col.arrow_type), table.num_rows)
    return pc.fill_null(table[col.name], pa.scalar(value, col.arrow_type))


def _distinct(current: pa.Table | pd.DataFrame | None, name: str) -> list[object]:
    if current is None:
        return []
    if isinstance(current, pd.DataFrame):
        return sorted(set(current[name].dropna())) if name in current.columns else []
    if name not in current.column_names:
        return []
    return sorted(v for v in pc.unique(current[name]).to_pylist() if v is not None)


def _groups(table: pa.Table, within: tuple[str, ...]):
    """The rows grouped by ``within``, in file order (pandas: a cumulative count per group)."""
    frame = table.select(list(within)).to_pandas()
    return frame.groupby(list(within), sort=False, dropna=False)


def _parents(table: pa.Table, col: Column, rule: Parent, locate: Locator) -> pa.Array:
    """Per sub-item (``level`` 1), the ``order`` of the item above it in its group; a problem for a
    sub-item with none above, or a level other than 0 or 1."""
    level = table[rule.level].to_numpy(zero_copy_only=False)
    order = pd.Series(table[rule.order].to_numpy(zero_copy_only=False), dtype="float64")
    tops = order.where(level == 0)
    keys = [table[k].to_pandas() for k in rule.within]
    above = tops.groupby(keys, sort=False, dropna=False).ffill()
    sub = level == 1
    wrong = (sub & above.isna().to_numpy()) | ~np.isin(level, [0, 1])
    for position in np.flatnonzero(wrong).tolist():
        locate.add(
            Code.AFGELEID,
            position,
            locate.label(rule.level),
            level[position],
            "deelpunt (niveau 1) zonder hoofdpunt erboven, of niveau is geen 0 of 1",
        )
    parent = above.where(sub & ~wrong)
    return pa.array(parent.to_numpy(), type=col.arrow_type, from_pandas=True)


def _computed(dataset: Dataset, table: pa.Table, rule: Computed) -> pa.Table:
    """The columns naming ``rule`` set by its function over the rows as dicts."""
    module, name = rule.function.split(":")
    function = getattr(importlib.import_module(module), name)
    records = table.to_pylist()
    function(records)
    for col in dataset.columns:
        if col.fill == rule:
            table = _set(table, col.name, pa.array([r[col.name] for r in records], type=col.arrow_type))
    return table
