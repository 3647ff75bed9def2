"""The app as `make run` serves it (dashboard/serve.py): its pages' HTML names the chunks they use,
a chart page also Plotly's; the chunks named are there to fetch; the page still works (the other
browser tests run against the same server)."""

from __future__ import annotations

import re
import urllib.request

import pytest

from dashboard.preload import CHART_CHUNK, chunk_file

pytestmark = pytest.mark.e2e


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=30) as resp:
        return resp.status, resp.read()


def test_pages_name_their_chunks_and_the_chunks_are_served(app_url: str) -> None:
    _, beleid = fetch(f"{app_url}/beleid")
    _, catalogus = fetch(f"{app_url}/catalogus")
    plotly = f"./static/js/{chunk_file(CHART_CHUNK)}".encode()
    assert plotly in beleid and plotly not in catalogus
    for href in re.findall(rb'rel="modulepreload" crossorigin href="\./(static/js/[^"]+)"', beleid):
        status, body = fetch(f"{app_url}/{href.decode()}")
        assert status == 200 and body
