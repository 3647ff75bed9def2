"""History benchmark: a publish once many versions are kept, against a publish into a young table.

Every publish keeps its version (rollback needs them), and the Iceberg metadata lists them all. A
small ``bevolking_leeftijd`` table (two rows, other values each time, so each publish makes a
version) is published :data:`VERSIONS` times into a fresh store; the median publish of the last
:data:`WINDOW` versions is compared with that of the first ones. pyiceberg 0.12 alone deep-copied the
whole metadata about twenty times per commit: 34 → 286 ms from versions 1–50 to 251–300 (see
``etl.store._transaction_class``).
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench import Config, Row, benchmark, log

DATASET = "bevolking_leeftijd"
VERSIONS = 300
WINDOW = 50
GOAL = 3.0  # the metadata still grows with the history (two copies and its JSON per commit)


def _table(i: int):
    import pyarrow as pa

    from etl.catalog import get_dataset

    rows = [
        {"jaar": 2020, "leeftijd": "1", "geslacht": "M", "wijk": "Battel", "aantal": i, "soort": "waargenomen"},
        {"jaar": 2021, "leeftijd": "2", "geslacht": "V", "wijk": "Leest", "aantal": i + 1, "soort": "waargenomen"},
    ]
    rows = [{**r, "bron": "bench.csv", "bron_regel": n + 2} for n, r in enumerate(rows)]
    return pa.Table.from_pylist(rows, schema=get_dataset(DATASET).arrow_schema)


@benchmark("history")
def history(config: Config) -> list[Row]:
    from etl.store import Store

    folder = Path(tempfile.mkdtemp(prefix="mechelen-bench-history."))
    try:
        store = Store(folder)
        seconds = []
        for i in range(VERSIONS):
            table = _table(i)
            started = time.perf_counter()
            store.publish(DATASET, table, bestand="bench.csv", bestand_sha256="0" * 64, gebruiker="bench")
            seconds.append(time.perf_counter() - started)
        kept = len(store.history(DATASET))
        if kept != VERSIONS:
            raise RuntimeError(f"expected {VERSIONS} versions, found {kept}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    young, old = seconds[1 : WINDOW + 1], seconds[-WINDOW:]  # the first publish creates the table
    log(f"[bench] history: {statistics.median(young):.4f} s young, {statistics.median(old):.4f} s old")
    first = f"versions 2–{WINDOW + 1}"
    last = f"versions {VERSIONS - WINDOW + 1}–{VERSIONS}"
    baseline = statistics.median(young)
    return [
        Row(f"publish of 2 rows, {first}", baseline, "s", note="median; a fresh SQLite catalog", samples=young),
        Row.compared(f"publish of 2 rows, {last}", statistics.median(old), "s", baseline, GOAL, samples=old),
    ]
