"""Page benchmarks in Debian's Chromium against real Streamlit servers (:mod:`tests.e2e.harness`).

Three sections, each against a baseline measured in the same run, interleaved (round robin):

* ``pages``: each dashboard page (plus Open data and Catalogus), from navigation to every chart
  drawn, against :mod:`bench.reference_app` (a bare Streamlit page with one small static Plotly
  chart). Per repeat one fresh app server and one fresh reference server, each in a fresh browser
  context: the first visit (app: /aanmelden, reference: its start page, neither with a chart) pays
  the server's first script run and the download of Streamlit's frontend; **cold** is then the first
  visit of a page in that server process (its first query, imports, Plotly's JavaScript for the first
  chart), **warm** the second visit of the same page in the same server. Every visit is a full page
  load (a new Streamlit session), as a visitor who opens a link.
* ``growth``: the Bevolking page over a data folder whose ``bevolking_leeftijd`` has 10 million rows
  against one with 10,000 rows (:func:`bench.population.population_data_dir`); the number of charts
  is counted on the page itself.
* ``server_memory``: VmRSS of the server process at idle, after a wave of 20 concurrent browser
  contexts that each open every page, and after a second wave; the reference app under the same load
  is the baseline.

The app runs with ``MECHELEN_DEV_ROLE=beheer`` on a data folder built like the tests' ``built_data``.
A visit that does not complete (timeout, server error in its log) fails the section: nothing
becomes a figure that was not measured.
"""

from __future__ import annotations

import contextlib
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from bench import Config, Row, benchmark, log
from bench import reference_app as reference
from tests.e2e.harness import ROOT, app_env, launch_chromium, running_server, wait_charts, wait_ready
from tests.e2e.test_pages_browser import PAGES

GOAL_PAGES = 1.25
GOAL_GROWTH = 1.2
GOAL_LEAK = 1.1  # RSS after a second identical wave of sessions, against after the first
REFERENCE = ROOT / "bench" / "reference_app.py"
FIRST_PATH = "aanmelden"  # the app's page without a chart for the first script run
FIRST_TEXTS = ["Aanmelden"]
REFERENCE_TEXTS = [reference.TITLE]
REFERENCE_CHART = ("grafiek", 1, [reference.CHART_TITLE])
SESSIONS = 20  # browser contexts per wave in server_memory
WAVES = 2
VIEWPORT = {"width": 1400, "height": 2000}  # as the browser tests
TIMEOUT_MS = 120_000
LOAD_TIMEOUT_MS = 300_000  # a visit during a wave of 20 concurrent sessions on a small machine

# Every text is in the document (textContent, so also inside closed expanders, as the tests check).
_TEXTS_JS = """texts => { const main = document.querySelector('[data-testid="stMain"]');
    return main !== null && texts.every(t => main.textContent.includes(t)); }"""


def built_data_dir(folder: Path) -> Path:
    """A MECHELEN_DATA_DIR as the tests' ``built_data``: raw/ copied from the repo, parquet/ built."""
    from etl.build import build

    shutil.copytree(ROOT / "data" / "raw", folder / "raw")
    build(folder / "raw", folder / "parquet")
    return folder


def page_name(path: str) -> str:
    return path or "overzicht"


# --- one visit -----------------------------------------------------------------------------------------


def wait_page(page, charts: int | None, texts: list[str], timeout_ms: int = TIMEOUT_MS) -> None:
    """Until the script run is over, the page's texts are there and its ``charts`` charts drawn
    (None: whatever charts there are, drawn or not).

    The texts guard against the moment just after loading when the app is connected but its script
    has not started yet (the ready state already holds then)."""
    wait_ready(page, timeout_ms)
    if charts is not None:
        wait_charts(page, charts, timeout_ms)
    page.wait_for_function(_TEXTS_JS, arg=texts, timeout=timeout_ms)
    wait_ready(page, timeout_ms)


def visit(page, url: str, charts: int, texts: list[str]) -> float:
    """Seconds from navigation to the page complete (see :func:`wait_page`)."""
    started = time.perf_counter()
    page.goto(url, timeout=TIMEOUT_MS)
    wait_page(page, charts, texts)
    return time.perf_counter() - started


def count_charts(page, url: str, texts: list[str]) -> int:
    """Open ``url``, count its charts once the script run is over (for a page whose number of
    charts depends on the data) and wait until they are drawn."""
    page.goto(url, timeout=TIMEOUT_MS)
    wait_page(page, None, texts)
    charts = page.locator('[data-testid="stPlotlyChart"]').count()
    wait_charts(page, charts, TIMEOUT_MS)
    return charts


# --- servers and browsers ------------------------------------------------------------------------------


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def new_page(browser) -> Iterator[object]:
    """A fresh browser context (empty cache) with one tab."""
    context = browser.new_context(viewport=VIEWPORT, locale="nl-BE")
    try:
        yield context.new_page()
    finally:
        context.close()


