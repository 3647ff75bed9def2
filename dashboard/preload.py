"""Module preloads in a page's HTML. Streamlit's frontend loads the code of an element kind (a list,
a button, a chart…) only once that element's message has arrived, after the browser has connected;
React then shows the page's widgets together, once the slowest of those chunks is there. Named in the
HTML (``<link rel="modulepreload">``, as Streamlit's own index.html names its main chunks), they load
while the browser connects. Served by :mod:`dashboard.serve` (``make run``)."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import streamlit as st

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# The pages (URL paths) that draw Plotly charts: app.py marks them, the HTML preloads Plotly's code for
# them. The start page ("") too: the public's start page is Open data.
CHART_PATHS = frozenset(
    [
        "",
        "open_data",
        "tijdlijn",
        "bevolking",
        "personeel",
        "organisatiebeheersing",
        "beleid",
        "indicatoren",
        "kaart",
        "spreiding",
    ]
)
# Element kinds (chunk names without their hash) on most pages: the menu and the tiles (Html), text,
# lists, buttons, the report's download and a search box.
COMMON_CHUNKS = ("Html", "StreamlitMarkdown", "Selectbox", "Button", "DownloadButton", "TextInput")
CHART_CHUNK = "PlotlyChart"
_NOT_A_PAGE = ("/static/", "/_stcore/", "/media/", "/component/", "/app/static/", "/favicon")


@functools.cache
def chunk_file(name: str) -> str | None:
    """The file of Streamlit's chunk ``name`` (``PlotlyChart.<hash>.js``), None unless there is exactly one."""
    found = list((Path(st.__file__).parent / "static" / "static" / "js").glob(f"{name}.*.js"))
    return found[0].name if len(found) == 1 else None


@functools.cache
def preload_links(charts: bool) -> bytes:
    names = COMMON_CHUNKS + ((CHART_CHUNK,) if charts else ())
    files = [f for f in map(chunk_file, names) if f is not None]
    return "".join(f'<link rel="modulepreload" crossorigin href="./static/js/{f}">' for f in files).encode()


def with_preloads(html: bytes, path: str) -> bytes:
    """The HTML of the page at ``path`` with its preloads at the end of its head (unchanged
    without a head). The page is the path's last part (also under a server base path)."""
    at = html.find(b"</head>")
    if at < 0:
        return html
    return html[:at] + preload_links(path.rstrip("/").rsplit("/", 1)[-1] in CHART_PATHS) + html[at:]


class ChunkPreload:
    """ASGI middleware: a page's HTML (a GET that is not for a file, an API or a websocket) gets
    :func:`with_preloads`; everything else passes untouched. The page is asked for uncompressed
    (a few kB), so its HTML can be changed; files keep their compression."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope.get("method") != "GET" or any(p in path for p in _NOT_A_PAGE):
            await self.app(scope, receive, send)
            return
        scope = {**scope, "headers": [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]}
        start: Message | None = None
        body: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] != "http.response.body" or start is None:
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            content, headers = b"".join(body), list(start.get("headers", []))
            if any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers):
                content = with_preloads(content, path)
                headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(content)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": content})

        await self.app(scope, receive, capture)
