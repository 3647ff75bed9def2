"""Load: many browser sessions at once against one server, each opening every page the role
'beheer' sees. Every page renders (ready, its charts drawn, no exception), the server log stays
clean, and the server's memory is bounded and does not grow with a second wave of sessions
(a per-session leak would). 2 sessions per wave in the normal suite, 20 with MECHELEN_HEAVY_TESTS=1
(8 sessions took 277 s per wave on the two shared cores of the test machine: too slow for every run)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from pathlib import Path

import pytest

from tests.e2e import harness
from tests.e2e.conftest import require_chromium
from tests.e2e.harness import CHARTS, CHARTS_FADED_IN, PAGES, READY
from tests.hostile import heavy_or

pytestmark = pytest.mark.e2e

SESSIONS = heavy_or(2, 20)
# Every page of 'beheer' → (charts, a text that must be on it).
BEHEER_PAGES = {
    **{path: (charts, texts[0]) for path, (charts, texts) in PAGES.items()},
    "opladen": (0, "Gegevens opladen"),
    "beheer": (0, "Gebruikers en auditlog"),
}
MAX_RSS_MB = 1536  # after a wave; measured idle 70 MB, 8 sessions 258 → 262 MB, 20 sessions 268 → 272 MB
MAX_GROWTH_MB = 150  # a second, identical wave may not cost this much more
TIMEOUT_MS = heavy_or(180_000, 900_000)  # many sessions on two busy cores


async def _session(browser, url: str) -> list[str]:
    """One visitor opening every page in turn; what went wrong (empty when nothing did)."""
    from playwright.async_api import expect

    context = await browser.new_context(viewport={"width": 1400, "height": 1600}, locale="nl-BE")
    context.set_default_timeout(TIMEOUT_MS)  # also for navigation: the first loads queue behind each other
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    try:
        for path, (charts, text) in BEHEER_PAGES.items():
            await page.goto(f"{url}/{path}")
            await expect(page.locator(READY)).to_be_visible(timeout=TIMEOUT_MS)
            await expect(page.locator(CHARTS)).to_have_count(charts, timeout=TIMEOUT_MS)
            if charts:
                await page.wait_for_function(CHARTS_FADED_IN, timeout=TIMEOUT_MS)
            await expect(page.locator('[data-testid="stMain"]')).to_contain_text(text, timeout=TIMEOUT_MS)
            if await page.locator('[data-testid="stException"]').count():
                errors.append(f"/{path}: exception on the page")
    except Exception as exc:  # a timeout or navigation failure: reported with the others
        errors.append(f"{page.url}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    finally:
        await context.close()
    return errors


async def _waves(url: str, pid: int, sessions: int) -> tuple[list[float], list[float], list[str]]:
    from playwright.async_api import async_playwright

    rss, seconds, errors = [], [], []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=harness.CHROMIUM, args=harness.CHROMIUM_ARGS)
        for _wave in range(2):
            started = time.monotonic()
            results = await asyncio.gather(*(_session(browser, url) for _ in range(sessions)))
            seconds.append(time.monotonic() - started)
            errors += [e for r in results for e in r]
            await asyncio.sleep(2)  # let the server notice the closed sessions
            rss.append(harness.rss_mb(pid))
        await browser.close()
    return rss, seconds, errors


def test_concurrent_sessions_render_every_page_with_bounded_memory(built_data: Path, tmp_path: Path):
    require_chromium()
    log = tmp_path / "streamlit.log"
    try:
        with harness.running_server(harness.SERVED, log, harness.app_env(built_data, "beheer")) as (
            url,
            proc,
        ):
            idle = harness.rss_mb(proc.pid)
            # in a thread of its own: the sync Playwright of the other browser tests holds this one's loop
            with concurrent.futures.ThreadPoolExecutor(1) as pool:
                rss, seconds, errors = pool.submit(asyncio.run, _waves(url, proc.pid, SESSIONS)).result()
    except harness.ServerError as exc:  # an error or traceback in the server log
        pytest.fail(str(exc))
    print(
        f"{SESSIONS} sessions × {len(BEHEER_PAGES)} pages, two waves: {seconds[0]:.0f} s and {seconds[1]:.0f} s; "
        f"server RSS idle {idle:.0f} MB, after wave 1 {rss[0]:.0f} MB, after wave 2 {rss[1]:.0f} MB"
    )
    assert not errors, f"{len(errors)} failures:\n" + "\n".join(errors[:20])
    assert max(rss) < MAX_RSS_MB
    assert rss[1] - rss[0] < MAX_GROWTH_MB, f"server memory grew from {rss[0]:.0f} to {rss[1]:.0f} MB"
