"""What an upload would change: the merged new table and a diff against the published one (in Arrow)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.catalog import Dataset
from etl.store import conform as store_conform
from etl.validate import conform, group_codes, renumbered, repeats

PROVENANCE = ("bron", "bron_regel")


Rows = pa.Table | pd.DataFrame


def merge(dataset: Dataset, new: Rows, current: Rows | None) -> Rows:
    """The table after publishing ``new``, following the dataset's upload mode (in Arrow; a frame
    given comes back as a frame)."""
    spec = dataset.upload
    assert spec is not None
    table, before = as_table(dataset, new), None if current is None else as_table(dataset, current)
    if before is None or before.num_rows == 0 or spec.mode == "replace":
        merged = table
    elif spec.mode == "partition":
        kept = before.filter(pc.invert(pc.is_in(before[spec.partition], value_set=pc.unique(table[spec.partition]))))
        merged = pa.concat_tables([kept, table]) if kept.num_rows else table  # every partition anew: no copy
    else:
        from etl.upsert import merge_tables

        merged = merge_tables(dataset, table, before)
    merged = merged.combine_chunks()
    return merged.to_pandas() if isinstance(new, pd.DataFrame) else merged


def as_table(dataset: Dataset, rows: Rows) -> pa.Table:
    """Rows in the catalog's schema, as Arrow."""
    if isinstance(rows, pd.DataFrame):
        rows = conform(dataset, rows)[0]
    return store_conform(dataset, rows)


def diff_key(dataset: Dataset) -> list[str]:
    """How a row is recognised between versions: the catalog's match key (by title, say, when the
    key holds a position), else the key."""
    return list(dataset.row_key)


@dataclass
class Diff:
    added: pd.DataFrame
    removed: pd.DataFrame
    changed: pd.DataFrame  # key columns, kolom, oud, nieuw
    headline: pd.DataFrame  # maat, voor, na, verschil

    @property
    def empty(self) -> bool:
        return self.added.empty and self.removed.empty and self.changed.empty


def compare(dataset: Dataset, before: Rows | None, after: Rows) -> Diff:
    """Rows added, removed and changed (per column) between two versions, matched on
    :func:`diff_key`; column-wise in Arrow, only the changed cells are visited."""
    key = diff_key(dataset)
    old = as_table(dataset, before) if before is not None else dataset.arrow_schema.empty_table()
    new = as_table(dataset, after)
    compared = [c.name for c in dataset.columns if c.name not in key and c.name not in PROVENANCE and not c.positional]
    if _same_keys(old, new, key):  # the file of the current table again, say with values corrected
        changed = _changed(old, new, key, compared, None, None)
        return Diff(new.slice(0, 0).to_pandas(), old.slice(0, 0).to_pandas(), changed, headline(dataset, old, new))
    codes = _row_codes(pa.concat_tables([old.select(key), new.select(key)]))
    old_codes, new_codes = codes[: old.num_rows], codes[old.num_rows :]
    if repeats(old_codes) or repeats(new_codes):
        # The same title twice in one group (e.g. "Welzijn op het werk" in 2022): pair them up in
        # order of appearance, so the key is unique on both sides.
        width = max(old.num_rows, new.num_rows) + 1
        paired = np.concatenate(
            [old_codes * width + _occurrence(old_codes), new_codes * width + _occurrence(new_codes)]
        )
        codes = _dense(paired)
        old_codes, new_codes = codes[: old.num_rows], codes[old.num_rows :]
    size = int(codes.max()) + 1 if len(codes) else 1
    where_new = np.full(size, -1, dtype=np.int64)  # code → its row in the new table
    where_new[new_codes] = np.arange(len(new_codes))
    in_old = np.zeros(size, dtype=bool)
    in_old[old_codes] = True
    matched = where_new[old_codes]
    both_old = np.flatnonzero(matched >= 0)  # in the order of the old table
    both_new = matched[both_old]
    in_new = matched >= 0
    in_old = in_old[new_codes]
    changed = _changed(old, new, key, compared, pa.array(both_old), pa.array(both_new))
    added = new.filter(pa.array(~in_old)).to_pandas()
    removed = old.filter(pa.array(~in_new)).to_pandas()
    return Diff(added, removed, changed, headline(dataset, old, new))


