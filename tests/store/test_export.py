"""``python -m etl export``: a published table, or an earlier version, as plain CSV or Parquet."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from etl.__main__ import main
from etl.store import Store
from tests.store.test_store import kern_table


def test_csv_on_stdout_is_plain(built_data: Path, capsysbinary: pytest.CaptureFixture):
    assert main(["--data", str(built_data / "parquet"), "export", "fte_afdeling"]) == 0
    text = capsysbinary.readouterr().out.decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    expected = Store(built_data / "parquet").read_current("fte_afdeling")
    assert rows[0] == expected.column_names  # header row, "," between fields
    assert len(rows) == 1 + expected.num_rows
    floats = [i for i, f in enumerate(expected.schema) if f.type == "double"]
    cells = [r[i] for r in rows[1:] for i in floats if r[i]]
    assert cells and any("." in c for c in cells)  # "." decimals: float() would refuse "253,75"
    values = [row[i] for row in zip(*expected.to_pydict().values(), strict=True) for i in floats if row[i] is not None]
    assert [float(c) for c in cells] == values


def test_an_earlier_version_as_parquet(tmp_path: Path, capsys: pytest.CaptureFixture):
    store = Store(tmp_path / "parquet")
    store.publish("kerncijfers", kern_table(3), bestand="a.xlsx", bestand_sha256="a" * 64)
    store.publish("kerncijfers", kern_table(5), bestand="b.xlsx", bestand_sha256="b" * 64)
    out = tmp_path / "v1.parquet"
    args = ["--data", str(tmp_path / "parquet"), "export", "kerncijfers", "--version", "1", "--format", "parquet"]
    assert main([*args, "--out", str(out)]) == 0
    assert pq.read_table(out).equals(kern_table(3))
    assert main(["--data", str(tmp_path / "parquet"), "export", "kerncijfers", "--version", "9"]) == 2
    assert "versie 9 bestaat niet; beschikbare versies: 1, 2" in capsys.readouterr().err
