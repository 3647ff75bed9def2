"""Page benchmarks in Debian's Chromium against real Streamlit servers (:mod:`tests.e2e.harness`).

Three sections, each against a baseline measured in the same run, interleaved (round robin):

* ``pages``: each dashboard page (plus Open data and Catalogus), from navigation to the first
  animation frame in which the page is complete (script run over, texts there, every chart drawn;
  :func:`wait_page`), against :mod:`bench.reference_app` (a bare Streamlit page with one small static Plotly
  chart). Per repeat one fresh app server and one fresh reference server, each in a fresh browser
  context: the first visit (app: /aanmelden, reference: its start page, neither with a chart) pays
  the server's first script run and the download of Streamlit's frontend; **cold** is then the first
  visit of a page in that server process (its first query, imports, Plotly's JavaScript for the first
  chart), **warm** a later visit of the same page in the same server (:data:`WARM_ROUNDS` per run,
  each next to a warm visit of the reference). Every visit is a full page load (a new Streamlit
  session), as a visitor who opens a link.
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
import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from bench import Config, Row, benchmark, log
from bench import reference_app as reference
from tests.e2e.harness import (
    CHARTS,
    CHARTS_FADED_IN,
    MENU,
    PAGES,
    READY,
    ROOT,
    SERVED,
    app_env,
    launch_chromium,
    running_server,
)

GOAL_PAGES = 1.25
# Warm visits per page per run: restarting the servers (a run) is what takes time, a visit does not.
# With one warm visit per run, a page's ratio moved by up to 0,1× between two sections of the same
# code (medians of three); more visits give a median that a single slow visit does not move.
WARM_ROUNDS = 3
GOAL_GROWTH = 1.2
GOAL_LEAK = 1.1  # RSS after a second identical wave of sessions, against after the first
REFERENCE = ROOT / "bench" / "reference_app.py"
MENUS = (MENU, '[data-testid="stSidebarNav"]')  # the app's page menu; the reference app has Streamlit's
FIRST_PATH = "aanmelden"  # the app's page without a chart for the first script run
FIRST_TEXTS = ["Aanmelden"]
REFERENCE_TEXTS = [reference.TITLE]
REFERENCE_CHART = ("grafiek", 1, [reference.CHART_TITLE])
SESSIONS = 20  # browser contexts per wave in server_memory
WAVES = 2
VIEWPORT = {"width": 1400, "height": 2000}  # as the browser tests
TIMEOUT_MS = 120_000
LOAD_TIMEOUT_MS = 300_000  # a visit during a wave of 20 concurrent sessions on a small machine

# A visit is complete in the first animation frame in which the app is connected with its script run
# over, every text is in the page (textContent, so also inside closed expanders, as the tests check)
# and, when the page's number of charts is given, that many charts are drawn and fully faded in.
# One check per frame: Playwright's expect() polls on a backoff (again after 20, 50, 100 and 100 ms,
# then every 500 ms), so a chart drawn just after a poll was counted up to 100 ms (later 500 ms)
# late, and a page whose chart appears 20 ms later could measure 100 ms slower.
_COMPLETE_JS = f"""([charts, texts]) => {{
    if (document.querySelector({json.dumps(READY)}) === null) return false;
    const main = document.querySelector('[data-testid="stMain"]');
    if (main === null || !texts.every(t => main.textContent.includes(t))) return false;
    if (charts === null) return true;
    const drawn = [...document.querySelectorAll({json.dumps(CHARTS)})];
    return drawn.length === charts && ({CHARTS_FADED_IN})(); }}"""


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
    (None: whatever charts there are, drawn or not), all in the same animation frame.

    The texts guard against the moment just after loading when the app is connected but its script
    has not started yet (the ready state already holds then)."""
    page.wait_for_function(_COMPLETE_JS, arg=[charts, texts], polling="raf", timeout=timeout_ms)


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
    charts = page.locator(CHARTS).count()
    wait_page(page, charts, texts)
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
    with running_server(SERVED, logs / f"{name}.log", app_env(data_dir)) as server:
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
                    ref_path, ref_charts, ref_texts = REFERENCE_CHART
                    add("reference cold", visit(ref, f"{ref_url}/{ref_path}", ref_charts, ref_texts))
                    for path, (charts, texts) in PAGES.items():
                        add(f"{page_name(path)} cold", visit(app, f"{app_url}/{path}", charts, texts))
                    for _round in range(WARM_ROUNDS):
                        for path, (charts, texts) in PAGES.items():  # each app visit next to a reference one
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
    warm = median_row("reference warm (a later visit)", samples["reference warm"], "s", "measured next to each page")
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
    # With a population published, the inwoners tile shows its count, not the memorandum's 86.194.
    texts = ["Bevolkingspiramide", "129", "+2.368"]
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


