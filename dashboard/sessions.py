"""A local login that survives a reload: a signed, expiring, revocable token in a cookie.

The token is ``payload.signature``: the payload (base64url JSON) names the account, its token
version and the expiry; the signature is HMAC-SHA256 with the session secret from configuration
(``MECHELEN_SESSION_SECRET`` or ``[sessie] secret`` in ``.streamlit/secrets.toml``; outside
production a random one is made once in the data folder). A token is accepted only while it has
not expired, the account exists and is enabled, and the account's token version is still the
one in the token: logging out, a password reset, a role change or disabling the account raise
that version, which revokes every token of the account at once. The role is read from the
account at every check, never from the token.

Streamlit can read the cookies of the page (``st.context.cookies``, sent with the connection) but
cannot set one from Python, so the cookie is written by a small script in the page. The trade-off:
a cookie written by JavaScript cannot be ``HttpOnly``, so a script injected into the page could
read it. Against that: the app escapes every user-supplied text and Streamlit sanitises HTML; the
cookie is ``SameSite=Strict`` (never sent by another site, so no cross-site WebSocket), ``Secure``
on HTTPS, expires (``[sessie] max_uren``, default 12 hours), and is revoked by logging out. The
OIDC login keeps Streamlit's own HttpOnly cookie and does not use this one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from pathlib import Path

import streamlit as st

from etl import io
from etl.paths import data_dir

COOKIE = "mic_sessie"
MIN_SECRET = 32
DEFAULT_HOURS = 12.0
PLACEHOLDER_PREFIX = "vervang"


def _configured() -> dict:
    try:
        return dict(st.secrets.get("sessie", {}))
    except Exception:  # no or a malformed secrets file
        return {}


def configured_secret() -> str:
    return os.environ.get("MECHELEN_SESSION_SECRET") or str(_configured().get("secret", ""))


def secret_problem() -> str | None:
    """Why the configured secret may not be used in production (None when it may)."""
    secret = configured_secret()
    if len(secret) < MIN_SECRET or secret.startswith(PLACEHOLDER_PREFIX):
        return (
            "het sessiegeheim ontbreekt of is te kort (MECHELEN_SESSION_SECRET of [sessie] secret, minstens 32 tekens)"
        )
    return None


def _secret_file() -> Path:
    return data_dir() / ".sessie_geheim"


def secret() -> bytes:
    """The signing key: from configuration, or (never in production) one made once per data folder."""
    from dashboard.auth import is_production

    configured = configured_secret()
    if configured or is_production():
        return configured.encode()
    path = _secret_file()
    if not path.exists():
        io.write_bytes_atomic(secrets.token_urlsafe(48).encode(), path)
        os.chmod(path, 0o600)
    return path.read_bytes().strip()


def max_age() -> int:
    """Seconds a login lasts."""
    try:
        hours = float(_configured().get("max_uren", DEFAULT_HOURS))
    except (TypeError, ValueError):
        hours = DEFAULT_HOURS
    return int(max(hours, 0.1) * 3600)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(payload: str, key: bytes) -> str:
    return _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())


def issue(name: str, version: int, now: float | None = None) -> str:
    """A token for this account and token version, valid for :func:`max_age` seconds."""
    key = secret()
    if not key:
        raise ValueError("geen sessiegeheim ingesteld")
    expires = int((now or time.time()) + max_age())
    payload = _b64(json.dumps({"u": name, "v": version, "exp": expires}, separators=(",", ":")).encode())
    return f"{payload}.{_sign(payload, key)}"


def read(token: str, now: float | None = None) -> tuple[str, int] | None:
    """(account name, token version) of a well-signed, unexpired token; None otherwise."""
    key = secret()
    payload, _, signature = (token or "").partition(".")
    if not key or not payload or not hmac.compare_digest(_sign(payload, key), signature):
        return None
    try:
        data = json.loads(_unb64(payload))
        name, version, expires = str(data["u"]), int(data["v"]), int(data["exp"])
    except (ValueError, KeyError, TypeError):
        return None
    if expires <= (now or time.time()):
        return None
    return name, version


def cookie_value() -> str | None:
    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:  # no browser connection (a bare script or a test)
        return None
    return value if isinstance(value, str) else None


def write_cookie(token: str | None) -> None:
    """Set (or, with None, delete) the login cookie in the browser. The token is base64url with
    one dot, so it needs no quoting inside the script."""
    if token is None:
        value, age = "", 0
    else:
        if not all(c.isalnum() or c in "-_." for c in token):
            raise ValueError("onverwacht teken in het sessietoken")
        value, age = token, max_age()
    st.html(
        f"<script>document.cookie = '{COOKIE}={value}; Path=/; Max-Age={age}; SameSite=Strict'"
        " + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
    )
