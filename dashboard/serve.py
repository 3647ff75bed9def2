"""The app as served: Streamlit's own ASGI app (``st.App``) around the router (app.py), with one
middleware that names the frontend's chunks every page needs in the page's HTML, so the browser
loads them while it connects (see :class:`ChunkPreload`)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from dashboard.preload import ChunkPreload

ROUTER = Path(__file__).resolve().parent.parent / "app.py"

app = st.App(str(ROUTER), middleware=[Middleware(ChunkPreload)])
