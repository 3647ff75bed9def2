"""Indicatoren, Kaart, Wijkprofiel, the analysts' scatter and Overzicht's "wat veranderde" in
AppTest, per role, on the real kerncijfers plus SYNTHETIC demo indicators (tests/indicator_fixtures).
The public never sees the non-public demo indicator ``demo_intern``: not in a page, not in the
query layer, not in the open-data export."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from etl.store import Store
from tests.app.conftest import chart_specs, chart_titles, metrics, notices, open_on_request, open_page, tiles
from tests.fixtures import copy_store
from tests.indicator_fixtures import publish_demo


@pytest.fixture(scope="module")
def demo_data(built_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("indicators")
    copy_store(built_data / "parquet", data / "parquet")
    publish_demo(data / "parquet")
    return data


@pytest.fixture
def demo_env(demo_data: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MECHELEN_DATA_DIR", str(demo_data))
    return demo_data


def options(at: AppTest, label: str) -> list[str]:
    return next(s.options for s in at.selectbox if s.label == label)


def test_indicatoren_permalink_trend_and_wijken(demo_env):
    at = open_page("indicatoren", indicator="demo_werkzoekenden", jaar="2021")
    assert not at.exception
    assert metrics(at)["Stad, 2021"] == "840 personen"
    assert chart_titles(at) == ["Werkzoekenden (demo) — stad"]  # one chart at a time (issue 14)
    assert any("DEMOGEGEVENS" in w.value for w in at.warning)
    at.button_group(key="indicatoren.grafiek").select("wijken").run()  # the wijken one click away
    assert at.query_params["grafiek"] == "wijken"  # and in the link
    assert chart_titles(at) == ["Werkzoekenden (demo) per wijk, 2021"]
    bars = chart_specs(at)[0]["data"][0]
    assert "afgeschermd" in bars["text"] and "200 personen" in bars["text"]  # suppressed: a word, no number
    linked = open_page("indicatoren", indicator="demo_werkzoekenden", jaar="2021", grafiek="wijken")
    assert chart_titles(linked) == ["Werkzoekenden (demo) per wijk, 2021"]
    assert at.selectbox(key="indicatoren.thema").value == "Werk" and "thema" not in at.query_params
    assert "Inwoners dicht bij groen (demo)" not in options(at, "Indicator")  # the list: the indicator's theme
    at.selectbox(key="indicatoren.thema").select("Alle thema's").run()
    at.selectbox(key="indicatoren.indicator").select("demo_groen_pct").run()
    assert at.query_params["indicator"] == "demo_groen_pct"  # the code in the link, not the title


def downloads(at: AppTest) -> list[str]:
    return [b.label for b in at.get("download_button") if b.label.startswith("Download")]


def test_indicatoren_table_only_on_request(demo_env):
    """Issue 14: the values table (with its provenance and downloads) is not made until asked for."""
    at = open_page("indicatoren", indicator="demo_werkzoekenden", jaar="2021")
    assert not at.dataframe and not downloads(at)
    open_on_request(at, "indicator_waarden")
    [table] = at.dataframe
    wijken = table.value[table.value["Gebied"] != "Mechelen"]
    assert set(wijken["Periode"]) == {"2021"} and "afgeschermd (klein aantal)" in set(wijken["Waarde"])
    assert (table.value["Bron"] == "demo_werkzoekenden.xlsx › Werkzoekenden").all()  # provenance per row
    assert wijken.set_index("Gebied").loc["Demowijk Zuid", "Rij/regel"] == 7
    assert downloads(at) == ["Download CSV", "Download XLSX"]


def narrowing(at: AppTest) -> str:
    """The label of the theme-and-search button (the popover)."""
    [popover] = at.main.get("popover")
    return popover.proto.popover.label


def test_indicatoren_search_theme_and_target(demo_env):
    at = open_page("indicatoren")
    assert narrowing(at).startswith("Thema: ")  # the theme in force, in sight without opening it
    at.text_input(key="indicatoren.zoek").input("dicht bij groen").run()
    assert options(at, "Indicator") == ["Inwoners dicht bij groen (demo)"]
    assert narrowing(at) == "Thema: Alle thema's · zoekterm `dicht bij groen`"  # a search looks in every theme
    trend = chart_specs(at)[0]
    assert any("doel 80%" in a.get("text", "") for a in trend["layout"].get("annotations", []))
    at.text_input(key="indicatoren.zoek").input("").run()
    at.selectbox(key="indicatoren.thema").select("Senioren").run()
    assert narrowing(at) == "Thema: Senioren"
    assert all("enior" in o or "uder" in o or "65" in o for o in options(at, "Indicator"))


def test_public_sees_only_public_indicators(demo_env):
    at = open_page("indicatoren", role="publiek", indicator="demo_intern")
    assert not at.exception
    assert "Interne demo-indicator" not in options(at, "Indicator")
    assert "Inwoners van Mechelen (begin van het jaar)" in options(at, "Indicator")  # a kerncijfer
    assert any("onbekende waarde voor ‘indicator’" in n for n in notices(at))
    for page, table in (("kaart", "kaart_waarden"), ("wijkprofiel", None)):
        shown = open_page(page, role="publiek", indicator="demo_intern")
        if table:
            open_on_request(shown, table)
        assert not shown.exception and shown.dataframe
        assert "Interne demo-indicator" not in str([d.value for d in shown.dataframe]) + str(chart_specs(shown))
    bestuur = open_page("indicatoren", indicator="demo_intern")
    assert metrics(bestuur)["Stad, 2022"] == "1.050"


def test_kaart_offline_map_rank_and_status(demo_env):
    at = open_page("kaart", indicator="demo_werkzoekenden", jaar="2021")
    assert not at.exception
    [spec] = chart_specs(at)
    traces = {t.get("name"): t for t in spec["data"]}
    assert {t["type"] for t in spec["data"]} == {"choroplethmap"}  # no go.Choropleth: no topojson from a CDN
    assert "geo" not in spec["layout"]
    style = spec["layout"]["map"]["style"]
    assert isinstance(style, dict) and style["sources"] == {} and "glyphs" not in style and "sprite" not in style
    assert traces["waarde"]["colorbar"]["title"]["text"] == "personen"
    assert traces["waarde"]["reversescale"] is True  # lager is beter: the dark end is the low end
    assert any("rang 1 van 3" in t for t in traces["waarde"]["text"])
    assert sorted(traces["afgeschermd"]["locations"]) == ["D1", "D2"]  # Noord (secondary) and Oost


def test_kaart_offers_only_indicators_with_figures_per_wijk(demo_env):
    at = open_page("kaart")  # no link: the first indicator offered must be one the map can draw
    assert not at.exception
    assert "Inwoners van Mechelen (begin van het jaar)" not in options(at, "Indicator")  # a city-only kerncijfer
    [spec] = chart_specs(at)
    assert {t["type"] for t in spec["data"]} == {"choroplethmap"}


def test_kaart_without_boundaries_explains(data_env):
    at = open_page("kaart")
    assert not at.exception
    assert any("geen cijfers per wijk" in n for n in notices(at))


def test_wijkprofiel_groups_by_theme(demo_env):
    at = open_page("wijkprofiel", wijk="Demowijk Zuid")
    assert not at.exception
    # issue 14: one table for all themes (in theme order) instead of one per theme; a theme filter
    assert [h.value for h in at.subheader] == ["Opvallend: het grootste verschil met de stad", "Alle indicatoren"]
    [table] = at.dataframe
    assert list(dict.fromkeys(table.value["Thema"])) == ["Leefomgeving", "Werk"]
    at.selectbox(key="wijkprofiel.thema").select("Werk").run()
    assert at.query_params["thema"] == "Werk"
    werk = at.dataframe[0].value
    assert set(werk["Thema"]) == {"Werk"}
    row = werk[werk["Indicator"] == "Werkzoekenden (demo)"].iloc[0]
    assert (row["Demowijk Zuid"], row["Stad"], row["Verschil met de stad"]) == (
        "210 personen",
        "1.050 personen",
        "20% van de stad",
    )
    assert metrics(at)["Inwoners dicht bij groen (demo) (2022)"] == "73%"
    public = open_page("wijkprofiel", role="publiek", wijk="Demowijk Zuid")
    assert "Interne demo-indicator" not in pd.concat([d.value for d in public.dataframe])["Indicator"].tolist()


def test_scatter_for_analysts(demo_env):
    at = open_page("spreiding", role="analist", x="demo_werkzoekenden", y="demo_groen_pct")
    assert not at.exception
    [spec] = chart_specs(at)
    assert spec["data"][0]["text"] == [
        "Demowijk Centrum",
        "Demowijk Noord",
        "Demowijk Oost",
        "Demowijk West",
        "Demowijk Zuid",
    ]


def test_overzicht_what_changed(demo_env):
    at = open_page("overzicht")
    assert not at.exception
    changed = at.dataframe[0].value
    assert "Werkzoekenden (demo)" in changed["Indicator"].tolist()
    row = changed[changed["Indicator"] == "Werkzoekenden (demo)"].iloc[0]
    assert row["Nu"] == "1.050 personen (2022)" and row["Verschil"].startswith("+210 personen")


PROBE = """
import streamlit as st
from dashboard import auth, queries
for label, read in (
    ("indicator", lambda: queries.get_indicator("demo_intern")),
    ("waarden", lambda: queries.get_indicator_values("demo_intern")),
    ("kaart", lambda: queries.get_kaart_waarden("demo_intern", "2022")),
    ("spreiding", lambda: queries.get_scatter("demo_werkzoekenden", "demo_intern", "2022")),
):
    try:
        st.write(f"{label}={len(read())}")
    except auth.AccessDenied:
        st.write(f"{label}=geweigerd")
