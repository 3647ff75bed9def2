"""The validator's cost on a large table: ``python -m bench.validator [--rows N] [--repeat N]``.

Not a section of ``make bench`` (the ingest section measures the whole upload, this part included):
a quick check that validation stays a few tens of milliseconds. A synthetic ``bevolking_leeftijd``
table (unique keys, every value valid, so every rule runs over every row) plus four columns the
catalog does not know (12 columns, as in the ingest benchmark's file) is validated as an upload
(``partial``, the file's row key) and as the final table before a publish (``to_table``, from Arrow
and from a pandas frame, clean and with one missing value). With ``--before COMMIT`` the same frames
also go through that commit's publish check (``table_from_frame``), measured alternately in the same run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa

from etl.catalog import get_dataset
from etl.errors import SourceError
from etl.validate import Where, to_table, validate

ROOT = Path(__file__).resolve().parents[1]


def population(rows: int) -> pa.Table:
    """Unique (jaar, leeftijd, geslacht, wijk, soort) keys, valid values, 12 columns."""
    rng = np.random.default_rng(1)
    i = np.arange(rows)
    per_year = 111 * 3 * 2 * 13
    leeftijd = np.array([str(a) for a in range(111)], dtype=object)
    wijken = np.array([None, *(f"wijk {w}" for w in range(12))], dtype=object)
    columns = {
        "jaar": pa.array(1900 + i // per_year, pa.int64()),
        "leeftijd": pa.array(leeftijd[i % 111]),
        "geslacht": pa.array(np.array(["M", "V", "X"], dtype=object)[(i // 111) % 3]),
        "wijk": pa.array(wijken[(i // 333) % 13]),
        "aantal": pa.array(rng.integers(0, 2500, rows), pa.int64()),
        "soort": pa.array(np.array(["waargenomen", "projectie"], dtype=object)[(i // (333 * 13)) % 2]),
        "bron": pa.array(["bevolking.xlsx › Blad1"] * rows),
        "bron_regel": pa.array(i + 2, pa.int64()),
    }
    extra = {f"extra_{n}": pa.array(rng.integers(0, 100, rows)) for n in range(4)}
    return pa.table(columns | extra)


def timed(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def refused(check: Callable[..., object], *args: object) -> None:
    try:
        check(*args)
    except SourceError as exc:
        assert len(exc.problems) == 1, exc.problems[:3]
        return
    raise AssertionError("not refused")


def _old_publish(commit: str) -> types.ModuleType:
    """``etl/publish.py`` and ``etl/validate.py`` as they were at ``commit`` (their own imports)."""
    modules = {}
    for name in ("validate", "publish"):
        source = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{commit}:etl/{name}.py"], capture_output=True, text=True, check=True
        ).stdout
        module = types.ModuleType(f"old_{name}")
        sys.modules[module.__name__] = module  # dataclasses look their module up
        if name == "publish":
            source = source.replace("from etl.validate import to_table", "to_table = _old_validate.to_table")
            module.__dict__["_old_validate"] = modules["validate"]
        exec(compile(source, f"{commit}:etl/{name}.py", "exec"), module.__dict__)
        modules[name] = module
    return modules["publish"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--before", help="a commit whose publish check to time alongside")
    args = parser.parse_args(argv)
    ds = get_dataset("bevolking_leeftijd")
    table = population(args.rows)
    full = table.select(ds.column_names)
    frame = full.to_pandas()
    upload = table.drop_columns(["bron", "bron_regel"])
    where = Where.sheet("bevolking.xlsx", "Blad1", table["bron_regel"], {})
    assert not validate(ds, upload, where=where, key=ds.row_key, partial=True)
    work = {
        "validate (upload: 6 catalog + 4 other columns, partial, row key)": lambda: validate(
            ds, upload, where=where, key=ds.row_key, partial=True
        ),
        "validate (final table, 8 columns)": lambda: validate(ds, full),
        "to_table from Arrow (conform + validate + schema)": lambda: to_table(ds, full),
        "to_table from a pandas frame (publish's table_from_frame)": lambda: to_table(ds, frame),
    }
    broken = frame.copy()
    broken.loc[len(broken) // 2, "aantal"] = None  # one missing value: the check must find and locate it
    work["to_table from a frame with one missing value (refused)"] = lambda: refused(to_table, ds, broken)
    if args.before:
        old = _old_publish(args.before)
        work[f"{args.before[:7]} table_from_frame (same frame)"] = lambda: old.table_from_frame(ds, frame)
        work[f"{args.before[:7]} table_from_frame (one missing value)"] = lambda: refused(
            old.table_from_frame, ds, broken
        )
    results: dict[str, list[float]] = {name: [] for name in work}
    for _ in range(args.repeat):  # alternately, so load changes hit every figure alike
        for name, job in work.items():
            results[name].append(timed(job, 1))
    load = os.getloadavg()
    print(f"{args.rows:,} rows, {args.repeat} runs; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print("    median       min")
    for name, times in results.items():
        print(f"  {statistics.median(times) * 1000:6.1f} ms {min(times) * 1000:6.1f} ms  {name}")


if __name__ == "__main__":
    sys.exit(main())