def _same_keys(old: pa.Table, new: pa.Table, key: list[str]) -> bool:
    """Whether row i of both tables has the same key, for every i: then the rows match by position
    (also where a key repeats: its occurrences pair up in order), and no key needs encoding."""
    return old.num_rows == new.num_rows and all(old[k].equals(new[k]) for k in key)


def _row_codes(keys: pa.Table) -> np.ndarray:
    """One small integer per row (below 4 × the rows, or dense), equal for rows with equal key
    values (missing values are equal too)."""
    return group_codes(keys, keys.column_names)


def _dense(codes: np.ndarray) -> np.ndarray:
    """The same grouping numbered 0, 1, 2, …"""
    return renumbered(codes)[0]


def _occurrence(codes: np.ndarray) -> np.ndarray:
    """For each row, how many earlier rows have its code (0 for the first)."""
    order = np.argsort(codes, kind="stable")
    ranked = np.arange(len(codes)) - np.searchsorted(codes[order], codes[order])
    out = np.empty(len(codes), dtype=np.int64)
    out[order] = ranked
    return out


def _changed(
    old: pa.Table,
    new: pa.Table,
    key: list[str],
    compared: list[str],
    at_old: pa.Array | None,
    at_new: pa.Array | None,
) -> pd.DataFrame:
    """Key columns, kolom, oud, nieuw: a row per changed cell of the rows on both sides (row
    ``at_old[i]`` of the old table is row ``at_new[i]`` of the new one; None: row i is row i)."""
    parts = []
    for column in compared:
        before = old[column] if at_old is None else old[column].take(at_old)
        after = new[column] if at_new is None else new[column].take(at_new)
        same = pc.or_(pc.fill_null(pc.equal(before, after), False), pc.and_(pc.is_null(before), pc.is_null(after)))
        if pc.all(same).as_py():
            continue
        differs = pa.array(np.flatnonzero(~same.to_numpy(zero_copy_only=False)))
        part = old.select(key).take(differs if at_old is None else at_old.take(differs)).to_pandas()
        part["kolom"] = column
        part["oud"] = before.take(differs).to_pylist()
        part["nieuw"] = after.take(differs).to_pylist()
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=[*key, "kolom", "oud", "nieuw"])
    return pd.concat(parts, ignore_index=True)


def headline(dataset: Dataset, before: pa.Table, after: pa.Table) -> pd.DataFrame:
    """Row count and the sum of every measured column (with a unit), before and after; per
    reference year when the dataset has one (a sum of inhabitants over years is no figure)."""
    rows: list[tuple[str, float, float]] = [("aantal rijen", before.num_rows, after.num_rows)]
    period = dataset.period
    for col in dataset.columns:
        if col.unit and col.dtype in ("int", "float"):
            label = f"som {col.name} ({col.unit})"
            if period is None:
                rows.append((label, _sum(before, col.name), _sum(after, col.name)))
                continue
            old, new = _sums(before, col.name, period), _sums(after, col.name, period)
            for year in sorted(set(old) | set(new)):
                rows.append((f"{label}, {period} {year}", old.get(year, 0.0), new.get(year, 0.0)))
    # By column: a frame made of a dict per row costs milliseconds for a few hundred years.
    maat, voor, na = zip(*rows, strict=True)
    was, now = np.array(voor, dtype=np.float64), np.array(na, dtype=np.float64)
    return pd.DataFrame({"maat": list(maat), "voor": was, "na": now, "verschil": now - was})


def _sum(table: pa.Table, column: str) -> float:
    return float(pc.sum(table[column]).as_py() or 0.0)


def _sums(table: pa.Table, column: str, period: str) -> dict[object, float]:
    """The column's sum per value of ``period`` (one pass, however many years)."""
    years = table[period]
    if pa.types.is_integer(years.type) and years.null_count == 0 and len(years):
        # Years are whole numbers close together: counted by position, without Arrow's hash
        # grouping (its plan costs milliseconds per call on 200,000 rows).
        low, high = (bound.as_py() for bound in pc.min_max(years).values())
        if high - low <= 4 * len(years):
            at = years.to_numpy() - low
            values = pc.fill_null(table[column], 0).to_numpy().astype(np.float64)
            sums, seen = np.bincount(at, weights=values), np.bincount(at)
            return {low + int(i): float(sums[i]) for i in np.flatnonzero(seen)}
    sums = table.group_by(period).aggregate([(column, "sum")])
    return {
        p: float(v or 0.0) for p, v in zip(sums[period].to_pylist(), sums[f"{column}_sum"].to_pylist(), strict=True)
    }