_TITLE_CHANGED_JS = """old => { const h = document.querySelector('[data-testid="stMain"] h1');
    return h !== null && h.textContent !== old; }"""


def click_nav(tab, path: str, timeout_ms: int = LOAD_TIMEOUT_MS) -> str:
    """Click the sidebar link to ``path`` (the same Streamlit session, as a visitor navigates);
    returns the title of the page that was shown, for :func:`wait_nav`."""
    old = tab.locator('[data-testid="stMain"] h1').first.text_content(timeout=timeout_ms)
    tab.locator(", ".join(f'{menu} a[href$="/{path}"]' for menu in MENUS)).first.click(timeout=timeout_ms)
    return old


def wait_nav(tab, old_title: str, texts: list[str], timeout_ms: int = LOAD_TIMEOUT_MS) -> None:
    """Until the page opened by :func:`click_nav` has run. Every page starts with its own title, so
    a new title says the new page's script run has started."""
    tab.wait_for_function(_TITLE_CHANGED_JS, arg=old_title, timeout=timeout_ms)
    wait_page(tab, None, texts, timeout_ms)


@contextlib.contextmanager
def wave(browser, visits: list[tuple[str, int, list[str]]], sessions: int) -> Iterator[None]:
    """``sessions`` browser contexts at once, each a visitor who opens the first URL and then every
    other page through the sidebar, all together: the next page once every session's script run for
    the previous one is over (the server's work; the drawing of the charts is the browser's and is
    not waited for). The block runs while all sessions are still connected."""
    contexts = [browser.new_context(viewport=VIEWPORT, locale="nl-BE") for _ in range(sessions)]
    try:
        tabs = [c.new_page() for c in contexts]
        (first_url, _charts, first_texts), *others = visits
        for tab in tabs:
            tab.goto(first_url, wait_until="commit", timeout=LOAD_TIMEOUT_MS)
        for tab in tabs:
            wait_page(tab, None, first_texts, LOAD_TIMEOUT_MS)
        for url, _charts, texts in others:
            titles = [click_nav(tab, url.rsplit("/", 1)[1]) for tab in tabs]
            for tab, title in zip(tabs, titles, strict=True):
                wait_nav(tab, title, texts)
        yield
    finally:
        for c in contexts:
            c.close()


def memory_profile(
    browser, server: Callable[[], contextlib.AbstractContextManager], visits: Callable[[str], list]
) -> list[float]:
    """RSS in MB of a fresh server: [idle, after one session, after wave 1, after wave 2, …]."""
    with server() as (url, proc):
        figures = [rss_mb(proc.pid)]
        with wave(browser, visits(url), 1):
            figures.append(rss_mb(proc.pid))
        log(f"[bench]   idle {figures[0]:.1f} MB, after one session {figures[1]:.1f} MB RSS")
        for n in range(WAVES):
            started = time.perf_counter()
            with wave(browser, visits(url), SESSIONS):
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
        f"{SESSIONS} browser contexts at once (one Streamlit session each), each opening the first page by "
        "URL and every other page through the sidebar; measured while all are connected"
    )
    rows = [
        Row("reference idle RSS", ref[0], "MB", note="fresh server before any session"),
        Row.compared("app idle RSS", app[0], "MB", ref[0], None, note="fresh server before any session"),
        Row("reference RSS after one session", ref[1], "MB"),
        Row.compared(
            "app RSS after one session",
            app[1],
            "MB",
            ref[1],
            None,
            note="one visitor who opened every page (still connected): imports (pandas, Plotly, DuckDB…), caches",
        ),
    ]
    for n in range(1, WAVES + 1):
        rows.append(Row(f"reference RSS after wave {n}", ref[n + 1], "MB"))
        rows.append(
            Row.compared(f"app RSS after wave {n}", app[n + 1], "MB", ref[n + 1], None, note=load if n == 1 else "")
        )
    per_ref, per_app = ((f[2] - f[1]) / SESSIONS for f in (ref, app))
    rows.append(
        Row.compared(
            "app RSS per session in wave 1",
            per_app,
            "MB",
            per_ref,
            None,
            note=f"(after wave 1 − after one session) / {SESSIONS}",
        )
    )
    rows.append(
        Row.compared(
            f"app RSS after wave {WAVES} / after wave 1",
            app[-1],
            "MB",
            app[2],
            GOAL_LEAK,
            note="per-session leak signal: a second identical wave should add (almost) nothing; "
            f"reference: {ref[-1] / ref[2]:.2f}×",
        )
    )
    return rows
