"""Who is looking, and what they may see.

Roles, each including the ones before it: ``publiek`` (anonymous: open data only) < ``bestuur``
(college and M-team: all dashboards) < ``analist`` (+ upload, history, rollback) < ``beheer``
(+ users and audit log).

Two ways to log in, chosen by configuration: OIDC through ``st.login`` when ``.streamlit/secrets.toml``
has an ``[auth]`` section (roles mapped from e-mail or group claims in ``[roles]``), otherwise
local accounts with bcrypt-hashed passwords in ``users.json`` (``python -m dashboard.users add``).
Without any account, ``make run`` creates demo accounts whose passwords it prints once; they are
refused when ``MECHELEN_ENV=production``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import bcrypt
import streamlit as st

from dashboard import sessions
from etl import io
from etl.paths import data_dir
from etl.settings import is_production

if TYPE_CHECKING:
    from etl.catalog import Dataset

ROLES = ("publiek", "bestuur", "analist", "beheer")
ROLE_LABELS = {
    "publiek": "Publiek (niet aangemeld)",
    "bestuur": "Bestuur (college en M-team)",
    "analist": "Analist",
    "beheer": "Beheer",
}
DEMO_PREFIX = "demo-"
MAX_FAILURES = 5  # failed logins per session before a pause
LOCKOUT_SECONDS = 60
log = logging.getLogger("mechelen.auth")

PASSWORD_ROUNDS = 12  # bcrypt's cost factor for every stored password
# A real hash (of "geen-gebruiker", at PASSWORD_ROUNDS) to check unknown names against, so a wrong
# name costs as long as a wrong password. Written out, not made at import: hashing takes 0,2 s of
# the server's first script run (and hashing with a lower cost made an unknown name answer faster).
_DUMMY_HASH = b"$2b$12$MOBOmmrQvUzX5df3JrDB6.eImm3ix7rAOqSG63JFcNOrCmOwW7uuy"


class AccessDenied(PermissionError):
    """A role asked for something it may not see or do."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    password_hash: str
    demo: bool = False
    version: int = 0  # token version: raising it revokes every login token of the account
    disabled: bool = False


def rank(role: str) -> int:
    return ROLES.index(role) if role in ROLES else 0


def users_file() -> Path:
    return Path(os.environ.get("MECHELEN_USERS_FILE") or data_dir() / "users.json")


def demo_file() -> Path:
    return data_dir() / "demo_users.json"


# --- accounts --------------------------------------------------------------------------------------


def _read(path: Path, demo: bool) -> dict[str, Account]:
    if not path.exists():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {
        name: Account(name, entry["role"], entry["hash"], demo, int(entry.get("sessie", 0)), bool(entry.get("uit")))
        for name, entry in raw.items()
        if entry.get("role") in ROLES[1:]
    }


def _write(path: Path, accounts: dict[str, Account]) -> None:
    payload = {
        a.name: {"role": a.role, "hash": a.password_hash, "sessie": a.version} | ({"uit": True} if a.disabled else {})
        for a in accounts.values()
    }
    io.write_bytes_atomic(json.dumps(payload, indent=2, sort_keys=True).encode(), path)
    os.chmod(path, 0o600)


def load_accounts() -> dict[str, Account]:
    """Local accounts, plus the demo accounts outside production."""
    accounts = _read(users_file(), demo=False)
    if not is_production():
        for name, account in _read(demo_file(), demo=True).items():
            accounts.setdefault(name, account)
    return accounts


def hash_password(password: str) -> str:
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds=PASSWORD_ROUNDS)).decode()


def check_role(role: str) -> None:
    if role not in ROLES[1:]:
        raise ValueError(f"onbekende rol {role!r}; kies uit {', '.join(ROLES[1:])}")


def check_password(password: str) -> None:
    if len(password) < 12:
        raise ValueError("wachtwoord: minstens 12 tekens")


def add_user(name: str, role: str, password: str) -> None:
    check_role(role)
    if (
        not name
        or name.startswith(DEMO_PREFIX)
        or not name.replace("-", "").replace(".", "").replace("_", "").isalnum()
    ):
        raise ValueError("gebruikersnaam: letters, cijfers, '.', '-' of '_', niet beginnend met 'demo-'")
    check_password(password)
    accounts = _read(users_file(), demo=False)
    old = accounts.get(name)
    accounts[name] = Account(name, role, hash_password(password), version=old.version + 1 if old else 0)
    _write(users_file(), accounts)


