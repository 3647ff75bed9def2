"""One kaleido (Chromium) session per process, to draw the report's charts as SVG.

Starting that browser costs about 2 s, so the session stays open (its own thread with an event loop;
calls from any thread are serialised) and is restarted if it fails. MathJax is off, so nothing is
fetched from a CDN; plotly.js comes from the plotly package. This module imports little, so the CLI
can start the browser before it imports the rest of the app.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import os
import threading
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
START_TIMEOUT_S = 60
RENDER_TIMEOUT_S = 30


class RenderError(RuntimeError):
    """The charts could not be drawn (no Chromium, or it did not answer)."""


class ChartServer:
    """One kaleido (Chromium) session for the whole process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido = None
        self._warming = False

    @property
    def running(self) -> bool:
        return self._loop is not None or self._warming

    def warm_up(self) -> None:
        """Start the browser (and import WeasyPrint) in the background, without waiting: the CLI calls
        this first, so the start overlaps its imports and queries. (The app does not: a page view
        should not start a browser that most visitors never use; the first click waits for it.)"""
        if self._loop is not None or self._warming:
            return
        self._warming = True
        threading.Thread(target=self._warm, name="kaleido-start", daemon=True).start()

    def _warm(self) -> None:
        try:
            with self._lock:
                if self._loop is None:
                    with contextlib.suppress(RenderError):  # tried again, and reported, when a chart is drawn
                        self._start()
            import weasyprint  # noqa: F401  (its import is ~0,4 s of a first report)
        finally:
            self._warming = False

    def _start(self) -> None:
        import kaleido  # imported here: only a process that makes a report pays for it

        pipe_log = logging.getLogger("choreographer.channels.pipe")
        if self._quiet_when_closed not in pipe_log.filters:
            pipe_log.addFilter(self._quiet_when_closed)

        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, name="kaleido", daemon=True).start()

        async def open_session():
            options = {"path": CHROMIUM} if Path(CHROMIUM).exists() else {}
            session = kaleido.Kaleido(n=1, mathjax=False, timeout=RENDER_TIMEOUT_S, **options)
            await session.__aenter__()
            return session

        try:
            self._kaleido = asyncio.run_coroutine_threadsafe(open_session(), loop).result(START_TIMEOUT_S)
        except Exception as exc:
            loop.call_soon_threadsafe(loop.stop)
            raise RenderError(f"Chromium voor de grafieken start niet ({CHROMIUM}): {exc}") from exc
        self._loop = loop

    def _quiet_when_closed(self, record: logging.LogRecord) -> bool:
        """Chromium may leave half a message in its pipe as it closes; choreographer then logs a
        JSONError with its traceback. Dropped only while no session is open (closing, or closed)."""
        return self._loop is not None or "JSONError" not in record.getMessage()

    def _stop(self) -> None:
        loop, session = self._loop, self._kaleido
        self._loop = self._kaleido = None
        if loop is None:
            return
        with contextlib.suppress(Exception):  # a session that already failed: stop its loop all the same
            asyncio.run_coroutine_threadsafe(session.__aexit__(None, None, None), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)

    def close(self) -> None:
        with self._lock:
            self._stop()

    def svg(self, fig: Any, width: int, height: int) -> str:
        """The figure as an SVG document; one retry with a fresh browser if the session failed."""
        spec = fig.to_dict()
        with self._lock:
            for attempt in (1, 2):
                if self._loop is None:
                    self._start()
                future = asyncio.run_coroutine_threadsafe(
                    self._kaleido.calc_fig(spec, opts={"format": "svg", "width": width, "height": height}),
                    self._loop,
                )
                try:
                    return future.result(RENDER_TIMEOUT_S).decode("utf-8")
                except Exception as exc:  # a timeout (concurrent.futures.TimeoutError) or the browser's error
                    future.cancel()
                    self._stop()
                    if attempt == 2:
                        raise RenderError(f"grafiek niet getekend: {exc}") from exc
        raise AssertionError("unreachable")


CHARTS = ChartServer()
atexit.register(CHARTS.close)
