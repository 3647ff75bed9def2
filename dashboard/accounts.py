"""Account administration from the Beheer page: add, change role, disable/enable, reset the
password, remove. Each change is written to an append-only audit file next to the accounts
(who, when, what, which account — never a password), and none may leave the platform without an
enabled ``beheer`` account: the last one cannot remove, disable or demote itself."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from dashboard import auth

ACTIONS = {
    "toegevoegd": "account toegevoegd",
    "rol": "rol gewijzigd",
    "uitgeschakeld": "account uitgeschakeld",
    "ingeschakeld": "account ingeschakeld",
    "wachtwoord": "wachtwoord hersteld",
    "verwijderd": "account verwijderd",
}


def audit_file() -> Path:
    return auth.users_file().parent / "accounts_audit.jsonl"


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """One account change at a time (read, check, write and audit together)."""
    path = auth.users_file().parent / ".accounts.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _audit(action: str, account: str, detail: str = "") -> None:
    entry = {
        "tijd": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "gebruiker": auth.current_user() or "onbekend",
        "actie": action,
        "account": account,
        "detail": detail,
    }
    with audit_file().open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def _existing(name: str) -> auth.Account:
    account = auth.load_accounts().get(name)
    if account is None:
        raise ValueError(f"onbekend account ‘{name}’")
    return account


def _keep_an_administrator(name: str, role: str | None = None, disabled: bool = False, removed: bool = False) -> None:
    """Refuse a change after which no enabled ``beheer`` account would remain."""
    left = [a for a in auth.load_accounts().values() if a.name != name and a.role == "beheer" and not a.disabled]
    stays = not removed and not disabled and (role or _existing(name).role) == "beheer"
    if not left and not stays:
        raise ValueError(
            "dit is het laatste actieve beheer-account: het kan niet verwijderd, uitgeschakeld of lager gezet worden"
        )


def add(name: str, role: str, password: str) -> None:
    auth.require("beheer")
    with _locked():
        if name.strip() in auth.load_accounts():
            raise ValueError(f"het account ‘{name.strip()}’ bestaat al")
        auth.add_user(name.strip(), role, password)
        _audit("toegevoegd", name.strip(), f"rol {role}")


def set_role(name: str, role: str) -> None:
    auth.require("beheer")
    auth.check_role(role)
    with _locked():
        old = _existing(name).role
        if old == role:
            raise ValueError(f"‘{name}’ heeft de rol {role} al")
        _keep_an_administrator(name, role=role)
        auth.update_account(name, role=role)
        _audit("rol", name, f"{old} → {role}")


def set_disabled(name: str, disabled: bool) -> None:
    auth.require("beheer")
    with _locked():
        if _existing(name).disabled == disabled:
            raise ValueError(f"‘{name}’ is al {'uitgeschakeld' if disabled else 'actief'}")
        if disabled:
            _keep_an_administrator(name, disabled=True)
        auth.update_account(name, disabled=disabled)
        _audit("uitgeschakeld" if disabled else "ingeschakeld", name)


def reset_password(name: str, password: str) -> None:
    auth.require("beheer")
    auth.check_password(password)
    with _locked():
        _existing(name)
        auth.update_account(name, password_hash=auth.hash_password(password))
        _audit("wachtwoord", name)


def remove(name: str) -> None:
    auth.require("beheer")
    with _locked():
        _existing(name)
        _keep_an_administrator(name, removed=True)
        auth.remove_account(name)
        _audit("verwijderd", name)


def audit_log() -> pd.DataFrame:
    """The account changes, newest first, in the columns of the publication audit."""
    auth.require("beheer")
    rows = []
    if audit_file().exists():
        for line in audit_file().read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a line torn by a crash
            rows.append(
                {
                    "tijd": entry["tijd"],
                    "gebruiker": entry["gebruiker"],
                    "actie": ACTIONS.get(entry["actie"], entry["actie"]),
                    "onderwerp": f"account {entry['account']}",
                    "detail": entry.get("detail", ""),
                }
            )
    return pd.DataFrame(rows[::-1], columns=["tijd", "gebruiker", "actie", "onderwerp", "detail"])