@contextlib.contextmanager
def app_server(data_dir: Path, logs: Path, name: str) -> Iterator[tuple[str, object]]:
    with running_server(ROOT / "app.py", logs / f"{name}.log", app_env(data_dir)) as server:
        yield server


@contextlib.contextmanager
def reference_server(logs: Path, name: str) -> Iterator[tuple[str, object]]:
    with running_server(REFERENCE, logs / f"{name}.log") as server:
        yield server


def median_row(name: str, samples: list[float], unit: str, note: str = "") -> Row:
    return Row(name, statistics.median(samples), unit, note=note, samples=samples)


def compared_row(name: str, samples: list[float], base: Row, unit: str, goal: float | None, note: str = "") -> Row:
    return Row.compared(name, statistics.median(samples), unit, base.value, goal, note=note, samples=samples)


# --- pages ---------------------------------------------------------------------------------------------


@benchmark("pages")
def pages(config: Config) -> list[Row]:
    work = Path(tempfile.mkdtemp(prefix="mechelen-bench-pages."))
    try:
        data = built_data_dir(work / "data")
        samples: dict[str, list[float]] = {}

        def add(key: str, seconds: float) -> None:
            samples.setdefault(key, []).append(seconds)
            log(f"[bench]   {key:<34} {seconds:7.3f} s")

        with chromium() as browser:
            for run in range(config.repeat):
                log(f"[bench]   run {run + 1}/{config.repeat}")
                with (
                    reference_server(work, f"reference-{run}") as (ref_url, _),
                    app_server(data, work, f"app-{run}") as (app_url, _),
                    new_page(browser) as ref,
                    new_page(browser) as app,
                ):
                    add("reference first", visit(ref, f"{ref_url}/", 0, REFERENCE_TEXTS))
                    add("app first", visit(app, f"{app_url}/{FIRST_PATH}", 0, FIRST_TEXTS))
                    path, charts, texts = REFERENCE_CHART
                    add("reference cold", visit(ref, f"{ref_url}/{path}", charts, texts))
                    for path, (charts, texts) in PAGES.items():
                        add(f"{page_name(path)} cold", visit(app, f"{app_url}/{path}", charts, texts))
                    for path, (charts, texts) in PAGES.items():  # each app visit next to a reference one
                        ref_path, ref_charts, ref_texts = REFERENCE_CHART
                        add("reference warm", visit(ref, f"{ref_url}/{ref_path}", ref_charts, ref_texts))
                        add(f"{page_name(path)} warm", visit(app, f"{app_url}/{path}", charts, texts))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    first = median_row(
        "reference first visit (server's first script run)",
        samples["reference first"],
        "s",
        "bench/reference_app.py start page (no chart) in a fresh server and a fresh browser context",
    )
    cold = median_row(
        "reference cold (first visit of its chart page)",
        samples["reference cold"],
        "s",
        "one small static Plotly chart; after the start page in the same server",
    )
    warm = median_row("reference warm (second visit)", samples["reference warm"], "s", "measured next to each page")
    rows = [
        first,
        compared_row(
            f"app first visit /{FIRST_PATH} (server's first script run)",
            samples["app first"],
            first,
            "s",
            GOAL_PAGES,
            "fresh app server, fresh browser context; app.py + the login page, no chart",
        ),
        cold,
        warm,
    ]
    for path, (charts, _texts) in PAGES.items():
        name = page_name(path)
        rows.append(compared_row(f"{name} cold ({charts} charts)", samples[f"{name} cold"], cold, "s", GOAL_PAGES))
        rows.append(compared_row(f"{name} warm", samples[f"{name} warm"], warm, "s", GOAL_PAGES))
    rows[4].note = (
        "cold = first visit of the page in a fresh server process, after the first script run; pages in "
        "this order, so the first dashboard page also pays imports shared with later ones"
    )
    return rows


# --- growth --------------------------------------------------------------------------------------------


GROWTH_SMALL = 10_000
GROWTH_LARGE = 10_000_000


