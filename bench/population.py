"""SYNTHETIC population tables for the query and page benchmarks (never Mechelen's figures).

:func:`population_data_dir` returns a ``MECHELEN_DATA_DIR`` (``raw/`` copied from the repo,
``parquet/`` built from it) plus a generated ``bevolking_leeftijd`` table of about ``rows`` rows:
every wijk has every year 2015–2035 (2026 on projected), age 0–110 and sex M/V/X, so a table of
10,000 rows and one of 10 million draw the same years and bands and differ only in the number of
(made-up, numbered) wijken. Sorted by year, so a filter on one year skips most row groups, as a
table published year by year would. Generated once per size into the temp folder.
"""

from __future__ import annotations

import math
import shutil
import tempfile
import time
from pathlib import Path

from bench import build_fingerprint, log

FORMAT_VERSION = 3  # bump when the generated table changes, so a stale cache is not reused
YEARS = range(2015, 2036)
FIRST_PROJECTED = 2026
AGES = 111
SEXES = ("M", "V", "X")
PER_WIJK = len(YEARS) * AGES * len(SEXES)
SOURCE = "synthetische_benchmarkdata.parquet"  # what the pages show as the source of these rows
ROOT = Path(__file__).resolve().parent.parent


def wijken_for(rows: int) -> int:
    return max(1, math.ceil(rows / PER_WIJK))


def population_table(rows: int):
    """The table (pyarrow, catalog schema) with ``wijken_for(rows) × PER_WIJK`` rows."""
    import numpy as np
    import pyarrow as pa

    from etl.catalog import get_dataset

    n_wijken = wijken_for(rows)
    n = n_wijken * PER_WIJK
    i = np.arange(n, dtype=np.int64)
    # year outermost (sorted), then wijk, age, sex
    year_idx, rest = np.divmod(i, n_wijken * AGES * len(SEXES))
    wijk_idx, rest = np.divmod(rest, AGES * len(SEXES))
    age, sex_idx = np.divmod(rest, len(SEXES))
    jaar = YEARS.start + year_idx
    rng = np.random.default_rng(20261124)
    # a smooth made-up shape: fewer people at higher ages, a little growth per year, noise
    base = np.maximum(0, 60 - age // 2) + (jaar - YEARS.start) // 4
    aantal = np.where(sex_idx == 2, base // 20, base) + rng.integers(0, 5, size=n)

    def strings(values: list[str], index) -> pa.Array:
        return pa.DictionaryArray.from_arrays(pa.array(index.astype(np.int32)), pa.array(values)).cast(pa.string())

    columns = {
        "jaar": pa.array(jaar),
        "leeftijd": strings([str(a) for a in range(AGES)], age),
        "geslacht": strings(list(SEXES), sex_idx),
        "wijk": strings([f"Wijk {w + 1:04d}" for w in range(n_wijken)], wijk_idx),
        "aantal": pa.array(aantal.astype(np.int64)),
        "soort": strings(["waargenomen", "projectie"], (jaar >= FIRST_PROJECTED).astype(np.int32)),
        "bron": strings([SOURCE], np.zeros(n, dtype=np.int32)),
        "bron_regel": pa.array(i + 2),
    }
    return pa.Table.from_pydict(columns, schema=get_dataset("bevolking_leeftijd").arrow_schema)


def population_data_dir(rows: int) -> Path:
    """A data folder with the seed tables and a synthetic ``bevolking_leeftijd`` (see module doc).

    Built in place (Iceberg's metadata names files by absolute path, so a folder cannot be built
    elsewhere and renamed); ``done`` marks a complete one."""
    from etl.build import build
    from etl.store import Store

    name = f"population-{rows}-v{FORMAT_VERSION}-{build_fingerprint()}"
    folder = Path(tempfile.gettempdir()) / "mechelen-bench" / name
    if (folder / "done").exists():
        return folder
    for stale in folder.parent.glob(f"population-{rows}-v*"):  # built by other code: never read again
        shutil.rmtree(stale, ignore_errors=True)
    folder.mkdir(parents=True)
    t0 = time.perf_counter()
    shutil.copytree(ROOT / "data" / "raw", folder / "raw")
    build(folder / "raw", folder / "parquet")
    table = population_table(rows)
    Store(folder / "parquet").publish(
        "bevolking_leeftijd", table, bestand="synthetisch", bestand_sha256="0" * 64, gebruiker="bench"
    )
    (folder / "done").write_text(f"{table.num_rows}\n")
    log(f"[bench] generated {table.num_rows:,} population rows in {folder} ({time.perf_counter() - t0:.1f} s)")
    return folder


def population_rows(folder: Path) -> int:
    return int((folder / "done").read_text())
