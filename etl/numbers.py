"""Belgian (nl-BE) numbers as people write them: ``86.194``, ``52,86``, ``1.234,56``, ``1 234``, ``12%``."""

from __future__ import annotations

import re

# A Dutch number: optional sign, digits with optional "." or (narrow/no-break) space thousands
# groups, optional "," decimals. "2.368" is two thousand three hundred sixty-eight, never 2.368.
DUTCH_NUMBER = r"[-+]?\d{1,3}(?:[. \u00a0\u202f]\d{3})+(?:,\d+)?|[-+]?\d+(?:,\d+)?"
_FULL = re.compile(rf"^\s*({DUTCH_NUMBER})\s*(%?)\s*$")

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
    digits = re.sub(r"[. \u00a0\u202f]", "", match.group(1)).replace(",", ".")
    return float(digits)


def is_dutch_number(text: str) -> bool:
    return _FULL.match(text) is not None


def number_word(word: str) -> int:
    """Small Dutch number words ("drie" → 3), as in "een op de drie Mechelaars"."""
    try:
        return _NUMBER_WORDS[word.lower()]
    except KeyError:
        raise ValueError(f"onbekend telwoord: {word!r}") from None
