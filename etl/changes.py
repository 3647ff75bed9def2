"""What an upload would change: the merged new table and a diff against the published one."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from etl.catalog import Dataset

PROVENANCE = ("bron", "bron_regel")


def merge(dataset: Dataset, new: pd.DataFrame, current: pd.DataFrame | None) -> pd.DataFrame:
    """The table after publishing ``new``, following the dataset's upload mode."""
    spec = dataset.upload
    assert spec is not None
    if current is None or current.empty or spec.mode == "replace":
        merged = new
    elif spec.mode == "partition":
        keep = current[~current[spec.partition].isin(new[spec.partition].unique())]
        merged = pd.concat([keep, new], ignore_index=True)
    else:  # upsert
        key = list(dataset.key)
        new_keys = pd.MultiIndex.from_frame(new[key])
        keep = current[~pd.MultiIndex.from_frame(current[key]).isin(new_keys)]
        merged = pd.concat([keep, new], ignore_index=True)
    return merged[dataset.column_names].reset_index(drop=True)


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


def compare(dataset: Dataset, before: pd.DataFrame | None, after: pd.DataFrame) -> Diff:
    key = diff_key(dataset)
    before = before if before is not None else pd.DataFrame(columns=dataset.column_names)
    compared = [c.name for c in dataset.columns if c.name not in key and c.name not in PROVENANCE and not c.positional]
    if before.duplicated(key).any() or after.duplicated(key).any():
        # The same title twice in one group (e.g. "Welzijn op het werk" in 2022): pair them up in
        # order of appearance, so the key is unique on both sides.
        before = before.assign(_nr=before.groupby(key).cumcount())
        after = after.assign(_nr=after.groupby(key).cumcount())
        key = [*key, "_nr"]
    left = before.set_index(key)
    right = after.set_index(key)
    added = after[~right.index.isin(left.index)]
    removed = before[~left.index.isin(right.index)]
    both = left.index.intersection(right.index)
    rows = []
    if len(both):
        old, new = left.loc[both, compared], right.loc[both, compared]
        for column in compared:
            before_col, after_col = old[column], new[column]
            differs = (~((before_col == after_col) | (before_col.isna() & after_col.isna()))).to_numpy()
            positions = differs.nonzero()[0]
            for pos, idx in zip(positions, old.index[differs], strict=True):
                k = idx if isinstance(idx, tuple) else (idx,)
                rows.append(
                    {
                        **dict(zip(key, k, strict=True)),
                        "kolom": column,
                        "oud": before_col.iloc[pos],  # keys are unique: read by position
                        "nieuw": after_col.iloc[pos],
                    }
                )
    shown = [k for k in key if k != "_nr"]
    changed = pd.DataFrame(rows, columns=[*key, "kolom", "oud", "nieuw"])[[*shown, "kolom", "oud", "nieuw"]]
    added, removed = (df.drop(columns="_nr", errors="ignore").reset_index(drop=True) for df in (added, removed))
    return Diff(added, removed, changed, headline(dataset, before, after))


def headline(dataset: Dataset, before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Row count and the sum of every measured column (with a unit), before and after; per
    reference year when the dataset has one (a sum of inhabitants over years is no figure)."""
    rows = [{"maat": "aantal rijen", "voor": float(len(before)), "na": float(len(after))}]
    period = dataset.period
    for col in dataset.columns:
        if col.unit and col.dtype in ("int", "float"):
            label = f"som {col.name} ({col.unit})"
            if period is None:
                rows.append({"maat": label, "voor": _sum(before, col.name), "na": _sum(after, col.name)})
                continue
            old, new = _sums(before, col.name, period), _sums(after, col.name, period)
            for year in sorted(set(old.index) | set(new.index)):
                rows.append({"maat": f"{label}, {period} {year}", "voor": old.get(year, 0.0), "na": new.get(year, 0.0)})
    out = pd.DataFrame(rows)
    out["verschil"] = out["na"] - out["voor"]
    return out


def _sum(frame: pd.DataFrame, column: str) -> float:
    return float(pd.to_numeric(frame[column], errors="coerce").sum()) if len(frame) else 0.0


def _sums(frame: pd.DataFrame, column: str, period: str) -> pd.Series:
    """The column's sum per value of ``period`` (one pass, however many years)."""
    if frame.empty:
        return pd.Series(dtype=float)
    return pd.to_numeric(frame[column], errors="coerce").groupby(frame[period]).sum().astype(float)
