"""Rapport (PDF): the Personeel page's report, first after start and warm, against the issue's budgets.

Measured in a fresh interpreter on a data folder built like the tests' (``bench.pages.built_data_dir``):

* first after start: the first report of a process that has imported the app's modules — queries,
  starting kaleido's Chromium, drawing the chart, WeasyPrint's layout — the first click on "Rapport
  (PDF)" in a fresh server — against the 8 s budget;
* warm: the next reports of the same process (one Chromium kept open), against the 3 s budget, with
  the split between drawing the charts (kaleido) and laying out the page (WeasyPrint) reported;
* ``python -m etl report personeel`` as a monthly batch meets it: wall time of the whole command,
  interpreter start included, against the same 8 s budget.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import Config, Row, benchmark, log
from bench.pages import built_data_dir

ROOT = Path(__file__).resolve().parent.parent
FIRST_BUDGET_S = 8.0
WARM_BUDGET_S = 3.0

_CHILD = """
import json, sys, time
repeat = int(sys.argv[1])
from dashboard import auth
from dashboard.reports import render, report_for

def one():
    with auth.acting_as("bestuur"):
        report = report_for("personeel", {}, "http://localhost:8501")
    return report, render.to_pdf(report)

t = time.perf_counter(); report, pdf = one(); first = time.perf_counter() - t
warm, charts, layout = [], [], []
for _ in range(repeat):
    t = time.perf_counter(); report, pdf = one(); warm.append(time.perf_counter() - t)
    t = time.perf_counter(); svgs = render.chart_svgs(report); charts.append(time.perf_counter() - t)
    weasyprint, fonts, css = render._stylesheet()
    t = time.perf_counter()
    weasyprint.HTML(string=render.to_html(report, svgs)).write_pdf(stylesheets=[css], font_config=fonts)
    layout.append(time.perf_counter() - t)
assert pdf.startswith(b"%PDF-")
print(json.dumps({"first": first, "warm": warm, "charts": charts, "layout": layout}))
"""


def _in_process(data: Path, repeat: int) -> dict:
    env = {**os.environ, "MECHELEN_DATA_DIR": str(data)}
    code = "import logging; logging.disable(logging.WARNING)\n" + _CHILD
    run = subprocess.run(
        [sys.executable, "-c", code, str(repeat)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    if run.returncode != 0:
        raise RuntimeError(f"report benchmark failed ({run.returncode}):\n{run.stderr}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def _cli(data: Path, out: Path) -> float:
    env = {**os.environ, "MECHELEN_DATA_DIR": str(data)}
    t0 = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "etl", "report", "personeel", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    wall = time.perf_counter() - t0
    if run.returncode != 0 or not out.read_bytes().startswith(b"%PDF-"):
        raise RuntimeError(f"python -m etl report failed ({run.returncode}):\n{run.stderr}")
    return wall


@benchmark("report")
def report_section(config: Config) -> list[Row]:
    work = Path(tempfile.mkdtemp(prefix="mechelen-bench-report."))
    try:
        data = built_data_dir(work / "data")
        firsts, warms, charts, layouts, clis = [], [], [], [], []
        for run in range(config.repeat):
            result = _in_process(data, config.repeat)
            firsts.append(result["first"])
            warms += result["warm"]
            charts += result["charts"]
            layouts += result["layout"]
            clis.append(_cli(data, work / f"personeel-{run}.pdf"))
            log(f"[bench]   report run {run + 1}/{config.repeat}: first {firsts[-1]:.2f} s, CLI {clis[-1]:.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    med = statistics.median
    return [
        Row.compared(
            "Personeel PDF, first after start",
            med(firsts),
            "s",
            FIRST_BUDGET_S,
            1.0,
            note="baseline = 8 s budget; queries + starting Chromium (kaleido) + chart + layout",
            samples=firsts,
        ),
        Row.compared(
            "Personeel PDF, warm", med(warms), "s", WARM_BUDGET_S, 1.0, note="baseline = 3 s budget", samples=warms
        ),
        Row("  of which the chart (kaleido, warm)", med(charts), "s", samples=charts),
        Row("  of which the page layout (WeasyPrint, warm)", med(layouts), "s", samples=layouts),
        Row.compared(
            "python -m etl report personeel (CLI, wall)",
            med(clis),
            "s",
            FIRST_BUDGET_S,
            1.0,
            note="baseline = 8 s budget; interpreter start and imports included",
            samples=clis,
        ),
    ]
