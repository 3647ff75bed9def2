"""Logging in: local accounts, the same message for every failure, rate limiting, demo accounts
never in production."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import bcrypt
import pytest

from dashboard import auth
from tests.app.conftest import APP, open_page
from tests.fixtures import copy_data


@pytest.fixture
def accounts(data_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    users = tmp_path / "users.json"
    monkeypatch.setenv("MECHELEN_USERS_FILE", str(users))
    monkeypatch.delenv("MECHELEN_DEV_ROLE", raising=False)
    auth.add_user("an.analist", "analist", "een-lang-wachtwoord-1")
    return users


def login(at, name: str, password: str):
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    return next(b for b in at.button if b.label == "Aanmelden").click().run()


def test_password_is_stored_as_bcrypt_hash(accounts: Path):
    text = accounts.read_text()
    assert "een-lang-wachtwoord-1" not in text and "$2b$" in text
    with pytest.raises(ValueError):
        auth.add_user("kort", "bestuur", "te-kort")
    with pytest.raises(ValueError):
        auth.add_user("demo-x", "bestuur", "een-lang-wachtwoord-2")


def test_login_gives_the_role_and_its_pages(accounts: Path):
    at = open_page("aanmelden", role="publiek")
    at = login(at, "an.analist", "een-lang-wachtwoord-1")
    assert not at.exception
    assert at.session_state["rol"] == "analist"
    at = open_page("opladen", role="publiek")  # a new session: not logged in, so the login
    assert [t.value for t in at.title] == ["Aanmelden"]


def test_failed_login_does_not_say_whether_the_user_exists(accounts: Path):
    wrong_password = login(open_page("aanmelden", role="publiek"), "an.analist", "fout")
    unknown_user = login(open_page("aanmelden", role="publiek"), "niemand", "fout")
    messages = [[e.value for e in at.error] for at in (wrong_password, unknown_user)]
    assert messages[0] == messages[1] == ["Aanmelden mislukt: onbekende gebruikersnaam of fout wachtwoord."]
    assert "rol" not in wrong_password.session_state


def test_unknown_name_costs_as_much_as_a_wrong_password(accounts: Path):
    """An unknown name is checked against a hash of the same bcrypt cost as a stored password's."""
    stored = next(iter(auth.load_accounts().values())).password_hash.encode()
    assert auth._DUMMY_HASH[:7] == stored[:7] == f"$2b${auth.PASSWORD_ROUNDS}$".encode()
    assert bcrypt.checkpw(b"geen-gebruiker", auth._DUMMY_HASH)  # a real hash, not a placeholder


FIRST_RUN = """
import sys
from streamlit.testing.v1 import AppTest
before = set(sys.modules)
at = AppTest.from_file(sys.argv[1], default_timeout=60)
at.switch_page("pages/aanmelden.py")
at.run()
assert not at.exception and [t.value for t in at.title] == ["Aanmelden"], at
print(" ".join(sorted(set(sys.modules) - before)))
"""


@pytest.mark.parametrize("role", [None, "beheer"])
def test_first_script_run_loads_no_data_stack(data_env: Path, role: str | None):
    """Issue 14: the server's first script run (app.py + the login page, anonymous or in test mode)
    imports neither pyarrow, pandas nor numpy, nor PIL (0,1–0,3 s)."""
    env = {k: v for k, v in os.environ.items() if k != "MECHELEN_DEV_ROLE"} | (
        {"MECHELEN_DEV_ROLE": role} if role else {}
    )
    run = subprocess.run([sys.executable, "-c", FIRST_RUN, str(APP)], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    loaded = {m.split(".")[0] for m in run.stdout.split()} | set(run.stdout.split())
    assert not loaded & {"pyarrow", "pandas", "numpy", "PIL"}


def test_failed_logins_are_rate_limited(accounts: Path):
    at = open_page("aanmelden", role="publiek")
    for _ in range(auth.MAX_FAILURES):
        at = login(at, "an.analist", "fout")
    assert any("Te veel mislukte pogingen" in e.value for e in at.error)
    at = login(at, "an.analist", "een-lang-wachtwoord-1")  # even the right password waits now
    assert "rol" not in at.session_state


def test_demo_accounts_refused_in_production(built_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MECHELEN_DATA_DIR", str(copy_data(built_data, tmp_path / "data")))
    made = auth.create_demo_accounts()
    name, (_role, password) = next(iter(made.items()))
    assert auth.verify(name, password) is not None
    monkeypatch.setenv("MECHELEN_ENV", "production")
    assert auth.verify(name, password) is None  # demo accounts do not exist in production
    with pytest.raises(auth.AccessDenied):
        auth.create_demo_accounts()
    at = open_page("open_data", role="publiek")
    assert any("demo-accounts" in e.value for e in at.error)  # and the app refuses to serve
    assert not at.title
    monkeypatch.setenv("MECHELEN_DEV_ROLE", "beheer")
    assert auth.dev_role() is None  # nor does the test role reach production


def test_role_from_oidc_claims():
    mapping = {"emails": {"Data.Team@mechelen.be": "beheer"}, "groups": {"mic-analisten": "analist"}}
    assert auth.role_from_claims("data.team@mechelen.be", [], mapping) == "beheer"
    assert auth.role_from_claims("x@mechelen.be", ["mic-analisten"], mapping) == "analist"
    assert auth.role_from_claims("x@elders.be", ["andere"], mapping) == "publiek"
    assert auth.role_from_claims(None, None, {}) == "publiek"


def test_production_refuses_xsrf_off(data_env: Path, monkeypatch: pytest.MonkeyPatch):
    import streamlit as st

    monkeypatch.setenv("MECHELEN_ENV", "production")
    monkeypatch.setenv("MECHELEN_SESSION_SECRET", "s" * 40)
    assert auth.production_problems() == []
    monkeypatch.setattr(st, "get_option", lambda name: False if name == "server.enableXsrfProtection" else None)
    assert auth.production_problems() == ["XSRF-bescherming staat uit (server.enableXsrfProtection)"]


def test_login_itself_refuses_while_locked(accounts: Path):
    """Not only the disabled button: auth.login refuses the right password during the pause."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(
        """
import time
import streamlit as st
from dashboard import auth
st.session_state["mislukte_pogingen"] = [time.time()] * auth.MAX_FAILURES
st.write(f"ok={auth.login('an.analist', 'een-lang-wachtwoord-1')}")
"""
    ).run()
    assert [m.value for m in at.markdown] == ["ok=False"]
