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

``--profile`` adds, per target, a sampling CPU profile of the page's main thread (V8's profiler
over the tab): its busy milliseconds per visit and the scripts they went to (Streamlit's chunks
by file, the browser's own work as ``(program)``, layout reads such as ``getBoundingClientRect``).
Its overhead inflates every CPU column alike: compare targets with each other, not with a run
without it. It is how the costs in the README's "Snelheid meten" were found.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import tempfile
import time
from collections import Counter
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


IDLE = "(idle)"
PROFILE_INTERVAL_US = 200
TOP_SCRIPTS = 8


def main_thread_ms(profile: dict) -> Counter[str]:
    """Milliseconds of a V8 CPU profile per script file (or, for the browser's own work, per
    function: ``(program)``, ``(garbage collector)``, ``getBoundingClientRect`` …), idle included."""
    frames = {node["id"]: node["callFrame"] for node in profile["nodes"]}
    spent: Counter[str] = Counter()
    for node, delta_us in zip(profile["samples"], profile["timeDeltas"], strict=True):
        frame = frames[node]
        spent[frame["url"].rsplit("/", 1)[-1] or frame["functionName"] or "(anonymous)"] += delta_us / 1000
    return spent


def measured_visit(
    tab, cdp, pid: int, url: str, charts: int, texts: list[str], profiler=None, spent: Counter[str] | None = None
) -> tuple[float, ...]:
    """One visit from a parked tab: wall, renderer, other Chromium, server and total CPU seconds;
    with a ``profiler`` (the tab's CDP session), its main thread's milliseconds added to ``spent``."""
    renderer0, other0 = chromium_cpu(cdp)
    if profiler is not None:
        profiler.send("Profiler.start")
    server0, started = server_cpu(pid), time.perf_counter()
    tab.goto(url, timeout=bp.TIMEOUT_MS)
    bp.wait_page(tab, charts, texts)
    wall = time.perf_counter() - started
    if profiler is not None and spent is not None:
        spent.update(main_thread_ms(profiler.send("Profiler.stop")["profile"]))
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
    parser.add_argument("--profile", action="store_true", help="also a CPU profile of each page's main thread")
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
        profilers = {name: profiler(tab) for name, tab in tabs.items()} if args.profile else {}
        spent: dict[str, Counter[str]] = {name: Counter() for name in targets}
        bp.visit(tabs["reference"], f"{ref_url}/", 0, bp.REFERENCE_TEXTS)  # each server's first run
        bp.visit(tabs[next(iter(visits))], f"{app_url}/{bp.FIRST_PATH}", 0, bp.FIRST_TEXTS)
        for name, (_pid, url, n, want) in targets.items():  # cold visits, not measured
            bp.visit(tabs[name], url, n, want)
            tabs[name].goto(BLANK)
        samples: dict[str, list[tuple[float, ...]]] = {name: [] for name in targets}
        for _ in range(args.repeat):
            for name, (pid, url, n, want) in targets.items():
                samples[name].append(
                    measured_visit(tabs[name], cdp, pid, url, n, want, profilers.get(name), spent[name])
                )
    print(f"load average {os.getloadavg()[0]:.1f}; median of {args.repeat} warm visits, seconds")
    print(f"{'':<24}" + "".join(f"{c:>16}" for c in COLUMNS) + f"{'× reference':>14}")
    base = statistics.median(s[-1] for s in samples["reference"])
    for name, rows in samples.items():
        medians = [statistics.median(r[i] for r in rows) for i in range(len(COLUMNS))]
        print(f"{name:<24}" + "".join(f"{m:16.3f}" for m in medians) + f"{medians[-1] / base:14.2f}")
    if args.profile:
        print_profiles(spent, args.repeat)


def profiler(tab):
    """A CDP session on ``tab`` with V8's sampling profiler ready."""
    session = tab.context.new_cdp_session(tab)
    session.send("Profiler.enable")
    session.send("Profiler.setSamplingInterval", {"interval": PROFILE_INTERVAL_US})
    return session


def print_profiles(spent: dict[str, Counter[str]], visits: int) -> None:
    """Per target: the main thread's busy milliseconds per visit, and where they went."""
    print(f"\nmain thread per warm visit, ms (mean of {visits}; busy = all but {IDLE})")
    for name, per_script in spent.items():
        busy = sum(ms for script, ms in per_script.items() if script != IDLE) / visits
        top = [(script, ms) for script, ms in per_script.most_common() if script != IDLE][:TOP_SCRIPTS]
        print(f"{name:<24} busy {busy:7.1f}   " + ", ".join(f"{script} {ms / visits:.1f}" for script, ms in top))


if __name__ == "__main__":
    main()
