"""Belgian (nl-BE) formatting of numbers and dates: 86.194 inwoners, 52,86 VTE, 23/11/2026."""

from __future__ import annotations

import datetime as dt
import math


def format_number(value: float | int | None, decimals: int = 0) -> str:
    """``86194`` → ``86.194``; ``52.86`` with 2 decimals → ``52,86``; None/NaN → ``–``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    text = f"{value:,.{decimals}f}"  # 1,234.56
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def format_auto(value: float | int | None, max_decimals: int = 2) -> str:
    """Only the decimals a value needs: 55.0 → ``55``, 11.5 → ``11,5``, 52.86 → ``52,86``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    for decimals in range(max_decimals + 1):
        if round(value, decimals) == round(value, max_decimals):
            return format_number(value, decimals)
    return format_number(value, max_decimals)


def format_with_unit(value: float | int | None, unit: str | None) -> str:
    text = format_auto(value, 1 if unit == "%" else 2)
    if not unit or unit in ("aantal",):
        return text
    return f"{text}%" if unit == "%" else f"{text} {unit}"


def format_date(value: dt.date | dt.datetime) -> str:
    return value.strftime("%d/%m/%Y")


_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>()#+-.!|~$:"})


def escape_markdown(text: str) -> str:
    """Text (possibly from an upload) shown literally inside st.markdown: no links, no HTML."""
    return str(text).translate(_MARKDOWN_SPECIAL)


# Plotly's d3-format uses the locale "separators" (decimal, thousands) set on the layout.
PLOTLY_SEPARATORS = ",."
