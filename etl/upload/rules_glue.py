"""The checks and completion of an upload's rows (moved verbatim from etl/ingest.py; being replaced
by the one validator and the catalog's rules)."""

from __future__ import annotations

import pandas as pd

from etl.catalog import Dataset, UploadField
from etl.extract.voortgang import mark_shared_items
from etl.upload.header import _label
from etl.upload.result import _Ctx


def _check(ctx: _Ctx, dataset: Dataset, frame: pd.DataFrame, columns: dict[UploadField, int]) -> None:
    if frame.empty and not ctx.result.problems:
        ctx.problem("het bestand bevat geen gegevensrijen onder de kop", ctx.result.header_row)
        return
    for f, col in columns.items():
        spec = dataset.column(f.column)
        label = _label(f, col)
        series = frame[f.column]
        if not spec.nullable:
            for row in frame.loc[series.isna(), "_rij"]:
                if (int(row), label) not in ctx.failed:  # an unreadable value is reported once
                    ctx.problem("waarde ontbreekt", int(row), label)
        if spec.minimum is not None:
            numeric = pd.to_numeric(series, errors="coerce")
            for row, value in zip(
                frame.loc[numeric < spec.minimum, "_rij"], series[numeric < spec.minimum], strict=True
            ):
                ctx.problem(f"waarde is kleiner dan het minimum {spec.minimum:g}", int(row), label, value)
        if spec.allowed:
            bad = series.notna() & ~series.isin(spec.allowed)
            for row, value in zip(frame.loc[bad, "_rij"], series[bad], strict=True):
                ctx.problem(f"waarde niet toegelaten; toegelaten: {', '.join(spec.allowed)}", int(row), label, value)
    key = [k for k in _upload_key(dataset) if k in frame.columns]
    if key:
        dup = frame.duplicated(key, keep=False) & frame[key].notna().all(axis=1)
        first_seen: dict[tuple, int] = {}
        for _, row in frame[dup].iterrows():
            k = tuple(row[c] for c in key)
            if k in first_seen:
                ctx.problem(
                    f"dubbele sleutel ({', '.join(key)}) = {k!r}, ook op rij {first_seen[k]}",
                    int(row["_rij"]),
                    ", ".join(key),
                )
            else:
                first_seen[k] = int(row["_rij"])


def _upload_key(dataset: Dataset) -> tuple[str, ...]:
    """The key that identifies a row in a file: the dataset key without derived columns."""
    derived = {"volgorde"}
    key = tuple(k for k in dataset.key if k not in derived)
    if dataset.name == "voortgang":
        return (*key, "titel")
    return key


def _complete(ctx: _Ctx, dataset: Dataset, frame: pd.DataFrame, current: pd.DataFrame | None) -> pd.DataFrame:
    """Derived and default columns, provenance, and the catalog's column order."""
    if ctx.result.problems or frame.empty:
        return pd.DataFrame(columns=dataset.column_names)
    out = frame.copy()
    source = ctx.wb.filename if ctx.wb.kind == "csv" else f"{ctx.wb.filename} › {ctx.sheet}"
    out["bron"] = source
    out["bron_regel"] = out.pop("_rij").astype("int64")
    completer = COMPLETERS.get(dataset.name)
    if completer:
        out = completer(ctx, out, current)
        if ctx.result.problems:  # e.g. no directie to fill in: nothing that could be published
            return pd.DataFrame(columns=dataset.column_names)
    for col in dataset.columns:
        if col.name not in out.columns:
            out[col.name] = None
    return out[dataset.column_names]


def _complete_fte(ctx: _Ctx, out: pd.DataFrame, current: pd.DataFrame | None) -> pd.DataFrame:
    if "directie" in out.columns and out["directie"].notna().all():
        return out
    known = sorted(set(current["directie"].dropna())) if current is not None and "directie" in current else []
    if len(known) == 1:
        out["directie"] = out.get("directie", pd.Series(index=out.index, dtype=object)).fillna(known[0])
        ctx.result.notes.append(
            f"Kolom ‘directie’ ontbreekt of is leeg: overgenomen uit de huidige gegevens (‘{known[0]}’)."
        )
    else:
        ctx.problem("kolom ‘directie’ ontbreekt en kan niet uit de huidige gegevens afgeleid worden")
    return out


def _complete_kerncijfers(ctx: _Ctx, out: pd.DataFrame, current: pd.DataFrame | None) -> pd.DataFrame:
    out["citaat"] = None
    out["jaar_bron"] = "gelezen"  # the file states the year in its ``jaar`` column
    return out


def _complete_bevolking(ctx: _Ctx, out: pd.DataFrame, current: pd.DataFrame | None) -> pd.DataFrame:
    if "soort" not in out.columns:
        out["soort"] = "waargenomen"
        ctx.result.notes.append("Kolom ‘soort’ ontbreekt: alle rijen worden als ‘waargenomen’ geladen.")
    else:
        out["soort"] = out["soort"].fillna("waargenomen")
    return out


def _complete_voortgang(ctx: _Ctx, out: pd.DataFrame, current: pd.DataFrame | None) -> pd.DataFrame:
    """``volgorde`` per year, domain and kind in file order; ``ouder`` = the item above a sub-item."""
    out["niveau"] = out["niveau"].fillna(0).astype("int64") if "niveau" in out.columns else 0
    volgorde, ouder = [], []
    counters: dict[tuple, int] = {}
    parents: dict[tuple, int] = {}
    for row in out.itertuples():
        group = (row.rapport_jaar, row.domein, row.soort)
        counters[group] = counters.get(group, 0) + 1
        volgorde.append(counters[group])
        if row.niveau == 0:
            parents[group] = counters[group]
            ouder.append(None)
        elif row.niveau == 1 and group in parents:
            ouder.append(parents[group])
        else:
            ctx.problem(
                "deelpunt (niveau 1) zonder hoofdpunt erboven, of niveau is geen 0 of 1",
                row.bron_regel,
                "niveau",
                row.niveau,
            )
            ouder.append(None)
    out["volgorde"], out["ouder"] = volgorde, pd.array(ouder, dtype="Int64")
    records = out[["rapport_jaar", "domein", "soort", "niveau", "titel"]].to_dict("records")
    mark_shared_items(records)
    out["item_nr"] = [r["item_nr"] for r in records]
    out["ook_in_domein"] = [r["ook_in_domein"] for r in records]
    return out


COMPLETERS = {
    "fte_afdeling": _complete_fte,
    "kerncijfers": _complete_kerncijfers,
    "bevolking_leeftijd": _complete_bevolking,
    "voortgang": _complete_voortgang,
}
