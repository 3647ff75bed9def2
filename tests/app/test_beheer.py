"""Beheer (issue 12, item 10): add users, change roles, disable an account and reset a password
from the page, each audited; the last beheer account cannot remove, disable or demote itself;
the audit log is filterable and its columns fit the page at 1400 px."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import audit, auth
from tests.app.conftest import APP
from tests.fixtures import copy_data

PASSWORD = "een-lang-wachtwoord-1"


@pytest.fixture
def admin(built_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data folder with one beheer account, ``baas``, and its users file."""
    monkeypatch.setenv("MECHELEN_DATA_DIR", str(copy_data(built_data, tmp_path / "data")))
    users = tmp_path / "accounts" / "users.json"
    users.parent.mkdir()
    monkeypatch.setenv("MECHELEN_USERS_FILE", str(users))
    monkeypatch.setenv("MECHELEN_SESSION_SECRET", "b" * 40)
    monkeypatch.delenv("MECHELEN_DEV_ROLE", raising=False)
    auth.add_user("baas", "beheer", PASSWORD)
    return users


def beheer_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["rol"], at.session_state["gebruiker"] = "beheer", "baas"
    at.switch_page("pages/beheer.py")
    return at.run()


def press(at: AppTest, label: str) -> AppTest:
    """Submit a form: 'Toevoegen', or a change chosen in the 'Account wijzigen' form."""
    if label != "Toevoegen":
        at.radio[0].set_value(label)
        label = "Uitvoeren"
    return next(b for b in at.button if b.label == label).click().run()


def audit_lines(users: Path) -> list[dict]:
    return [json.loads(line) for line in (users.parent / "accounts_audit.jsonl").read_text().splitlines()]


def test_accounts_are_managed_from_the_page_and_audited(admin: Path):
    at = beheer_page()
    at.text_input[0].input("an.analist")
    at.selectbox[0].select("analist")
    at.text_input[1].input(PASSWORD)
    at = press(at, "Toevoegen")
    assert not at.exception and not at.error
    assert auth.load_accounts()["an.analist"].role == "analist"
    assert any("an.analist" in s.value for s in at.success)

    at.selectbox[1].select("an.analist")
    at.selectbox[2].select("bestuur")
    at = press(at, "Rol wijzigen")
    assert auth.load_accounts()["an.analist"].role == "bestuur"

    at.selectbox[1].select("an.analist")
    at.text_input[2].input("een-nieuw-wachtwoord-2")
    at = press(at, "Wachtwoord herstellen")
    assert auth.verify("an.analist", "een-nieuw-wachtwoord-2") is not None
    assert auth.verify("an.analist", PASSWORD) is None

    at.selectbox[1].select("an.analist")
    at = press(at, "Uitschakelen")
    assert auth.load_accounts()["an.analist"].disabled
    assert auth.verify("an.analist", "een-nieuw-wachtwoord-2") is None  # a disabled account cannot log in

    at.selectbox[1].select("an.analist")
    at.checkbox[0].check()
    at = press(at, "Verwijderen")
    assert "an.analist" not in auth.load_accounts()

    lines = audit_lines(admin)
    assert [line["actie"] for line in lines] == ["toegevoegd", "rol", "wachtwoord", "uitgeschakeld", "verwijderd"]
    assert {line["gebruiker"] for line in lines} == {"baas"} and {line["account"] for line in lines} == {"an.analist"}
    assert PASSWORD not in (admin.parent / "accounts_audit.jsonl").read_text()
    table = at.dataframe[-1].value  # the audit log on the page shows them, with the publications
    assert "account verwijderd" in set(table["Actie"]) and "opbouw uit documenten" in set(table["Actie"])


def test_the_last_beheer_account_cannot_remove_disable_or_demote_itself(admin: Path):
    at = beheer_page()
    at.selectbox[1].select("baas")
    at.selectbox[2].select("analist")
    at = press(at, "Rol wijzigen")
    assert any("laatste actieve beheer-account" in e.value for e in at.error)
    at.selectbox[1].select("baas")
    at = press(at, "Uitschakelen")
    assert any("laatste actieve beheer-account" in e.value for e in at.error)
    at.selectbox[1].select("baas")
    at.checkbox[0].check()
    at = press(at, "Verwijderen")
    assert any("laatste actieve beheer-account" in e.value for e in at.error)
    baas = auth.load_accounts()["baas"]
    assert baas.role == "beheer" and not baas.disabled
    assert not (admin.parent / "accounts_audit.jsonl").exists()  # nothing happened, nothing audited
    # with a second administrator, the first may step down
    auth.add_user("tweede", "beheer", PASSWORD)
    at = at.run()
    at.selectbox[1].select("baas")
    at.selectbox[2].select("analist")
    at = press(at, "Rol wijzigen")
    assert not at.error, [e.value for e in at.error]
    assert auth.load_accounts()["baas"].role == "analist"


def test_audit_log_filters_by_user_dataset_action_and_period(admin: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(auth, "current_role", lambda: "beheer")
    log = audit.table()
    assert not log.empty and (log["Actie"] == "opbouw uit documenten").all()
    one = log["Dataset of account"].iloc[0]
    assert set(audit.filtered(log, subjects=[one])["Dataset of account"]) == {one}
    assert audit.filtered(log, users=["niemand"]).empty
    assert audit.filtered(log, actions=["account toegevoegd"]).empty
    today = dt.datetime.now(audit.BRUSSELS).date()
    assert len(audit.filtered(log, period=(today, today))) == len(log)
    assert audit.filtered(log, period=(dt.date(2000, 1, 1), dt.date(2000, 12, 31))).empty


def test_audit_filter_on_the_page(admin: Path):
    at = beheer_page()
    before = len(at.dataframe[-1].value)
    dataset = sorted(at.dataframe[-1].value["Dataset of account"])[0]
    at.multiselect[1].select(dataset).run()
    shown = at.dataframe[-1].value
    assert 0 < len(shown) < before and set(shown["Dataset of account"]) == {dataset}


def test_audit_columns_fit_the_page_at_1400_px(admin: Path):
    """At 1400 px the table next to the sidebar is 940 px wide (measured in Chromium:
    the sidebar takes 300 px and the page padding 2 × 80 px: the table is 940 px), so every column is in view."""
    at = beheer_page()
    config = json.loads(at.dataframe[-1].proto.columns)
    widths = {name: config[name].get("width") for name in audit.COLUMNS}
    assert all(isinstance(w, int) for w in widths.values()), widths
    assert sum(widths[c] for c in audit.COLUMNS) <= 1400 - 300 - 2 * 80
