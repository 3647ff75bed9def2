"""The fixed extraction slips of issue 13, checked on the tables built from the real documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from etl.catalog import DATASETS
from etl.store import Store


def _tables(built: Path) -> dict[str, list[dict]]:
    store = Store(built / "parquet")
    return {ds.name: store.read_current(ds.name).to_pylist() for ds in DATASETS}


def furniture(raw: Path) -> list[tuple[str, int, str, str]]:
    """Page furniture in the sources, found independently of the extractors: a line holding only a
    number of 1–3 digits after a page break (two blank lines), and a line repeated three or more
    times right after a page break (a running header). Per hit: (file, line, text, what must never
    appear in extracted text: the furniture glued to the word before or after it)."""
    out = []
    for path in sorted(raw.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        after_break = [i for i in range(2, len(lines)) if lines[i].strip() and not "".join(lines[i - 2 : i]).strip()]
        repeated = {lines[i].strip() for i in after_break}
        headers = {t for t in repeated if len(t) > 1 and sum(lines[i].strip() == t for i in after_break) >= 3}
        for i in after_break:
            text = lines[i].strip()
            if not (re.fullmatch(r"\d{1,3}", text) or text in headers):
                continue
            before = next((x.split()[-1] for x in reversed(lines[:i]) if x.strip()), "")
            after = next((x.split()[0] for x in lines[i + 1 :] if x.strip()), "")
            for glued in (f"{before} {text}", f"{text} {after}"):
                out.append((path.name, i + 1, text, glued))
    return out


def furniture_in_texts(built: Path) -> list[str]:
    found = furniture(built / "raw")
    assert found, "the memorandum has page numbers (lines 1359 and 1420): the finder must see them"
    problems = []
    for ds in DATASETS:
        text_columns = [c.name for c in ds.columns if c.dtype == "string" and c.name != "bron"]
        for row in _tables(built)[ds.name]:
            for column in text_columns:
                value = " ".join((row[column] or "").split())
                if any(re.fullmatch(r"\d{1,3}", line.strip()) for line in (row[column] or "").splitlines()):
                    problems.append(f"{ds.name}.{column} regel {row['bron_regel']}: a line that is only a number")
                for bestand, regel, text, glued in found:
                    if glued in value:
                        problems.append(
                            f"{ds.name}.{column} (regel {row['bron_regel']}): ‘{text}’ of {bestand}:{regel}"
                        )
    return problems


def test_no_text_column_holds_page_furniture(built_data: Path):
    assert furniture_in_texts(built_data) == []


@pytest.fixture(scope="module")
def tables(built_data: Path) -> dict[str, list[dict]]:
    return _tables(built_data)


def test_timeline_headings_and_year_marks(tables):
    rows = {r["gebeurtenis"]: r for r in tables["tijdlijn"]}
    for alone in ("Politiezone", "ICT", "Financiën", "Integratie diensten", "Realisatie", "Opstart deelprojecten"):
        assert alone not in rows, f"‘{alone}’ lost its heading"
    assert rows["Integratie diensten: Financiën"]["bron_regel"] == 67
    assert rows["Opstart deelprojecten: Politiezone"]["kop"] == "Opstart deelprojecten"
    assert {r["jaar_bron"] for r in tables["tijdlijn"] if r["bron"].startswith("003_")} == {"gelezen"}
    slide = [r for r in tables["tijdlijn"] if r["bron"].startswith("000_") and r["bron_regel"] < 100]
    assert {r["jaar_bron"] for r in slide} == {"afgeleid", "ander document"}
    zorg = rows["Realisatie: Zorgbedrijf"]  # 003 line 75 states 2018; the slide's order said 2017
    assert (zorg["jaar"], zorg["jaar_bron"]) == (2018, "ander document") and "003 regel 75" in zorg["opmerking"]


def test_kerncijfers_fixed_examples(tables):
    kern = {r["indicator"]: r for r in tables["kerncijfers"]}
    assert (kern["inwoners"]["jaar"], kern["inwoners"]["jaar_bron"]) == (2018, "gelezen")
    assert (kern["nationaliteiten"]["jaar"], kern["nationaliteiten"]["jaar_bron"]) == (2018, "referentiedatum")
    assert (kern["studentenkoten_vorig"]["waarde"], kern["studentenkoten"]["waarde"]) == (350, 400)
    assert "Thomas More" not in kern["studentenkoten"]["label"]
    assert (kern["inwoners_groeirichting"]["waarde"], kern["inwoners_groeirichting"]["bron_regel"]) == (100000, 2985)
    doelen = {r["doel"]: (r["waarde"], r["doeljaar"], r["bron_regel"]) for r in tables["doelen"]}
    assert doelen == {
        "co2_uitstoot_2020": (20, 2020, 3323),
        "co2_uitstoot_2030": (40, 2030, 3323),
        "bijkomend_ruimtebeslag_2040": (0, 2040, 3003),
    }


def test_voortgang_and_teams_fixed_examples(tables):
    rows = tables["voortgang"]
    mechelbon = [r for r in rows if r["titel"] == "Digitalisering Mechelbon"]
    assert [(r["domein"], r["ook_in_domein"]) for r in mechelbon] == [
        ("Voorkomen van fraude en fouten", "Efficiënt gebruik middelen"),
        ("Efficiënt gebruik middelen", "Voorkomen van fraude en fouten"),
    ]
    assert len({r["item_nr"] for r in mechelbon}) == 1
    top = [r for r in rows if r["niveau"] == 0]
    unique = {s: len({r["item_nr"] for r in top if r["soort"] == s}) for s in ("realisatie", "planning")}
    assert unique == {"realisatie": 113, "planning": 50}  # of 121 / 58 rows
    stray = [r for r in rows if r["titel"] in ("STRATENO", "Aanbesteding Website")]
    assert [(r["niveau"], r["ouder"]) for r in stray] == [(0, None), (0, None)]  # one space in: no sub-item
    overhead = [r["team"] for r in tables["teams"] if r["afdeling"] == "Burgerzaken" and "Overhead" in r["team"]]
    assert overhead == [
        "Overhead (Burgerzaken – groep Afstamming en nationaliteit t/m Vreemdelingen)",
        "Overhead (Burgerzaken – groep Rijbewijzen t/m Adressen)",
        "Overhead (Burgerzaken – groep Begraven van burgers t/m Bescherming funerair erfgoed)",
    ]