def update_account(name: str, **changes: object) -> Account:
    """Change a stored account (role, password_hash, disabled) and raise its token version, so
    every login token it had is revoked. Demo accounts are changed in their own file."""
    for path, demo in ((users_file(), False), (demo_file(), True)):
        accounts = _read(path, demo=demo)
        if name in accounts:
            old = accounts[name]
            accounts[name] = replace(old, **changes, version=old.version + 1)
            _write(path, accounts)
            return accounts[name]
    raise KeyError(name)


def remove_account(name: str) -> None:
    for path, demo in ((users_file(), False), (demo_file(), True)):
        accounts = _read(path, demo=demo)
        if accounts.pop(name, None) is not None:
            _write(path, accounts)
            return
    raise KeyError(name)


def create_demo_accounts() -> dict[str, tuple[str, str]]:
    """Fresh demo accounts, one per role; returns name → (role, password). Never in production."""
    if is_production():
        raise AccessDenied("demo-accounts zijn niet toegelaten wanneer MECHELEN_ENV=production")
    made: dict[str, tuple[str, str]] = {}
    accounts = {}
    for role in ROLES[1:]:
        name, password = f"{DEMO_PREFIX}{role}", secrets.token_urlsafe(12)
        made[name] = (role, password)
        accounts[name] = Account(name, role, hash_password(password), demo=True)
    _write(demo_file(), accounts)
    return made


def verify(name: str, password: str) -> Account | None:
    account = load_accounts().get(name.strip())
    digest = account.password_hash.encode() if account else _DUMMY_HASH
    ok = bcrypt.checkpw(password.encode("utf-8"), digest)
    return account if ok and account and not account.disabled else None


# --- OIDC --------------------------------------------------------------------------------------------


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, AttributeError):
        return False
    except Exception:  # Streamlit raises its own error for a malformed secrets file
        return False


def role_from_claims(email: str | None, groups: list[str] | None, mapping: dict) -> str:
    """The highest role the mapping grants to this e-mail address or any of these groups."""
    granted = ["publiek"]
    emails = {k.lower(): v for k, v in (mapping.get("emails") or {}).items()}
    if email and email.lower() in emails:
        granted.append(emails[email.lower()])
    for group in groups or []:
        if group in (mapping.get("groups") or {}):
            granted.append(mapping["groups"][group])
    domain_role = (mapping.get("domains") or {}).get((email or "").rsplit("@", 1)[-1].lower())
    if domain_role:
        granted.append(domain_role)
    return max((r for r in granted if r in ROLES), key=rank)


# --- the current session ------------------------------------------------------------------------


# The role of work done outside a browser session (the command line), set by :func:`acting_as`.
_ACTING_ROLE: ContextVar[str | None] = ContextVar("acting_role", default=None)


@contextlib.contextmanager
def acting_as(role: str) -> Iterator[None]:
    """Run the block with ``role`` (``python -m etl report``: whoever runs it on the server can
    read the tables' files anyway, so the CLI reads as ``bestuur``)."""
    if role not in ROLES:
        raise ValueError(f"onbekende rol {role!r}")
    token = _ACTING_ROLE.set(role)
    try:
        yield
    finally:
        _ACTING_ROLE.reset(token)


def current_role() -> str:
    if acting := _ACTING_ROLE.get():
        return acting
    if oidc_configured():
        try:
            if st.user.is_logged_in:
                mapping = dict(st.secrets.get("roles", {}))
                return role_from_claims(st.user.get("email"), list(st.user.get("groups") or []), mapping)
        except Exception:  # no user info in this context (e.g. a test)
            pass
    role = st.session_state.get("rol") or dev_role() or "publiek"
    return role if role in ROLES else "publiek"


def dev_role() -> str | None:
    """``MECHELEN_DEV_ROLE`` gives every session a role without logging in — for the browser
    tests and local development only: ignored in production, and announced in the sidebar."""
    role = os.environ.get("MECHELEN_DEV_ROLE", "").strip()
    return role if role in ROLES and not is_production() else None


def current_user() -> str:
    if oidc_configured():
        try:
            if st.user.is_logged_in:
                return str(st.user.get("email") or st.user.get("name") or "aangemeld")
        except Exception:
            pass
    return st.session_state.get("gebruiker", "")


def has_role(minimum: str) -> bool:
    return rank(current_role()) >= rank(minimum)


