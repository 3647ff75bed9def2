"""Every dashboard page in AppTest: renders, filters change the figures, links restore filters,
bad link parameters fall back to the default with a notice."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.app.conftest import chart_specs, chart_titles, metrics, notices, open_on_request, open_page
from tests.fixtures import add_previous_report_year, copy_data, synthetic_population

pytestmark = pytest.mark.usefixtures("page_env")


# --- Personeel -----------------------------------------------------------------------------------


def test_personeel_default_and_filter():
    at = open_page("personeel")
    assert not at.exception
    assert metrics(at)["VTE directie Samen Leven"] == "253,75"
    assert chart_titles(at) == ["VTE per afdeling — directie Samen Leven"]
    at.selectbox(key="personeel.afdeling").select("Burgerzaken").run()
    m = metrics(at)
    assert "<b>Burgerzaken</b>" in chart_specs(at)[0]["data"][0]["y"]  # the selection, not by colour alone
    assert m["VTE Burgerzaken"] == "55"
    assert m["Aandeel in de directie"] == "21,7%"
    assert any("Teams — Burgerzaken" in h.value for h in at.subheader)


def test_personeel_permalink_and_bad_parameter():
    at = open_page("personeel", afdeling="Sociale dienst")
    assert metrics(at)["VTE Sociale dienst"] == "93,47"
    assert not notices(at)
    bad = open_page("personeel", afdeling="<script>alert(1)</script>")
    assert not bad.exception
    assert "VTE directie Samen Leven" in metrics(bad)
    assert any("onbekende waarde voor ‘afdeling’" in n for n in notices(bad))


# --- Organisatiebeheersing -------------------------------------------------------------------------


def test_organisatiebeheersing_filters_change_counts():
    at = open_page("organisatiebeheersing")
    assert not at.exception
    # unique items: 121 realisaties / 58 planning rows, of which 8 / 8 repeat an item listed before
    assert (metrics(at)["Realisaties (unieke punten)"], metrics(at)["Planning (unieke punten)"]) == ("113", "50")
    at.button_group(key="organisatiebeheersing.domein").select("Organisatiecultuur").run()
    assert (metrics(at)["Realisaties (unieke punten)"], metrics(at)["Planning (unieke punten)"]) == ("20", "11")
    at.text_input(key="organisatiebeheersing.q").input("welzijn").run()
    assert (
        metrics(at)["Realisaties (unieke punten)"] == "1"
    )  # "Welzijn op het werk" listed twice (each with sub-items): one item


def test_organisatiebeheersing_search_matches_subitems_and_permalink():
    at = open_page("organisatiebeheersing", q="Mindlab")
    assert metrics(at)["Realisaties (unieke punten)"] == "1"  # found through its sub-item
    assert any("Mindlab" in md.value for md in at.markdown)
    empty = open_page("organisatiebeheersing", q="bestaat-zeker-niet")
    assert any("Geen punten gevonden" in w.value for w in empty.warning)
    bad = open_page("organisatiebeheersing", domein="Onbestaand domein", jaar="1850")
    assert not bad.exception
    assert metrics(bad)["Realisaties (unieke punten)"] == "113"
    assert len(notices(bad)) == 2


def test_organisatiebeheersing_compares_report_years(built_data: Path, tmp_path: Path, monkeypatch):
    data = copy_data(built_data, tmp_path / "data")
    add_previous_report_year(data)
    monkeypatch.setenv("MECHELEN_DATA_DIR", str(data))
    at = open_page("organisatiebeheersing")
    m = metrics(at)
    assert m["Gepland in 2021, gerealiseerd in 2022"] == "1"
    assert m["Gepland in 2021, niet meer in 2022"] == "1"
    assert m["Nieuw in 2022"] == str(179 - 1)
    older = open_page("organisatiebeheersing", jaar="2021")
    assert (metrics(older)["Realisaties (unieke punten)"], metrics(older)["Planning (unieke punten)"]) == ("1", "2")


# --- Beleid ----------------------------------------------------------------------------------------


def test_beleid_theme_filter_and_search():
    at = open_page("beleid")
    assert not at.exception
    assert any(h.value == "73 aanbevelingen" for h in at.subheader)
    at.selectbox(key="beleid.thema").select("5. Werk integraal").run()
    assert any(h.value == "6 aanbevelingen" for h in at.subheader)
    at.selectbox(key="beleid.thema").select("Alle thema's").run()
    at.text_input(key="beleid.q").input("kinderopvang").run()
    counts = [h.value for h in at.subheader if h.value.endswith("met ‘kinderopvang’")]
    found = int(counts[0].split()[0])
    assert 0 < found < 73
    # issue 14: one list to choose from instead of an expander per recommendation
    assert len(at.selectbox(key="beleid.nr").options) == found
    open_on_request(at, "aanbevelingen_lijst")
    listed = next(md.value for md in at.markdown if md.value.startswith(":gray[Bron:"))
    assert len(re.findall(r"^- \d+\\\. ", listed, flags=re.MULTILINE)) == found


def test_beleid_one_recommendation_in_full_the_rest_on_request():
    """Issue 14: the chosen recommendation in full (text, source line, actions), linkable; the list
    of all of them with their source lines and the tables are made only when asked for."""
    at = open_page("beleid", nr="12")
    assert not at.exception
    assert at.selectbox(key="beleid.nr").value == 12
    shown = next(md.value for md in at.markdown if md.value.startswith("**12\\. ") or md.value.startswith("**12. "))
    assert re.search(r"bestand 001\\?_\w+\\?\.txt, regel \d+", shown) and "Mogelijke acties" in shown
    # not made before the request: no table at all, no list (nor the text of another recommendation)
    assert not at.dataframe
    assert not any(md.value.startswith(":gray[Bron:") for md in at.markdown)
    assert len(at.expander) == 3  # the chart's table, the list, the tables
    open_on_request(at, "aanbevelingen_lijst", "aanbevelingen_tabel")
    listed = next(md.value for md in at.markdown if md.value.startswith(":gray[Bron:"))
    assert len(re.findall(r"^- \d+\\\. .* :gray\[\(regel \d+\)\]$", listed, flags=re.MULTILINE)) == 73
    recs, acties = (df.value for df in at.dataframe)
    assert len(recs) == 73 and set(acties["Aanbeveling"]) <= set(recs["Nr"])
    next(b for b in at.button if b.label == "Volgende").click().run()
    assert at.selectbox(key="beleid.nr").value == 13 and at.query_params["nr"] == "13"
    first = open_page("beleid", nr="999")
    assert first.selectbox(key="beleid.nr").value == 1 and "nr" not in first.query_params
    assert any("onbekende waarde voor ‘aanbeveling’" in n for n in notices(first))


def test_beleid_shows_actions_and_handles_links():
    at = open_page("beleid", thema="4B. Werk mensgericht – Sociaal opwaartse mobiliteit")
    assert any(h.value == "12 aanbevelingen" for h in at.subheader)
    assert any("Mogelijke acties" in md.value for md in at.markdown)
    bad = open_page("beleid", thema="99. Bestaat niet")
    assert any(h.value == "73 aanbevelingen" for h in bad.subheader)
    assert any("onbekende waarde voor ‘thema’" in n for n in notices(bad))


# --- Bevolking -------------------------------------------------------------------------------------


def test_bevolking_without_population_table():
    at = open_page("bevolking")
    assert not at.exception
    m = metrics(at)
    assert m["Inwoners (2018)"] == "86.194"
    assert m["Met migratieachtergrond (memorandum 2018)"] == "33,3%"  # the sentence names no year
    assert len(chart_specs(at)) == 1  # the projection; no pyramid yet
    assert any("nog geen tabel ‘Bevolking per leeftijd en geslacht’" in n for n in notices(at))


def test_bevolking_with_population_table_and_year_link(built_data: Path, tmp_path: Path, monkeypatch):
    data = copy_data(built_data, tmp_path / "data")
    synthetic_population(data)
    monkeypatch.setenv("MECHELEN_DATA_DIR", str(data))
    at = open_page("bevolking")
    assert not at.exception
    assert len(chart_specs(at)) == 3
    assert at.slider(key="bevolking.jaar").value == 2025
    at.slider(key="bevolking.jaar").set_value(2021).run()
    assert "Bevolkingspiramide 2021 (waargenomen)" in chart_titles(at)
    linked = open_page("bevolking", jaar="2023")
    assert linked.slider(key="bevolking.jaar").value == 2023
    bad = open_page("bevolking", jaar="3000")
    assert bad.slider(key="bevolking.jaar").value == 2025
    assert any("onbekende waarde voor ‘jaar’" in n for n in notices(bad))


def test_bevolking_per_wijk(built_data: Path, tmp_path: Path, monkeypatch):
    data = copy_data(built_data, tmp_path / "data")
    synthetic_population(data, wijken=tuple(f"Wijk {i:02d}" for i in range(30)))
    monkeypatch.setenv("MECHELEN_DATA_DIR", str(data))
    at = open_page("bevolking", jaar="2024")
    assert not at.exception
    titles = chart_titles(at)
    assert "Inwoners per wijk, 2024 (de 25 grootste van 30 wijken)" in titles
    bars = chart_specs(at)[titles.index("Inwoners per wijk, 2024 (de 25 grootste van 30 wijken)")]["data"][0]
    assert len(bars["y"]) == 25  # only the drawn bars reach the browser


# --- Overzicht -------------------------------------------------------------------------------------


def test_overzicht_tiles_link_to_pages_and_show_update_dates():
    at = open_page("overzicht")
    assert not at.exception
    links = {link.proto.page for link in at.get("page_link")}
    assert {"bevolking", "personeel", "beleid", "organisatiebeheersing"} <= {p.split("/")[-1] for p in links}
    table = at.dataframe[0].value
    assert list(table.columns[1:3]) == ["Peildatum", "Gepubliceerd op"]  # issue 12: peildatum first
    assert (
        table["Gepubliceerd op"].str.match(r"\d{2}/\d{2}/\d{4}") | (table["Gepubliceerd op"] == "nog niet beschikbaar")
    ).all()
