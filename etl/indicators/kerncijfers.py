"""The memorandum's kerncijfers as indicators of the model: one indicator per kerncijfer, one
value for the city in its year, each keeping the kerncijfer's document and line."""

from __future__ import annotations

import re

from etl.indicators.model import CITY, CITY_TYPE, GEWOON

ORGANISATION = "Groep Mechelen (memorandum 2018)"

# A kerncijfer's theme from the words of its key and label (the memorandum's chapters).
_THEMES = (
    ("Senioren", re.compile(r"senior|ouder|65|eenza", re.I)),
    ("Jongeren", re.compile(r"jong|kinder|student|diploma|0.17", re.I)),
    ("Wonen", re.compile(r"woning|wonen|koten|energie|huisvest", re.I)),
)


def theme(row: dict) -> str:
    text = f"{row['indicator']} {row['label']}"
    return next((name for name, pattern in _THEMES if pattern.search(text)), "Bevolking")


def indicator_rows(kerncijfers: list[dict]) -> list[dict]:
    """One ``indicatoren`` row per kerncijfer key (the first row that names it)."""
    out: dict[str, dict] = {}
    for row in kerncijfers:
        out.setdefault(
            row["indicator"],
            {
                "code": row["indicator"],
                "titel": row["label"],
                "definitie": row.get("citaat"),
                "eenheid": row["eenheid"],
                "thema": theme(row),
                "bron_organisatie": ORGANISATION,
                "frequentie": "eenmalig (brondocument)",
                "aggregatie": "geen",
                "teller": None,
                "noemer": None,
                "richting": "neutraal",
                "publiek": "ja",
                "doel": None,
                "doeljaar": None,
                "synthetisch": "nee",
                "bron": row["bron"],
                "bron_regel": row["bron_regel"],
            },
        )
    return list(out.values())


def waarde_rows(kerncijfers: list[dict]) -> list[dict]:
    """One ``indicatorwaarden`` row per kerncijfer: the city's value in the kerncijfer's year."""
    return [
        {
            "indicator": row["indicator"],
            "gebied_type": CITY_TYPE,
            "gebied": CITY,
            "periode": str(row["jaar"]),
            "jaar": int(row["jaar"]),
            "waarde": float(row["waarde"]),
            "status": GEWOON,
            "bron": row["bron"],
            "bron_regel": row["bron_regel"],
            "bron_kolom": None,
        }
        for row in kerncijfers
    ]
