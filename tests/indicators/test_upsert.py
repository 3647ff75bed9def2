"""The Arrow upsert gives what the pandas merge and diff give (etl.changes), on synthetic rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from etl import changes, upsert
from etl.catalog import get_dataset

DS = get_dataset("indicatorwaarden")


def row(indicator: str, gebied: str, jaar: int, waarde: float | None, status: str = "gewoon") -> dict:
    return {
        "indicator": indicator, "gebied_type": "wijk", "gebied": gebied, "periode": str(jaar), "jaar": jaar,
        "waarde": waarde, "status": status, "bron": "synthetisch.xlsx", "bron_regel": 2, "bron_kolom": "B",
    }  # fmt: skip


def test_arrow_upsert_equals_pandas_merge_and_diff(tmp_path: Path):
    current = pa.Table.from_pylist(
        [row(i, g, y, float(y)) for i in ("a", "b") for g in ("Noord", "Zuid") for y in (2020, 2021)],
        schema=DS.arrow_schema,
    )
    new = pa.Table.from_pylist(
        [row("b", "Zuid", 2021, 5.0), row("b", "Oost", 2021, 1.0), row("a", "Noord", 2020, None, "ontbreekt")],
        schema=DS.arrow_schema,
    )
    merged = upsert.merge_tables(DS, new, current)
    expected = changes.merge(DS, new.to_pandas(), current.to_pandas())
    pd.testing.assert_frame_equal(merged.to_pandas(), expected)
    path = tmp_path / "indicatorwaarden.parquet"
    pq.write_table(current, path)
    fast = upsert.preview(DS, (str(path),), new)
    slow = changes.compare(DS, current.to_pandas(), expected)
    assert len(fast.added) == len(slow.added) == 1 and fast.removed.empty and slow.removed.empty
    cols = ["indicator", "gebied", "periode", "kolom"]
    assert sorted(map(tuple, fast.changed[cols].values)) == sorted(map(tuple, slow.changed[cols].values))
    pd.testing.assert_frame_equal(fast.headline, slow.headline, check_dtype=False)
    assert upsert.preview(DS, (), new).headline["na"].iloc[0] == 3
