"""Belgian (nl-BE) formatting of numbers and dates: 86.194 inwoners, 52,86 VTE, 23/11/2026."""

from __future__ import annotations

import datetime as dt
import re

from etl.numbers import format_auto, format_number
from etl.times import BRUSSELS, format_moment

__all__ = [
    "escape_markdown",
    "format_auto",
    "format_date",
    "format_moment",
    "format_number",
    "format_with_unit",
    "plural",
]


def format_with_unit(value: float | int | None, unit: str | None) -> str:
    text = format_auto(value, 1 if unit == "%" else 2)
    if not unit or unit in ("aantal",):
        return text
    return f"{text}%" if unit == "%" else f"{text} {unit}"


def plural(count: int, singular: str, plural_form: str) -> str:
    """``1 punt``, ``2 punten``: the count the Belgian way with the right form of the noun."""
    return f"{format_number(count)} {singular if count == 1 else plural_form}"


def format_date(value: dt.date | dt.datetime) -> str:
    """A date; a moment (with its time zone) as the date it is in Brussels."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.astimezone(BRUSSELS)
    return value.strftime("%d/%m/%Y")


_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>()#+-.!|~$:"})


# GFM turns a bare "www.", "http://" or "x@y.be" into a link even with its punctuation escaped;
# an invisible word joiner (U+2060) after the first letter or after the "@" stops that.
_AUTOLINK = re.compile(r"(?i)(?<=\b[wh])(?=ww\\?\.|ttps?\\?:)|(?<=@)(?=\w)")


def escape_markdown(text: str) -> str:
    """Text (possibly from an upload) shown literally inside st.markdown: no links, no HTML
    (a link inside a collapsible heading would also be a control inside a control)."""
    return _AUTOLINK.sub("\u2060", str(text).translate(_MARKDOWN_SPECIAL))


# Plotly's d3-format uses the locale "separators" (decimal, thousands) set on the layout.
PLOTLY_SEPARATORS = ",."
