"""Moments are shown in Brussels time (issue 12, item 8): the audit log stores UTC."""

from __future__ import annotations

import datetime as dt

from dashboard.formatting import format_date
from etl.times import format_moment


def test_moments_in_brussels_time_winter_and_summer():
    assert format_moment("2026-11-30T02:33:18+00:00") == "30/11/2026 03:33"  # CET, UTC+1
    assert format_moment("2026-07-01T22:30:00+00:00") == "02/07/2026 00:30"  # CEST, UTC+2: the next day
    assert format_moment(dt.datetime(2026, 3, 29, 1, 30)) == "29/03/2026 03:30"  # naive = UTC; after the switch


def test_date_of_a_moment_is_its_date_in_brussels():
    assert format_date(dt.datetime(2026, 7, 1, 22, 30, tzinfo=dt.UTC)) == "02/07/2026"
    assert format_date(dt.date(2026, 7, 1)) == "01/07/2026"
