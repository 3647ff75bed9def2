"""Links that keep the user (issue 12, item 6): a local login survives a reload through a signed,
expiring, revocable token, and a link opened before logging in returns to itself, filters included."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dashboard import auth, sessions
from tests.app.conftest import metrics, open_page
from tests.app.test_auth import login


@pytest.fixture
def accounts(data_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    users = tmp_path / "users.json"
    monkeypatch.setenv("MECHELEN_USERS_FILE", str(users))
    monkeypatch.setenv("MECHELEN_SESSION_SECRET", "t" * 40)
    monkeypatch.delenv("MECHELEN_DEV_ROLE", raising=False)
    auth.add_user("an.analist", "analist", "een-lang-wachtwoord-1")
    return users


def reload_with(token: str | None, monkeypatch: pytest.MonkeyPatch, page: str = "aanmelden"):
    """A new browser session (a reload) that sends this login cookie."""
    monkeypatch.setattr(sessions, "cookie_value", lambda: token)
    return open_page(page, role="publiek")


def test_token_is_signed_and_expires(accounts: Path, monkeypatch: pytest.MonkeyPatch):
    token = sessions.issue("an.analist", 0)
    assert sessions.read(token) == ("an.analist", 0)
    signature = token.split(".")[1]
    forged = sessions._b64(b'{"u":"an.analist","v":0,"exp":9999999999}')
    assert sessions.read(f"{forged}.{signature}") is None  # a changed payload fails the signature
    assert sessions.read(token, now=time.time() + sessions.max_age() + 1) is None  # expired
    monkeypatch.setenv("MECHELEN_SESSION_SECRET", "u" * 40)
    assert sessions.read(token) is None  # another secret, another signature


def test_login_survives_a_reload_until_logout_revokes_it(accounts: Path, monkeypatch: pytest.MonkeyPatch):
    at = login(open_page("aanmelden", role="publiek"), "an.analist", "een-lang-wachtwoord-1")
    scripts = [h.proto.body for h in at.get("html")]
    token = next(s for s in scripts if "mic_sessie=" in s).split("mic_sessie=")[1].split(";")[0]
    assert sessions.read(token) == ("an.analist", 0)  # the login wrote its token to the cookie
    assert reload_with(None, monkeypatch).title[0].value == "Aanmelden"
    assert not reload_with(None, monkeypatch).success  # no cookie: not logged in
    again = reload_with(token, monkeypatch, "opladen")
    assert [t.value for t in again.title] == ["Gegevens opladen"]  # the cookie restores the login
    assert reload_with("rommel.xyz", monkeypatch, "opladen").title[0].value == "Aanmelden"
    at = reload_with(token, monkeypatch)
    next(b for b in at.button if b.label == "Afmelden").click().run()
    assert reload_with(token, monkeypatch, "opladen").title[0].value == "Aanmelden"  # revoked everywhere


def test_disabling_an_account_ends_its_logins(accounts: Path, monkeypatch: pytest.MonkeyPatch):
    token = sessions.issue("an.analist", 0)
    at = reload_with(token, monkeypatch, "opladen")
    assert at.title[0].value == "Gegevens opladen"
    auth.update_account("an.analist", disabled=True)
    at.run()  # the open session ends at its next run
    assert at.title[0].value == "Aanmelden"
    assert reload_with(token, monkeypatch, "opladen").title[0].value == "Aanmelden"
    assert auth.verify("an.analist", "een-lang-wachtwoord-1") is None


def test_link_opened_before_login_returns_to_itself_with_its_filters(accounts: Path):
    at = open_page("personeel", role="publiek", afdeling="Burgerzaken")
    assert [t.value for t in at.title] == ["Aanmelden"]  # the login at that URL, no "Page not found"
    assert not metrics(at)  # nothing of the page itself
    at = login(at, "an.analist", "een-lang-wachtwoord-1")
    assert not at.exception
    assert [t.value for t in at.title] == ["Personeel"]
    assert at.selectbox(key="personeel.afdeling").value == "Burgerzaken"


def test_production_refuses_a_missing_session_secret(data_env: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MECHELEN_ENV", "production")
    monkeypatch.delenv("MECHELEN_SESSION_SECRET", raising=False)
    assert any("sessiegeheim" in p for p in auth.production_problems())
    monkeypatch.setenv("MECHELEN_SESSION_SECRET", "vervang-door-een-lange-willekeurige-tekenreeks")
    assert any("sessiegeheim" in p for p in auth.production_problems())
    monkeypatch.setenv("MECHELEN_SESSION_SECRET", "x" * 40)
    assert not any("sessiegeheim" in p for p in auth.production_problems())


def test_a_remembered_target_grants_nothing(accounts: Path):
    """After login the user is sent only to a page their role has: a remembered name of another
    page leaves them where they are."""
    from dashboard.login import TARGET

    auth.add_user("een.bestuurder", "bestuur", "een-lang-wachtwoord-2")
    for target, title in (("beheer", "Aanmelden"), ("personeel", "Personeel")):
        at = open_page("aanmelden", role="publiek")
        at.session_state[TARGET] = {"page": target, "params": {"afdeling": ["Burgerzaken"]}}
        at = login(at, "een.bestuurder", "een-lang-wachtwoord-2")
        assert not at.exception
        assert [t.value for t in at.title] == [title], target
        assert TARGET not in at.session_state
