"""The tables are plain Iceberg: pyiceberg alone (no project code) reads what the dashboards
show; and reading — page views, history — never needs pyiceberg's import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

from dashboard.db import Database
from etl.catalog import ALL_DATASETS
from etl.paths import catalog_uri, warehouse

ROOT = Path(__file__).resolve().parents[2]


def test_plain_pyiceberg_reads_what_the_dashboards_show(built_data: Path):
    from pyiceberg.catalog.sql import SqlCatalog

    folder = built_data / "parquet"
    catalog = SqlCatalog("mechelen", uri=catalog_uri(folder), warehouse=warehouse(folder))
    db = Database(folder)
    names = {d.name for d in ALL_DATASETS if db.has(d.name)}
    assert len(names) >= 8
    for ds in (d for d in ALL_DATASETS if d.name in names):
        plain = catalog.load_table(f"mechelen.{ds.name}").scan().to_pandas()
        shown = db.query(f"SELECT * FROM {ds.name}")
        for col in (c.name for c in ds.columns if c.dtype == "date"):  # date vs datetime64: one form
            plain[col], shown[col] = pd.to_datetime(plain[col]), pd.to_datetime(shown[col])
        # a missing value as pandas' NaN (pyiceberg's string arrays) or None (DuckDB): one form
        plain, shown = (f.astype(object).where(f.notna(), None) for f in (plain, shown))
        pd.testing.assert_frame_equal(plain, shown, check_dtype=False)


def test_reading_does_not_import_pyiceberg(built_data: Path):
    script = (
        "import sys; from pathlib import Path; from dashboard.db import Database; from etl.__main__ import main\n"
        f"db = Database(Path({str(built_data / 'parquet')!r}))\n"
        "assert len(db.query('SELECT * FROM kerncijfers')) > 0 and db.parquet_bytes('kerncijfers')\n"
        f"assert main(['--data', {str(built_data / 'parquet')!r}, 'history', 'kerncijfers']) == 0\n"
        "print('pyiceberg' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_a_commit_by_another_engine_is_read_and_listed(tmp_path: Path):
    """A snapshot written without our summary (here: plain pyiceberg's append, as Spark or Trino
    would) is planned with pyiceberg: the dashboards see its rows, the history lists it."""
    from pyiceberg.catalog.sql import SqlCatalog

    from etl.store import Store
    from tests.store.test_store import kern_table

    store = Store(tmp_path)
    store.publish("kerncijfers", kern_table(2), bestand="a.xlsx", bestand_sha256="a" * 64)
    plain = SqlCatalog("mechelen", uri=store.catalog_uri, warehouse=store.warehouse)
    plain.load_table("mechelen.kerncijfers").append(kern_table(3, offset=10))
    assert Database(tmp_path).query("SELECT count(*) AS n FROM kerncijfers")["n"][0] == 5
    assert [(e.versie, e.actie, e.rijen) for e in store.history("kerncijfers")] == [
        (1, "publicatie", 2),
        (2, "extern (append)", 5),
    ]
    assert store.read_current("kerncijfers").num_rows == 5