@benchmark("growth")
def growth(config: Config) -> list[Row]:
    from bench.population import population_data_dir

    small_dir, large_dir = population_data_dir(GROWTH_SMALL), population_data_dir(GROWTH_LARGE)
    _charts, texts = PAGES["bevolking"]
    samples: dict[str, list[float]] = {}
    counts: dict[str, int] = {}
    logs = Path(tempfile.mkdtemp(prefix="mechelen-bench-growth."))
    try:
        with (
            chromium() as browser,
            app_server(small_dir, logs, "small") as (small_url, _),
            app_server(large_dir, logs, "large") as (large_url, _),
            new_page(browser) as small,
            new_page(browser) as large,
        ):
            cases = {"small": (small, small_url), "large": (large, large_url)}
            for key, (page, url) in cases.items():  # cold: the first visit, which counts the charts
                started = time.perf_counter()
                counts[key] = count_charts(page, f"{url}/bevolking", texts)
                samples[f"{key} cold"] = [time.perf_counter() - started]
                log(f"[bench]   {key} cold: {counts[key]} charts, {samples[f'{key} cold'][0]:.3f} s")
            if counts["small"] != counts["large"] or counts["small"] < 2:
                raise RuntimeError(f"Bevolking draws {counts} charts: expected the same number, with the age charts")
            for run in range(config.repeat * 2):
                for key, (page, url) in cases.items():
                    seconds = visit(page, f"{url}/bevolking", counts[key], texts)
                    samples.setdefault(f"{key} warm", []).append(seconds)
                    log(f"[bench]   run {run + 1} {key} warm {seconds:7.3f} s")
    finally:
        shutil.rmtree(logs, ignore_errors=True)

    n = counts["small"]
    base = median_row(f"bevolking warm, {GROWTH_SMALL:,} rows (baseline)", samples["small warm"], "s")
    base_cold = median_row(f"bevolking cold, {GROWTH_SMALL:,} rows", samples["small cold"], "s")
    return [
        base,
        compared_row(
            f"bevolking warm, {GROWTH_LARGE:,} rows",
            samples["large warm"],
            base,
            "s",
            GOAL_GROWTH,
            f"bevolking_leeftijd rows; {n} charts on both; second and later visits in the same server",
        ),
        base_cold,
        compared_row(
            f"bevolking cold, {GROWTH_LARGE:,} rows",
            samples["large cold"],
            base_cold,
            "s",
            None,
            "one sample: the first visit in a fresh server (first script run, queries not cached yet)",
        ),
    ]


# --- server memory -------------------------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def wave(browser, visits: list[tuple[str, int, list[str]]], sessions: int) -> None:
    """``sessions`` browser contexts at once, each opening every URL in turn (all sessions load a URL
    together; the next URL once every session has drawn the previous one)."""
    contexts = [browser.new_context(viewport=VIEWPORT, locale="nl-BE") for _ in range(sessions)]
    try:
        tabs = [c.new_page() for c in contexts]
        for url, charts, texts in visits:
            for tab in tabs:
                tab.goto(url, wait_until="commit", timeout=LOAD_TIMEOUT_MS)
            for tab in tabs:
                wait_page(tab, charts, texts, LOAD_TIMEOUT_MS)
    finally:
        for c in contexts:
            c.close()


def memory_profile(
    browser, server: Callable[[], contextlib.AbstractContextManager], visits: Callable[[str], list]
) -> list[float]:
    """[idle, after wave 1, after wave 2, …] RSS in MB of a fresh server."""
    with server() as (url, proc):
        figures = [rss_mb(proc.pid)]
        for n in range(WAVES):
            started = time.perf_counter()
            wave(browser, visits(url), SESSIONS)
            figures.append(rss_mb(proc.pid))
            log(f"[bench]   wave {n + 1}: {figures[-1]:.1f} MB RSS ({time.perf_counter() - started:.0f} s)")
    return figures


@benchmark("server_memory")
def server_memory(config: Config) -> list[Row]:
    work = Path(tempfile.mkdtemp(prefix="mechelen-bench-memory."))
    try:
        data = built_data_dir(work / "data")
        with chromium() as browser:
            log("[bench]   reference app")
            ref = memory_profile(
                browser,
                lambda: reference_server(work, "reference"),
                lambda url: [(f"{url}/", 0, REFERENCE_TEXTS), (f"{url}/{REFERENCE_CHART[0]}", *REFERENCE_CHART[1:])],
            )
            log("[bench]   app")
            app = memory_profile(
                browser,
                lambda: app_server(data, work, "app"),
                lambda url: [(f"{url}/{path}", charts, texts) for path, (charts, texts) in PAGES.items()],
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    load = (
        f"{SESSIONS} concurrent browser contexts, each opening every page by URL (a full load: a new "
        "Streamlit session per page; Streamlit keeps a closed one ≤ 120 s for reconnects, at most 128)"
    )
    rows = [
        Row("reference idle RSS", ref[0], "MB", note="fresh reference server before any session"),
        Row.compared("app idle RSS", app[0], "MB", ref[0], None, note="fresh app server before any session"),
    ]
    for n in range(1, WAVES + 1):
        base = Row(f"reference RSS after wave {n}", ref[n], "MB")
        rows.append(base)
        rows.append(Row.compared(f"app RSS after wave {n}", app[n], "MB", ref[n], None, note=load if n == 1 else ""))
    rows.append(
        Row.compared(
            f"app RSS after wave {WAVES} / after wave 1",
            app[WAVES],
            "MB",
            app[1],
            GOAL_LEAK,
            note="per-session leak signal: a second identical wave should add (almost) nothing; "
            f"reference: {ref[WAVES] / ref[1]:.2f}×",
        )
    )
    return rows
