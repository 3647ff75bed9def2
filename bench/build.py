"""Build and start-up: ``etl build`` from ``data/raw`` and the import time of the app's modules.

Each figure is measured in a fresh interpreter, as a user meets it:

* ``etl build``: wall time of ``python -m etl build --raw data/raw --out <empty folder>`` (every
  table extracted, validated and written), against the issue's budget of 3 s; the figure from
  inside the process (what :func:`etl.build.build` itself takes) is reported too.
* app import: the modules the router and the pages import (streamlit, the query layer, charts,
  sections…), against ``import streamlit`` alone, the floor every Streamlit app pays. Reported
  without a goal: most of the difference is pandas, pyarrow, duckdb and plotly, the stack itself.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import Config, Row, benchmark, log

ROOT = Path(__file__).resolve().parent.parent
BUILD_BUDGET_S = 3.0
# What a server process imports before it draws the first dashboard page.
APP_MODULES = (
    "streamlit",
    "dashboard.auth",
    "dashboard.router",
    "dashboard.queries",
    "dashboard.charts",
    "dashboard.sections",
    "dashboard.ui",
)
_TIMED_IMPORT = (
    "import time, logging; logging.disable(logging.WARNING); t = time.perf_counter()\n"
    "{imports}\n"
    "print(time.perf_counter() - t)"
)


def _imports(modules: tuple[str, ...]) -> float:
    code = _TIMED_IMPORT.format(imports="\n".join(f"import {m}" for m in modules))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def _build() -> tuple[float, float]:
    """(wall seconds of the CLI, seconds inside the build) for a build into an empty folder."""
    out = Path(tempfile.mkdtemp(prefix="mechelen-bench-build."))
    code = (
        "import json, sys, time; t = time.perf_counter()\n"
        "from etl.build import build\n"
        "from pathlib import Path\n"
        "build(Path(sys.argv[1]), Path(sys.argv[2]))\n"
        "print(json.dumps({'inside': time.perf_counter() - t}))"
    )
    try:
        t0 = time.perf_counter()
        cli = subprocess.run(
            [sys.executable, "-m", "etl", "build", "--raw", str(ROOT / "data" / "raw"), "--out", str(out / "cli")],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - t0
        if cli.returncode != 0:
            raise RuntimeError(f"etl build failed ({cli.returncode}):\n{cli.stderr}")
        inner = subprocess.run(
            [sys.executable, "-c", code, str(ROOT / "data" / "raw"), str(out / "inner")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        return wall, json.loads(inner.stdout.strip().splitlines()[-1])["inside"]
    finally:
        shutil.rmtree(out, ignore_errors=True)


@benchmark("build")
def build_section(config: Config) -> list[Row]:
    walls, insides, app, floor = [], [], [], []
    for run in range(config.repeat):
        wall, inside = _build()
        walls.append(wall)
        insides.append(inside)
        floor.append(_imports(("streamlit",)))
        app.append(_imports(APP_MODULES))
        log(f"[bench]   build run {run + 1}/{config.repeat}: etl build {wall:.2f} s, app import {app[-1]:.2f} s")
    med = statistics.median
    return [
        Row.compared(
            "etl build from data/raw (CLI, wall)", med(walls), "s", BUILD_BUDGET_S, 1.0, note="baseline = 3 s budget"
        ),
        Row("etl build, inside the process", med(insides), "s", note="without interpreter start", samples=insides),
        Row("import streamlit (baseline)", med(floor), "s", samples=floor),
        Row.compared(
            "app import / import streamlit",
            med(app),
            "s",
            med(floor),
            None,  # reported, no goal: pandas, pyarrow, duckdb and plotly are the stack itself
            note="modules: " + ", ".join(APP_MODULES),
            samples=app,
        ),
    ]
