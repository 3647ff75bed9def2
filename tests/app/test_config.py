"""Configuration that must hold before the app serves anyone: production mode refuses an unsafe
set-up (demo accounts, no or a placeholder OIDC cookie secret, XSRF off), and the installed
Streamlit is the one with the security fixes the app relies on (>= 1.54, pinned as such)."""

from __future__ import annotations

import ast
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
import streamlit as st
from streamlit import config as st_config

from dashboard import auth
from tests.app.conftest import open_page

ROOT = Path(__file__).resolve().parents[2]
MINIMUM_STREAMLIT = (1, 54)


def _release(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)[:2])


def test_installed_streamlit_is_at_least_1_54():
    assert _release(version("streamlit")) >= MINIMUM_STREAMLIT


def test_pyproject_pins_streamlit_at_least_1_54():
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pin = next(d for d in dependencies if re.match(r"streamlit\b", d))
    minimum = re.search(r">=\s*([\d.]+)", pin)
    assert minimum and _release(minimum.group(1)) >= MINIMUM_STREAMLIT, pin


@pytest.mark.parametrize(
    ("secret", "refused"),
    [(None, True), ("kort", True), ("vervang-dit-door-een-geheim-van-minstens-32-tekens", True), ("x" * 40, False)],
    ids=["missing", "short", "placeholder", "good"],
)
def test_production_refuses_a_missing_or_weak_cookie_secret(
    data_env: Path, monkeypatch: pytest.MonkeyPatch, secret: str | None, refused: bool
):
    section = {"client_id": "mechelen"} | ({"cookie_secret": secret} if secret else {})
    monkeypatch.setattr(auth, "oidc_configured", lambda: True)
    monkeypatch.setattr(st, "secrets", {"auth": section})
    monkeypatch.delenv("MECHELEN_ENV", raising=False)
    assert auth.production_problems() == []  # outside production nothing is refused
    monkeypatch.setenv("MECHELEN_ENV", "production")
    message = "[auth] cookie_secret ontbreekt of is te kort (minstens 32 tekens)"
    assert auth.production_problems() == ([message] if refused else [])


def test_app_does_not_serve_in_production_with_xsrf_off(data_env: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MECHELEN_ENV", "production")
    monkeypatch.delenv("MECHELEN_DEV_ROLE", raising=False)
    before = st_config.get_option("server.enableXsrfProtection")
    st_config.set_option("server.enableXsrfProtection", False)
    try:
        at = open_page("open_data", role="publiek")
    finally:
        st_config.set_option("server.enableXsrfProtection", before)
    assert any("XSRF-bescherming staat uit" in e.value for e in at.error)
    assert not at.title  # nothing of the app is served


def _bare_expressions(source: str) -> list[int]:
    """Lines of statements that Streamlit's magic would write to the page: a bare expression that is
    not a call, nor a docstring."""
    found = []
    for node in ast.walk(ast.parse(source)):
        for body in (getattr(node, attr, None) for attr in ("body", "orelse", "finalbody")):
            for i, statement in enumerate(body if isinstance(body, list) else []):
                if isinstance(statement, ast.Expr) and not isinstance(statement.value, ast.Call):
                    docstring = i == 0 and isinstance(statement.value, ast.Constant)
                    if not (docstring and isinstance(statement.value.value, str)):
                        found.append(statement.lineno)
    return found


def test_magic_is_off_and_no_page_relies_on_it():
    """Magic costs each visit a rewrite of the page (.streamlit/config.toml); with it off, a bare
    expression would silently show nothing."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["magicEnabled"] is False
    assert _bare_expressions('"doc"\nx = 1\nx\nif x:\n    st.write(x)\n    x + 1\n') == [3, 6]  # the check finds them
    scripts = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
    assert {s.name: lines for s in scripts if (lines := _bare_expressions(s.read_text()))} == {}
