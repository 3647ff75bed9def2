"""A real Streamlit server and Debian's Chromium, driven by Playwright (no browser download)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "output" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
READY = '[data-testid="stApp"][data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_app(data_dir: Path, log: Path, role: str | None = "beheer") -> Iterator[str]:
    """A Streamlit server for the app on a free port, on ``data_dir``; yields its URL.

    ``role`` is what every session gets without logging in (MECHELEN_DEV_ROLE); None = anonymous."""
    port = _free_port()
    env = {**os.environ, "MECHELEN_DATA_DIR": str(data_dir)}
    env.pop("MECHELEN_DEV_ROLE", None)
    if role:
        env["MECHELEN_DEV_ROLE"] = role
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
                if resp.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"Streamlit did not start:\n{log.read_text()}")
        time.sleep(0.2)  # polling a server that is starting, not waiting on the page
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    errors = [line for line in log.read_text().splitlines() if "Traceback" in line or "Error" in line]
    assert not errors, "server log has errors:\n" + "\n".join(errors)


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


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run installs it with apt")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 2000}, locale="nl-BE", accept_downloads=True)
    pg = context.new_page()
    yield pg
    context.close()


def wait_ready(page) -> None:
    from playwright.sync_api import expect

    expect(page.locator(READY)).to_be_visible(timeout=60_000)


def wait_charts(page, expected: int) -> None:
    """Until every Plotly chart is drawn and fully faded in (Streamlit fades elements in)."""
    from playwright.sync_api import expect

    charts = page.locator('[data-testid="stPlotlyChart"]')
    expect(charts).to_have_count(expected, timeout=60_000)
    for i in range(expected):
        expect(charts.nth(i).locator(".main-svg").first).to_be_attached(timeout=60_000)
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(el => {
            for (let n = el; n; n = n.parentElement) if (getComputedStyle(n).opacity !== '1') return false;
            return el.querySelector('.main-svg') !== null; })""",
        timeout=60_000,
    )


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