def require(minimum: str) -> None:
    if not has_role(minimum):
        raise AccessDenied(f"hiervoor is de rol ‘{minimum}’ nodig")


def may_read(dataset: Dataset | str) -> bool:
    from etl.catalog import get_dataset  # pyarrow with it: not on the login page's path

    ds = get_dataset(dataset) if isinstance(dataset, str) else dataset
    return ds.public or has_role("bestuur")


def locked_for() -> int:
    """Seconds this session must still wait before another login attempt (0 = none)."""
    failures = [t for t in st.session_state.get("mislukte_pogingen", []) if time.time() - t < LOCKOUT_SECONDS]
    st.session_state["mislukte_pogingen"] = failures
    if len(failures) < MAX_FAILURES:
        return 0
    return int(LOCKOUT_SECONDS - (time.time() - failures[0])) + 1


def login(name: str, password: str) -> bool:
    """Log in with a local account. The caller shows one message for every failure."""
    if locked_for():
        return False
    account = verify(name, password)
    if account is None:
        st.session_state.setdefault("mislukte_pogingen", []).append(time.time())
        log.warning("mislukte aanmelding voor %r", name[:40])
        return False
    _start_session(account)
    st.session_state["cookie_schrijven"] = sessions.issue(account.name, account.version)
    st.session_state.pop("mislukte_pogingen", None)
    log.info("aanmelding %s (%s)", account.name, account.role)
    return True


def _start_session(account: Account) -> None:
    st.session_state["rol"], st.session_state["gebruiker"] = account.role, account.name
    st.session_state["sessie_versie"] = account.version


def _end_session() -> None:
    for key in ("rol", "gebruiker", "sessie_versie"):
        st.session_state.pop(key, None)


def restore_session() -> None:
    """At the start of every run (the router): a local login whose account was disabled, changed
    or logged out elsewhere ends here; without a login, a valid token in the cookie restores it."""
    if oidc_configured():
        return
    name = st.session_state.get("gebruiker")
    if name and "sessie_versie" in st.session_state:
        account = load_accounts().get(name)
        if account is None or account.disabled or account.version != st.session_state["sessie_versie"]:
            _end_session()
            st.session_state["cookie_schrijven"] = None
        else:
            st.session_state["rol"] = account.role
        return
    if name or st.session_state.get("cookie_gelezen"):
        return  # a session set up otherwise (a test), or the cookie was already tried
    st.session_state["cookie_gelezen"] = True
    token = sessions.cookie_value()
    claim = sessions.read(token) if token else None
    account = load_accounts().get(claim[0]) if claim else None
    if account and not account.disabled and account.version == claim[1]:
        _start_session(account)
        log.info("aanmelding hersteld uit cookie: %s (%s)", account.name, account.role)


def write_pending_cookie() -> None:
    """Write (or delete) the login cookie the last login or logout asked for. It stays pending
    until :func:`cookie_written`: a run that ends in a page switch or rerun may never reach the
    browser's script, so the next run writes it again (the same token, harmless twice)."""
    if "cookie_schrijven" in st.session_state:
        sessions.write_cookie(st.session_state["cookie_schrijven"])


def cookie_written() -> None:
    """At the end of a run that completed: the cookie written in it has reached the browser."""
    st.session_state.pop("cookie_schrijven", None)


def logout() -> None:
    name = st.session_state.get("gebruiker")
    if name and "sessie_versie" in st.session_state and name in load_accounts():
        update_account(name)  # revokes this account's tokens, here and in every other browser
    _end_session()
    st.session_state["cookie_schrijven"] = None
    if oidc_configured():
        try:
            if st.user.is_logged_in:
                st.logout()
        except Exception:
            pass


def production_problems() -> list[str]:
    """Why this installation may not serve in production mode (empty when it may, or when it is
    not in production mode)."""
    if not is_production():
        return []
    problems = []
    if demo_file().exists():
        problems.append("er zijn demo-accounts (verwijder demo_users.json)")
    if not st.get_option("server.enableXsrfProtection"):
        problems.append("XSRF-bescherming staat uit (server.enableXsrfProtection)")
    if oidc_configured():
        try:
            secret = str(st.secrets["auth"].get("cookie_secret", ""))
        except Exception:
            secret = ""
        if len(secret) < 32 or secret.startswith("vervang"):
            problems.append("[auth] cookie_secret ontbreekt of is te kort (minstens 32 tekens)")
    elif problem := sessions.secret_problem():
        problems.append(problem)
    return problems
