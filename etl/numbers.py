"""Belgian (nl-BE) numbers as people write them (``86.194``, ``52,86``, ``1.234,56``, ``1 234``,
``12%``): parsing them, and formatting numbers that way. The one number parser of the platform:
documents (:func:`parse_dutch_number`) and spreadsheet cells (:func:`parse_number`) both use it."""

from __future__ import annotations

import math
import re
from numbers import Real

# A Dutch number: optional sign, digits with optional "." or (narrow/no-break) space thousands
# groups, optional "," decimals. "2.368" is two thousand three hundred sixty-eight, never 2.368.
DUTCH_NUMBER = r"[-+]?\d{1,3}(?:[. \u00a0\u202f]\d{3})+(?:,\d+)?|[-+]?\d+(?:,\d+)?"
_FULL = re.compile(rf"^\s*({DUTCH_NUMBER})\s*(%?)\s*$")
# In a cell a point may also be a decimal point ("52.86", as a non-Belgian program writes it), but
# only where it cannot be a thousands group: "4.512" stays four thousand five hundred twelve.
POINT_DECIMAL = r"[-+]?\d+\.\d+"
THOUSANDS_GROUP = r"[-+]?\d{1,3}\.\d{3}"
_POINT = re.compile(rf"^{POINT_DECIMAL}$")
_GROUP = re.compile(rf"^{THOUSANDS_GROUP}$")

_NUMBER_WORDS = {
    "een": 1,
    "één": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "zeven": 7,
    "acht": 8,
    "negen": 9,
    "tien": 10,
}


def parse_dutch_number(text: str) -> float:
    """Parse a Dutch-formatted number; raises ValueError with the text when it is not one.

    A trailing ``%`` is allowed and ignored: the caller decides what the unit is.
    """
    match = _FULL.match(text)
    if not match:
        raise ValueError(f"geen getal: {text!r}")
    return _value(match)


def _value(match: re.Match[str]) -> float:
    return float(re.sub(r"[. \u00a0\u202f]", "", match.group(1)).replace(",", "."))


def parse_number(value: object) -> float | None:
    """A spreadsheet cell as a number; None when it is not one. A number stays that number; a text
    is read as :func:`parse_dutch_number` reads it (``%`` and spaces around it ignored), or as a
    point-decimal ("52.86") that cannot be a Belgian thousands group."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Real):  # also numpy's numbers
        number = float(value)
        return None if math.isnan(number) else number
    text = str(value).strip().rstrip("%").strip()
    match = _FULL.match(text)
    if match:
        return _value(match)
    match = _POINT.match(text)
    return float(text) if match and not _GROUP.match(text) else None


def is_dutch_number(text: str) -> bool:
    return _FULL.match(text) is not None


def number_word(word: str) -> int:
    """Small Dutch number words ("drie" → 3), as in "een op de drie Mechelaars"."""
    try:
        return _NUMBER_WORDS[word.lower()]
    except KeyError:
        raise ValueError(f"onbekend telwoord: {word!r}") from None


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
