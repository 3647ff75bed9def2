"""Settings from the environment that the ETL and the dashboard share."""

from __future__ import annotations

import os


def is_production() -> bool:
    """``MECHELEN_ENV=production``: unsafe defaults (demo accounts, a local address) are refused."""
    return os.environ.get("MECHELEN_ENV", "").strip().lower() == "production"
