"""A real Streamlit server and Debian's Chromium, driven by Playwright (no browser download)."""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e import harness
from tests.e2e.harness import CHROMIUM, READY, ROOT, wait_charts, wait_ready

__all__ = ["READY", "wait_charts", "wait_ready"]

SCREENSHOTS = ROOT / "tests" / "output" / "screenshots"


def axe_serious(page, **run_args) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in Axe().run(page, **run_args).response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@contextlib.contextmanager
def running_app(data_dir: Path, log: Path, role: str | None = "beheer") -> Iterator[str]:
    """The app's server for a test: a server that fails to start or logs an error fails the test."""
    try:
        with harness.running_app(data_dir, log, role) as url:
            yield url
    except harness.ServerError as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def app_url(built_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with running_app(built_data, tmp_path_factory.mktemp("server") / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="session")
def public_url(built_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app as an anonymous visitor on the internet sees it."""
    with running_app(built_data, tmp_path_factory.mktemp("public") / "streamlit.log", role=None) as url:
        yield url


@pytest.fixture
def fresh_app_url(built_data: Path, tmp_path: Path) -> Iterator[str]:
    """A server nobody has visited yet (for what only the first request of a process shows)."""
    with running_app(built_data, tmp_path / "streamlit.log") as url:
        yield url


def require_chromium() -> None:
    """Skip (or, on CI, fail) a browser test when Debian's Chromium is missing."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run installs it with apt")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")


@pytest.fixture(scope="session")
def browser():
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = harness.launch_chromium(p)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 2000}, locale="nl-BE", accept_downloads=True)
    pg = context.new_page()
    yield pg
    context.close()


def download(page, button):
    """Click a download button and return the download. Streamlit serves the file from a media URL
    that a rerun replaces; a click that lands during a rerun gets nothing, as a person would see,
    so the click is repeated (at most three times) once the app is idle again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(3):
        wait_ready(page)
        try:
            with page.expect_download(timeout=10_000) as info:
                button.click()
            return info.value
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


TIMINGS = ROOT / "tests" / "output" / "page_timings.json"
_SESSION_START = time.time()


def pytest_terminal_summary(terminalreporter) -> None:
    """Print the page timings measured by the browser test (cold = first visit after start)."""
    import json

    if not TIMINGS.exists() or TIMINGS.stat().st_mtime < _SESSION_START:
        return  # not measured in this run
    rows = json.loads(TIMINGS.read_text())
    terminalreporter.section("Chromium: navigation → all charts visible (ms)")
    for page, t in rows.items():
        terminalreporter.write_line(f"{page:<24} cold {t['cold_ms']:>6.0f}   warm {t['warm_ms']:>6.0f}")