codes = set(queries.get_table("indicatorwaarden")["indicator"]) | set(queries.table_reader("indicatoren")()["code"])
st.write(f"tabel={'demo_intern' in codes}")
import io, pyarrow.parquet as pq
parquet = pq.read_table(io.BytesIO(queries.parquet_reader("indicatorwaarden")())).column("indicator").to_pylist()
st.write(f"parquet={'demo_intern' in parquet}")
st.write(f"rijen={queries.get_row_count('indicatorwaarden')}")
"""


@pytest.mark.parametrize("role", ["publiek", "bestuur"])
def test_query_layer_refuses_non_public_indicator_to_anonymous(demo_env, role: str):
    at = AppTest.from_string(PROBE)
    if role != "publiek":
        at.session_state["rol"] = role
    at.run()
    assert not at.exception
    shown = dict(m.value.split("=") for m in at.markdown)
    kern = Store(demo_env / "parquet").read_current("kerncijfers").num_rows  # one city value each
    total = kern + 3 * 24  # then the three demo indicators × (5 wijken + stad) × 4 years
    if role == "publiek":
        assert [shown[k] for k in ("indicator", "waarden", "kaart", "spreiding")] == ["geweigerd"] * 4
        assert (shown["tabel"], shown["parquet"], shown["rijen"]) == ("False", "False", str(total - 24))
    else:
        assert "geweigerd" not in shown.values()
        assert (shown["tabel"], shown["parquet"], shown["rijen"]) == ("True", "True", str(total))


def test_open_data_export_leaves_out_non_public_indicator(demo_data: Path, tmp_path: Path):
    from etl.opendata import export_open_data

    export_open_data(demo_data / "parquet", tmp_path / "open", "https://example.org")
    waarden = (tmp_path / "open" / "indicatorwaarden.csv").read_text()
    assert "demo_werkzoekenden" in waarden and "demo_intern" not in waarden
    assert "demo_intern" not in (tmp_path / "open" / "indicatoren.csv").read_text()
    parquet = pd.read_parquet(tmp_path / "open" / "indicatorwaarden.parquet")
    kern = Store(demo_data / "parquet").read_current("kerncijfers").num_rows
    assert "demo_intern" not in set(parquet["indicator"]) and len(parquet) == kern + 2 * 24


def test_upload_page_wide_workbook_and_geojson_then_pages(built_data: Path, tmp_path: Path, monkeypatch):
    """The analyst's way in the app: boundaries, then a wide workbook with its metadata sheet;
    the college then sees the new indicator on Indicatoren and Kaart."""
    from tests.indicator_fixtures import wide_workbook, wijken_geojson

    copy_store(built_data / "parquet", tmp_path / "parquet")
    monkeypatch.setenv("MECHELEN_DATA_DIR", str(tmp_path))
    at = open_page("opladen", role="analist")
    at.selectbox(key="opladen.dataset").select("gebieden").run()
    at.file_uploader[0].set_value(("wijken.geojson", wijken_geojson(), "application/geo+json")).run()
    next(b for b in at.button if b.label == "Publiceren").click().run()
    assert any("Gepubliceerd als versie 1" in s.value for s in at.success)

    at = open_page("opladen", role="analist")
    at.selectbox(key="opladen.dataset").select("indicatorwaarden").run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download sjabloon lang (xlsx)" in labels and "Download sjabloon breed (xlsx)" in labels
    bad = wide_workbook(wijken=("Demowijk Noord", "Demowyk Oost"), total=False)
    at.file_uploader[0].set_value(("fout.xlsx", bad, XLSX)).run()
    problems = at.dataframe[0].value
    assert (problems["Blad"].iloc[0], problems["Rij"].iloc[0], problems["Kolom"].iloc[0]) == ("Werkzoekenden", 6, "A")
    assert "Demowijk Oost" in problems["Probleem"].iloc[0]
    at.file_uploader[0].set_value(("werk.xlsx", wide_workbook(), XLSX)).run()
    assert any("in orde: 24 rijen" in s.value for s in at.success)
    assert any("blad ‘indicatoren’" in n.lower() for n in notices(at))
    next(b for b in at.button if b.label == "Publiceren").click().run()
    assert any("Gepubliceerd als versie 2" in s.value for s in at.success)

    college = open_page("kaart", indicator="demo_werkzoekenden", jaar="2022")
    assert not college.exception and chart_specs(college)[0]["data"][0]["type"] == "choroplethmap"
    assert (
        metrics(open_page("indicatoren", indicator="demo_werkzoekenden", jaar="2022"))["Stad, 2022"] == "1.050 personen"
    )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_indicatoren_explanation_is_in_the_city_tile(demo_env):
    """Issue 14: the definition, unit, source and target behind the city tile's "Toelichting" (one
    element), where a metric and a popover with a table were two widgets on every visit."""
    at = open_page("indicatoren", indicator="demo_groen_pct", jaar="2022")
    assert not at.exception and not at.table and not at.metric
    note = tiles(at)["Stad, 2022"].help
    assert "Eenheid: %" in note and "Doel: 80% in 2025" in note and "Code: demo_groen_pct" in note
    werk = tiles(open_page("indicatoren", indicator="demo_werkzoekenden", jaar="2022"))["Stad, 2022"]
    # more job seekers, and for this indicator lower is better: said in words, not by colour alone
    assert (werk.value, werk.change) == ("1.050 personen", "+210 personen t.o.v. 2021 (slechter)")
