"""What a figure says about itself on the page: age bands across a group boundary, reference and
publication dates, the most recent source of a headline, document titles, a chart's own rows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.ui import request_key
from etl.catalog import document_for
from etl.publish import ingest_path, publish
from etl.store import Store
from tests.app.conftest import chart_specs, chart_titles, metrics, notices, open_page, tiles
from tests.fixtures import copy_data, write_rows


def population(data: Path, rows: list[tuple[int, str, str, int]], bron: str = "bevolking.xlsx › Blad1") -> None:
    write_rows(
        data,
        "bevolking_leeftijd",
        [
            {
                "jaar": jaar,
                "leeftijd": leeftijd,
                "geslacht": geslacht,
                "wijk": None,
                "aantal": aantal,
                "soort": "waargenomen",
                "bron": bron,
                "bron_regel": i + 2,
            }
            for i, (jaar, leeftijd, geslacht, aantal) in enumerate(rows)
        ],
    )


@pytest.fixture
def data(built_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = copy_data(built_data, tmp_path / "data")
    monkeypatch.setenv("MECHELEN_DATA_DIR", str(folder))
    return folder


# --- issue 12, item 2: age bands across a group boundary ------------------------------------------
def test_five_year_bands_refuse_the_age_groups_with_a_note(data: Path):
    bands = [(2024, b, s, 100) for b in ("0-4", "5-9", "10-14", "15-19", "20-24", "65-69", "95+") for s in "MV"]
    population(data, bands + [(2023, str(age), s, 10) for age in (3, 17, 18, 70) for s in "MV"])
    at = open_page("bevolking")
    assert not at.exception
    note = next(n for n in notices(at) if "leeftijdsgroepen" in n)
    assert "2024" in note and "‘15-19’" in note and "2023" not in note
    at.session_state[request_key("groepen")] = True  # the chart's table is shown on request
    groups = next(df.value for df in at.run().dataframe if {"Leeftijdsgroep", "Jaar"} <= set(df.value.columns))
    assert set(groups["Jaar"]) == {2023}  # 2024 is not drawn with 18- and 19-year-olds counted as minors
    pyramid = chart_specs(at)[chart_titles(at).index("Bevolkingspiramide 2024 (waargenomen)")]["data"]
    assert "95+" in pyramid[0]["y"] and "95-99" not in pyramid[0]["y"]


def upload(data: Path, dataset: str, name: str, text: str, user: str) -> None:
    """Publish a CSV through the analysts' upload flow (as the page does), as ``user``."""
    path = data / name
    path.write_text(text, encoding="utf-8")
    store = Store(data / "parquet")
    prepared = ingest_path(path, dataset, store)
    assert prepared.ok, prepared.result.problems
    publish(prepared, store, user=user)


def captions(at) -> list[str]:
    return [c.value for c in at.caption]


# --- issue 13, item 7: a chart's source line names where its rows came from -----------------------
def test_chart_source_names_the_upload_of_the_rows_it_shows(data: Path):
    upload(
        data,
        "voortgang",
        "voortgang_2023.csv",
        "rapport_jaar;domein;soort;titel\n2023;Organisatiecultuur;realisatie;Fietslease\n"
        "2023;Organisatiecultuur;planning;Nieuw onthaal\n",
        "ann.analist",
    )
    at = open_page("organisatiebeheersing", jaar="2023")
    assert not at.exception
    chart = next(c for c in captions(at) if c.startswith("Bron: Voortgangsrapport organisatiebeheersing"))
    assert "voortgang_2023.csv" in chart and "ann.analist" in chart and "gepubliceerd op" in chart
    assert "Peildatum: 2023" in chart
    assert "(004)" not in chart and "2022" not in chart
    older = open_page("organisatiebeheersing", jaar="2022")
    chart = next(c for c in captions(older) if c.startswith("Bron: Voortgangsrapport organisatiebeheersing"))
    assert "Voortgangsrapport organisatiebeheersing 2022 (004)" in chart and "Peildatum: 2022" in chart
    assert "voortgang_2023.csv" not in chart


# --- issue 12, item 3: dates that suggest fresh data; a headline from its most recent source -------
POPULATION_CSV = "jaar;leeftijd;geslacht;aantal;soort\n" + "".join(
    f"{jaar};{age};{sex};{n + (sex == 'V')};{soort}\n"
    for jaar, soort, n in ((2024, "waargenomen", 400), (2030, "projectie", 900))
    for age in range(0, 100, 10)
    for sex in "MV"
)


