"""Where a warm page visit spends its CPU: ``python -m bench.visit_cost [PAGE ...] [--repeat N] [--indicators]``.

A diagnostic next to the ``pages`` section (which measures wall time): per warm visit, the CPU
seconds of Chromium's renderer processes, of its other processes (browser, GPU, network) and of
the Streamlit server, for each app page and for the reference page (:mod:`bench.reference_app`).

Fair by construction, because a visit's CPU is read from every Chromium process at once:

* every target (the reference, each app page) has its own browser context, visited equally often,
  round robin;
* between visits each tab is parked on ``about:blank``, so no idle Streamlit tab (its websocket,
  timers, a chart's listeners) adds its background work to another target's visit.

An earlier measurement that visited the reference once per app visit, with every tab left open,
gave the reference app itself, run as a second "app", about 20 % more CPU than the reference
(0,62 s against 0,51 s per visit): the frame of the app looked costlier than it is.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench import pages as bp
from tests.e2e.harness import PAGES

BLANK = "about:blank"
COLUMNS = ("wall", "renderer", "chromium other", "server", "total")


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def chromium_cpu(cdp) -> tuple[float, float]:
    """CPU seconds so far of all renderer processes and of all other Chromium processes."""
    procs = cdp.send("SystemInfo.getProcessInfo")["processInfo"]
    renderer = sum(p["cpuTime"] for p in procs if p["type"] == "renderer")
    return renderer, sum(p["cpuTime"] for p in procs) - renderer


def measured_visit(tab, cdp, pid: int, url: str, charts: int, texts: list[str]) -> tuple[float, ...]:
    """One visit from a parked tab: wall, renderer, other Chromium, server and total CPU seconds."""
    renderer0, other0 = chromium_cpu(cdp)
    server0, started = server_cpu(pid), time.perf_counter()
    tab.goto(url, timeout=bp.TIMEOUT_MS)
    bp.wait_page(tab, charts, texts)
    wall = time.perf_counter() - started
    renderer1, other1 = chromium_cpu(cdp)
    renderer, other, server = renderer1 - renderer0, other1 - other0, server_cpu(pid) - server0
    tab.goto(BLANK)
    return wall, renderer, other, server, renderer + other + server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.visit_cost", description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=["personeel"], help="app pages (overzicht for the start page)")
    parser.add_argument("--repeat", type=int, default=5, help="warm visits per target (the median is shown)")
    parser.add_argument(
        "--indicators", action="store_true", help="Indicatoren and Wijkprofiel on the synthetic indicator data"
    )
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="visit_cost."))
    if args.indicators:  # as the indicator_pages section visits them
        from bench.indicators import PAGE_VISITS, indicator_data_dir

        visits, data = PAGE_VISITS, indicator_data_dir()
    else:
        routes = {page: "" if page == "overzicht" else page for page in args.pages}
        if unknown := {page for page, route in routes.items() if route not in PAGES}:
            parser.error(f"onbekende pagina('s): {', '.join(sorted(unknown))}")
        visits = {page: (route, *PAGES[route]) for page, route in routes.items()}
        data = bp.built_data_dir(work / "data")
    path, charts, texts = bp.REFERENCE_CHART
    with bp.chromium() as browser, contextlib.ExitStack() as stack:
        cdp = browser.new_browser_cdp_session()
        ref_url, ref_proc = stack.enter_context(bp.reference_server(work, "reference"))
        app_url, app_proc = stack.enter_context(bp.app_server(data, work, "app"))
        targets = {"reference": (ref_proc.pid, f"{ref_url}/{path}", charts, texts)}
        for name, (route, n, want) in visits.items():
            targets[name] = (app_proc.pid, f"{app_url}/{route}", n, want)
        tabs = {name: stack.enter_context(bp.new_page(browser)) for name in targets}
        bp.visit(tabs["reference"], f"{ref_url}/", 0, bp.REFERENCE_TEXTS)  # each server's first run
        bp.visit(tabs[next(iter(visits))], f"{app_url}/{bp.FIRST_PATH}", 0, bp.FIRST_TEXTS)
        for name, (_pid, url, n, want) in targets.items():  # cold visits, not measured
            bp.visit(tabs[name], url, n, want)
            tabs[name].goto(BLANK)
        samples: dict[str, list[tuple[float, ...]]] = {name: [] for name in targets}
        for _ in range(args.repeat):
            for name, (pid, url, n, want) in targets.items():
                samples[name].append(measured_visit(tabs[name], cdp, pid, url, n, want))
    print(f"load average {os.getloadavg()[0]:.1f}; median of {args.repeat} warm visits, seconds")
    print(f"{'':<24}" + "".join(f"{c:>16}" for c in COLUMNS) + f"{'× reference':>14}")
    base = statistics.median(s[-1] for s in samples["reference"])
    for name, rows in samples.items():
        medians = [statistics.median(r[i] for r in rows) for i in range(len(COLUMNS))]
        print(f"{name:<24}" + "".join(f"{m:16.3f}" for m in medians) + f"{medians[-1] / base:14.2f}")


if __name__ == "__main__":
    main()
