"""A real Streamlit server and Debian's Chromium, usable from tests and from ``make bench``.

Nothing here depends on pytest: a failure raises :class:`ServerError`, which the test fixtures
turn into a test failure and the benchmarks into a failed section."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVED = ROOT / "dashboard" / "serve.py"  # the app as `make run` serves it: app.py inside st.App
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
# The dashboard pages as the browser tests and the page benchmarks visit them:
# path → (number of charts, texts that must be on the page)
PAGES = {
    "": (0, ["86.194", "253,75", "73", "113 / 50", "Peildatum en publicatie"]),
    "bevolking": (1, ["86.194", "129", "33,3%", "+2.368", "+4.674"]),
    "personeel": (1, ["253,75", "93,47", "Sociale dienst"]),
    "organisatiebeheersing": (1, ["Realisaties (unieke punten)", "113", "50", "Organisatiecultuur"]),
    "beleid": (1, ["73 aanbevelingen", "Werk professioneel"]),
    "open_data": (1, ["86.194", "Modellicentie", "Tijdlijn"]),
    "catalogus": (0, ["Kerncijfers over bevolking", "Download"]),
    "tijdlijn": (1, ["Tijdlijn", "Jaar afgeleid", "40"]),
}
MENU = "nav.mc-nav"  # the page menu in the sidebar (dashboard/navigation.py)
READY = '[data-testid="stApp"][data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]'


CHARTS = '[data-testid="stPlotlyChart"]'
# True once every Plotly chart is drawn and fully faded in (Streamlit fades elements in).
CHARTS_FADED_IN = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(el => {
    for (let n = el; n; n = n.parentElement) if (getComputedStyle(n).opacity !== '1') return false;
    return el.querySelector('.main-svg') !== null; })"""


def rss_mb(pid: int) -> float:
    """Resident memory of a process now (VmRSS), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise ServerError(f"no VmRSS for process {pid}")


class ServerError(RuntimeError):
    """The Streamlit server did not start, or logged an error."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_errors(log: Path) -> list[str]:
    return [line for line in log.read_text().splitlines() if "Traceback" in line or "Error" in line]


@contextlib.contextmanager
def running_server(
    script: Path, log: Path, env: dict[str, str] | None = None, check_log: bool = True
) -> Iterator[tuple[str, subprocess.Popen]]:
    """``streamlit run script`` on a free port; yields its URL and process. With ``check_log``, an
    error in the server log fails the block when it ends."""
    port = free_port()
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log.open("w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env or dict(os.environ), stdout=out, stderr=subprocess.STDOUT)
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
            raise ServerError(f"Streamlit did not start:\n{log.read_text()}")
        time.sleep(0.2)  # polling a server that is starting, not waiting on the page
    try:
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    if check_log and (errors := server_errors(log)):
        raise ServerError("server log has errors:\n" + "\n".join(errors))


def app_env(data_dir: Path, role: str | None = "beheer") -> dict[str, str]:
    """The environment for the app on ``data_dir``; ``role`` is what every session gets without
    logging in (MECHELEN_DEV_ROLE); None = anonymous."""
    env = {**os.environ, "MECHELEN_DATA_DIR": str(data_dir)}
    env.pop("MECHELEN_DEV_ROLE", None)
    if role:
        env["MECHELEN_DEV_ROLE"] = role
    return env


@contextlib.contextmanager
def running_app(data_dir: Path, log: Path, role: str | None = "beheer") -> Iterator[str]:
    """The app's server on ``data_dir``; yields its URL."""
    with running_server(SERVED, log, app_env(data_dir, role)) as (url, _proc):
        yield url


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def wait_ready(page, timeout_ms: int = 60_000) -> None:
    from playwright.sync_api import expect

    expect(page.locator(READY)).to_be_visible(timeout=timeout_ms)


def wait_charts(page, expected: int, timeout_ms: int = 60_000) -> None:
    """Until every Plotly chart is drawn and fully faded in (Streamlit fades elements in)."""
    from playwright.sync_api import expect

    charts = page.locator(CHARTS)
    expect(charts).to_have_count(expected, timeout=timeout_ms)
    for i in range(expected):
        expect(charts.nth(i).locator(".main-svg").first).to_be_attached(timeout=timeout_ms)
    page.wait_for_function(CHARTS_FADED_IN, timeout=timeout_ms)
