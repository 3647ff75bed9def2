"""The module preloads in a page's HTML (dashboard/preload.py): which chunks a page names, and the
middleware that adds them to pages only, leaving every other response as it was."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from dashboard.preload import CHART_CHUNK, COMMON_CHUNKS, ChunkPreload, chunk_file, with_preloads

PAGE = b"<!doctype html><html><head><title>Mechelen</title></head><body></body></html>"


def named(html: bytes, chunk: str) -> bool:
    return f'rel="modulepreload" crossorigin href="./static/js/{chunk_file(chunk)}"'.encode() in html


def test_every_chunk_named_exists_in_this_streamlit() -> None:
    assert all(chunk_file(name) for name in (*COMMON_CHUNKS, CHART_CHUNK))


def test_a_chart_page_also_preloads_plotly_and_a_page_without_charts_does_not() -> None:
    beleid, catalogus = with_preloads(PAGE, "/beleid"), with_preloads(PAGE, "/catalogus")
    assert all(named(beleid, c) and named(catalogus, c) for c in COMMON_CHUNKS)
    assert named(beleid, CHART_CHUNK) and not named(catalogus, CHART_CHUNK)
    assert named(with_preloads(PAGE, "/mechelen/beleid/"), CHART_CHUNK)  # under a server base path
    assert beleid.index(b"modulepreload") < beleid.index(b"</head>")


def test_html_without_a_head_is_left_alone() -> None:
    assert with_preloads(b"<p>geen kop</p>", "/beleid") == b"<p>geen kop</p>"


class Headers(dict):
    """Response headers by name, and as sent (``raw``: a name may come twice)."""

    def __init__(self, raw: list[tuple[bytes, bytes]]) -> None:
        super().__init__(raw)
        self.raw = [k for k, _ in raw]


def served(path: str, content_type: bytes, body: bytes, headers: list | None = None) -> tuple[Headers, bytes, list]:
    """What the middleware sends for a GET of ``path`` to an app that answers ``body``; and the
    request headers the app saw."""
    seen: list = []

    async def app(scope, receive, send):
        seen.extend(scope["headers"])
        length = str(len(body)).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", content_type), (b"content-length", length)],
            }
        )
        await send({"type": "http.response.body", "body": body[:10], "more_body": True})
        await send({"type": "http.response.body", "body": body[10:]})

    sent: list = []

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": path, "headers": headers or []}
    with ThreadPoolExecutor(1) as thread:  # a loop of its own: the browser tests' sync Playwright runs one here
        thread.submit(asyncio.run, ChunkPreload(app)(scope, None, send)).result()
    start = next(m for m in sent if m["type"] == "http.response.start")
    body_sent = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return Headers(start["headers"]), body_sent, seen


def test_the_middleware_adds_the_preloads_to_a_page_with_its_length() -> None:
    headers, body, seen = served("/beleid", b"text/html; charset=utf-8", PAGE, [(b"accept-encoding", b"gzip")])
    assert named(body, CHART_CHUNK)
    assert headers[b"content-length"] == str(len(body)).encode()
    assert sum(k == b"content-length" for k in headers.raw) == 1  # the old length is gone
    assert (b"accept-encoding", b"gzip") not in seen  # asked uncompressed, to be changed


def test_the_middleware_leaves_files_and_other_answers_as_they_are() -> None:
    script = b"console.log('Plotly');" * 5
    for path, content_type, body in (
        ("/static/js/index.js", b"application/javascript", script),
        ("/_stcore/health", b"text/plain", b"ok"),
        ("/beleid", b"application/json", b'{"a": 1}'),
    ):
        headers, sent, seen = served(path, content_type, body, [(b"accept-encoding", b"gzip")])
        assert sent == body and headers[b"content-length"] == str(len(body)).encode()
        if path.startswith(("/static/", "/_stcore/")):
            assert (b"accept-encoding", b"gzip") in seen