def test_headline_uses_the_most_recent_source_and_says_which(data: Path):
    before = open_page("overzicht")
    assert metrics(before)["Inwoners (begin 2018)"] == "86.194"
    upload(data, "bevolking_leeftijd", "bevolking_2024.csv", POPULATION_CSV, "ann.analist")
    at = open_page("overzicht")
    assert not at.exception
    shown = tiles(at)
    assert shown["Inwoners (begin 2024)"].value == "8.010"  # observed 2024, not the 2030 projection
    assert "Inwoners (begin 2018)" not in shown
    assert "bevolking_2024.csv" in shown["Inwoners (begin 2024)"].help
    assert any(c.value.startswith("bestand ‘bevolking_2024.csv’, peildatum 2024") for c in at.caption)

    bevolking = open_page("bevolking")
    shown = metrics(bevolking)
    assert shown["Inwoners (2024)"] == "8.010" and shown["Nationaliteiten (memorandum 2018)"] == "129"
    sources = [c.value for c in bevolking.caption if c.value.startswith("Bron: ")]
    assert any(s.startswith("Bron: Bevolking per leeftijd en geslacht — bestand ‘bevolking_2024.csv’") for s in sources)
    assert any("Memorandum Groep Mechelen 2018 (001), regels 2914, 2930. Peildatum: 2018." in s for s in sources)


def test_reference_date_first_publication_date_as_such(data: Path):
    at = open_page("bevolking")
    caption = next(c.value for c in at.caption if c.value.startswith("Bron: Kerncijfers"))
    assert "Bijgewerkt" not in caption
    assert caption.index("Peildatum: 2018.") < caption.index("Gepubliceerd op het platform: ")
    table = open_page("overzicht").dataframe[0].value.set_index("Dataset")
    assert table.loc["Beleidsaanbevelingen memorandum 2018", "Peildatum"] == "2018"
    assert table.loc["Beleidsaanbevelingen memorandum 2018", "Bron"] == "Memorandum Groep Mechelen 2018 (001)"
    upload(
        data,
        "voortgang",
        "voortgang_2023.csv",
        "rapport_jaar;domein;soort;titel\n2023;Organisatiecultuur;realisatie;Fietslease\n",
        "ann.analist",
    )
    table = open_page("overzicht").dataframe[0].value.set_index("Dataset")
    assert table.loc["Voortgangsrapport organisatiebeheersing", "Peildatum"] == "2022; 2023"


# --- issue 12, item 11: citizens see document titles; file and line are the provenance detail ------
RAW_FILE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


def test_public_page_names_documents_by_title(data_env):
    at = open_page("open_data", role="publiek")
    assert not at.exception
    shown = [c.value for c in at.caption] + [m.value for m in at.markdown] + [*tiles(at)]
    assert not [text for text in shown if RAW_FILE.search(text)]
    assert any("Memorandum Groep Mechelen 2018 (001), regels" in c.value for c in at.caption)
    (tables,) = at.pills  # the tables open on request
    tables.set_value([next(o for o in tables.options if o.endswith(" kerncijfers"))])
    kern = next(df.value for df in at.run().dataframe if "Indicator" in df.value.columns)
    assert "Uit de tekst" in kern.columns
    assert set(kern["Bron"]) == {"Memorandum Groep Mechelen 2018 (001)"}
    assert kern["Bestand"].str.fullmatch(r"001_[0-9a-f]{16}\.txt").all()  # the detail, next to the line
    inwoners = next(t for label, t in tiles(at).items() if label.startswith("Inwoners"))
    assert re.search(r"Memorandum Groep Mechelen 2018 \(001\) \(bestand 001_\w+\.txt, regel \d+\)", inwoners.help)


def test_every_source_document_has_a_declared_title():
    raw = Path(__file__).resolve().parents[2] / "data" / "raw"
    for path in raw.glob("*.txt"):
        doc = document_for(path.name)
        assert doc is not None and doc.title and not RAW_FILE.search(doc.title), path.name


def test_population_charts_name_the_upload_of_their_year(data: Path):
    upload(data, "bevolking_leeftijd", "bevolking_2024.csv", POPULATION_CSV, "ann.analist")
    at = open_page("bevolking", jaar="2024")
    assert not at.exception
    pyramid = [c.value for c in at.caption if c.value.startswith("Bron: Bevolking per leeftijd")]
    assert pyramid and all("bestand ‘bevolking_2024.csv’" in c and "ann.analist" in c for c in pyramid)
    assert any("Peildatum: 2024." in c for c in pyramid)  # the pyramid of 2024
    assert any("Peildatum: 2024–2030." in c for c in pyramid)  # the groups over the years


def test_catalogue_page_in_production_without_public_address(data_env, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MECHELEN_ENV", "production")
    monkeypatch.setenv("MECHELEN_SESSION_SECRET", "s" * 40)  # production needs it since issue 12 item 6
    monkeypatch.delenv("MECHELEN_PUBLIC_URL", raising=False)
    monkeypatch.delenv("MECHELEN_BASE_URL", raising=False)
    at = open_page("catalogus", role="publiek")
    assert not at.exception
    assert any("publieke adres van het platform is nog niet ingesteld" in w.value for w in at.warning)
    assert "DCAT-AP-VL (JSON-LD)" not in [b.proto.label for b in at.get("download_button")]
    monkeypatch.setenv("MECHELEN_PUBLIC_URL", "https://cijfers.mechelen.be")
    at = open_page("catalogus", role="publiek")
    assert not any("publieke adres" in w.value for w in at.warning)
    assert "DCAT-AP-VL (JSON-LD)" in [b.proto.label for b in at.get("download_button")]
