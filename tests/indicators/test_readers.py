"""Indicator uploads: wide and long readers, area matching, missing and suppressed cells, the
metadata sheet, GeoJSON boundaries, and the CLI (exit 2, nothing changed). All data synthetic."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from etl.indicators.model import AFGESCHERMD, GEWOON, ONTBREEKT, Gebied, GebiedMatcher, read_cell
from etl.indicators.upload import period
from etl.publish import prepare, publish
from etl.store import Store
from tests.fixtures import copy_store
from tests.indicator_fixtures import WIJKEN, YEARS, demo_value, long_workbook, wide_workbook, wijken_geojson

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("text", [None, "", " . ", "-", "x", "X", "n.b.", "N.B."])
def test_missing_cells_stay_missing_never_zero(text):
    assert read_cell(text) == read_cell(None)
    assert read_cell(text).waarde is None and read_cell(text).status == ONTBREEKT


def test_suppressed_and_numbers():
    assert (read_cell("<5").waarde, read_cell("<5").status) == (None, AFGESCHERMD)
    assert read_cell("< 3").status == AFGESCHERMD
    assert read_cell("1.234,5").waarde == 1234.5 and read_cell("1.234,5").status == GEWOON
    assert read_cell(3.0, counts=True).status == AFGESCHERMD  # a small count is suppressed
    assert read_cell(3.0, counts=True, threshold=3).waarde == 3.0  # the threshold is configuration
    assert read_cell(3.0).waarde == 3.0  # a percentage of 3 is no count
    assert read_cell("veel").error


def test_period_headings():
    assert period(2019.0) == ("2019", 2019)
    assert period("2021 Q1") == ("2021-K1", 2021)
    assert period("2021-k4") == ("2021-K4", 2021)
    assert period("2021-03") == ("2021-03", 2021)
    assert period("Wijk") is None and period(12.5) is None and period(1800) is None


def test_area_matching_is_tolerant_and_suggests():
    areas = GebiedMatcher([Gebied("wijk", "Mechelen-Noord"), Gebied("wijk", "Nekkerspoel")])
    assert areas.match("mechelen noord").naam == "Mechelen-Noord"
    assert areas.match("  MÉCHELEN-noord ").naam == "Mechelen-Noord"
    assert areas.match("mechelen").gebied_type == "stad"
    assert areas.match("Nekerspoel") is None
    assert areas.suggestion("Nekerspoel") == "Nekkerspoel"
    assert GebiedMatcher(None).match("Nieuwe wijk").naam == "Nieuwe wijk"  # no gebieden table: accepted


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "parquet")


def values(store: Store) -> dict[tuple[str, str], tuple]:
    rows = store.read_current("indicatorwaarden").to_pylist()
    return {(r["gebied"], r["periode"]): (r["waarde"], r["status"], r["bron_regel"], r["bron_kolom"]) for r in rows}


def test_wide_sheet_with_title_notes_total_and_metadata(store: Store):
    data = wide_workbook(cells={(1, 2): "<5", (2, 0): "n.b."})
    prepared = prepare("werkzoekenden.xlsx", data, "indicatorwaarden", store)
    assert prepared.ok, prepared.result.problems
    publish(prepared, store)
    got = values(store)
    assert got[("Demowijk Noord", "2019")] == (demo_value("demo_werkzoekenden", 0, 2019), GEWOON, 5, "B")
    assert got[("Demowijk Oost", "2021")][:2] == (None, AFGESCHERMD)
    assert got[("Demowijk Zuid", "2019")][:2] == (None, ONTBREEKT)
    # one suppressed wijk next to a city total: the smallest other wijk is suppressed too
    assert got[("Demowijk Noord", "2021")][:2] == (None, AFGESCHERMD)
    assert got[("Mechelen", "2022")][1] == GEWOON  # the Totaal row is the city
    assert len(got) == (len(WIJKEN) + 1) * len(YEARS)
    meta = store.read_current("indicatoren").to_pylist()
    assert [(m["code"], m["synthetisch"], m["aggregatie"]) for m in meta] == [("demo_werkzoekenden", "ja", "som")]


def test_total_that_does_not_add_up_is_a_problem(store: Store):
    prepared = prepare("w.xlsx", wide_workbook(total_offset=7.0), "indicatorwaarden", store)
    assert not prepared.ok
    assert [(p.regel, p.blad) for p in prepared.result.problems] == [(10, "Werkzoekenden")] * len(YEARS)
    assert "totaalrij" in prepared.result.problems[0].message
    assert prepare("w.xlsx", wide_workbook(), "indicatorwaarden", store).ok  # the same file, adding up


def test_unknown_area_names_row_and_suggests_closest(store: Store):
    publish(prepare("wijken.geojson", wijken_geojson(), "gebieden", store), store)
    data = wide_workbook(wijken=("demowijk noord", "Demowijk-Oost", "Demowyk Zuid"), total=False)
    prepared = prepare("w.xlsx", data, "indicatorwaarden", store)
    assert not prepared.ok
    [problem] = prepared.result.problems
    assert (problem.regel, problem.kolom, problem.waarde) == (7, "A", "Demowyk Zuid")
    assert "Demowijk Zuid" in problem.message
    assert store.read_current("indicatorwaarden") is None  # nothing written


def test_long_format_with_known_indicator_and_bad_cells(store: Store):
    rows = [("demo_groen_pct", "Demowijk Noord", 2020, "61,5"), ("demo_groen_pct", "Mechelen", 2020, ".")]
    prepared = prepare("l.xlsx", long_workbook(rows, meta_codes=("demo_groen_pct",)), "indicatorwaarden", store)
    assert prepared.ok, prepared.result.problems
    publish(prepared, store)
    assert values(store)[("Demowijk Noord", "2020")][:2] == (61.5, GEWOON)
    # the indicator is published now: a second file needs no metadata sheet, but a bad cell fails
    again = prepare(
        "l2.xlsx", long_workbook([("demo_groen_pct", "Demowijk Oost", 2021, "veel")]), "indicatorwaarden", store
    )
    assert [(p.regel, p.kolom, p.waarde) for p in again.result.problems] == [(3, "D", "veel")]
    unknown = prepare("l3.xlsx", long_workbook([("nieuw", "Demowijk Oost", 2021, 1)]), "indicatorwaarden", store)
    assert [(p.regel, p.kolom) for p in unknown.result.problems] == [(3, "A")]
    assert "blad ‘indicatoren’" in unknown.result.problems[0].message


def test_kerncijfers_are_indicators(built_data: Path):
    store = Store(built_data / "parquet")
    kern = store.read_current("kerncijfers").to_pylist()
    waarden = {(r["indicator"], r["periode"]): r for r in store.read_current("indicatorwaarden").to_pylist()}
    codes = {r["code"] for r in store.read_current("indicatoren").to_pylist()}
    assert {k["indicator"] for k in kern} == codes
    for k in kern:
        v = waarden[(k["indicator"], str(k["jaar"]))]
        assert (v["waarde"], v["gebied"], v["bron"], v["bron_regel"]) == (
            k["waarde"],
            "Mechelen",
            k["bron"],
            k["bron_regel"],
        )


def test_geojson_rewound_and_lambert_reprojected(store: Store):
    prepared = prepare("wijken.geojson", wijken_geojson(clockwise=True), "gebieden", store)
    assert prepared.ok, prepared.result.problems
    from shapely.geometry import shape

    ring = shape(json.loads(prepared.result.rows["geometrie"].iloc[0])).exterior
    assert ring.is_ccw  # RFC 7946: exterior counter-clockwise, whatever the file had
    doc = json.loads(wijken_geojson())
    from pyproj import Transformer

    to_lambert = Transformer.from_crs(4326, 31370, always_xy=True).transform
    for f in doc["features"]:
        f["geometry"]["coordinates"] = [[list(to_lambert(*p)) for p in ring] for ring in f["geometry"]["coordinates"]]
    doc["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::31370"}}
    lambert = prepare("lambert.geojson", json.dumps(doc).encode(), "gebieden", store)
    assert lambert.ok, lambert.result.problems
    lon, lat = shape(json.loads(lambert.result.rows["geometrie"].iloc[0])).exterior.coords[0]
    assert abs(lon - 4.45) < 1e-6 and abs(lat - 51.02) < 1e-6
    del doc["crs"]  # projected numbers without a crs: refused with a clear message
    unnamed = prepare("x.geojson", json.dumps(doc).encode(), "gebieden", store)
    assert "EPSG:31370" in unnamed.result.problems[0].message


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"{not json", "JSON-fout"),
        (b'{"type": "Feature"}', "FeatureCollection"),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "properties": {"naam": "A"},
                            "geometry": {"type": "Point", "coordinates": [4, 51]},
                        }
                    ],
                }
            ).encode(),
            "code",
        ),
    ],
)
def test_bad_geojson(store: Store, content: bytes, fragment: str):
    prepared = prepare("bad.geojson", content, "gebieden", store)
    assert not prepared.ok
    assert fragment in " ".join(p.message for p in prepared.result.problems)


def _cli(*args: str, data: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "etl", "--data", str(data), *args], capture_output=True, text=True, cwd=ROOT
    )


def test_cli_ingest_export_and_bad_input(tmp_path: Path):
    data = tmp_path / "parquet"
    good, bad = tmp_path / "werk.xlsx", tmp_path / "fout.xlsx"
    good.write_bytes(wide_workbook())
    bad.write_bytes(wide_workbook(cells={(3, 1): "veel"}))
    assert _cli("ingest", str(good), "--dataset", "indicatorwaarden", data=data).returncode == 0
    before = Store(data).identity("indicatorwaarden")
    failed = _cli("ingest", str(bad), "--dataset", "indicatorwaarden", data=data)
    assert failed.returncode == 2 and "rij 8" in failed.stderr and "kolom 'C'" in failed.stderr
    assert Store(data).identity("indicatorwaarden") == before  # no new commit
    out = _cli("export", "indicatorwaarden", data=data)
    lines = out.stdout.splitlines()
    assert out.returncode == 0 and lines[0].startswith("indicator,gebied_type,gebied,periode,jaar,waarde,status")
    assert "demo_werkzoekenden,wijk,Demowijk Noord,2019,2019,100.0,gewoon" in lines[1]
    assert _cli("export", "indicatorwaarden", "--version", "9", data=data).returncode == 2
    target = tmp_path / "v1.parquet"
    assert (
        _cli(
            "export", "indicatoren", "--version", "1", "--format", "parquet", "--out", str(target), data=data
        ).returncode
        == 0
    )
    assert pq.read_table(target).num_rows == 1


def test_rebuild_renews_document_rows_and_keeps_uploaded_ones(built_data: Path, tmp_path: Path):
    import pyarrow.compute as pc

    from etl.build import build

    copy_store(built_data / "parquet", tmp_path / "parquet")
    store = Store(tmp_path / "parquet")
    publish(prepare("werk.xlsx", wide_workbook(), "indicatorwaarden", store), store)
    assert build(built_data / "raw", tmp_path / "parquet").status["indicatorwaarden"] == "ongewijzigd"
    # an old extraction had a wrong kerncijfer: the rebuild renews it, the upload's rows stay
    table = store.read_current("indicatorwaarden")
    wrong = pc.if_else(pc.equal(table.column("indicator"), "inwoners"), 1.0, table.column("waarde"))
    store.publish("indicatorwaarden", table.set_column(5, "waarde", wrong), bestand="oud", bestand_sha256="-")
    status = build(built_data / "raw", tmp_path / "parquet").status["indicatorwaarden"]
    assert status.endswith("24 rijen uit uploads behouden)")
    got = {
        (r["indicator"], r["gebied"], r["periode"]): r["waarde"]
        for r in store.read_current("indicatorwaarden").to_pylist()
    }
    assert got[("inwoners", "Mechelen", "2018")] == 86194.0
    assert got[("demo_werkzoekenden", "Demowijk Noord", "2019")] == 100.0


@pytest.mark.parametrize("layout", ["lang", "breed"])
def test_templates_per_layout_filled_in_are_accepted(store: Store, layout: str):
    import io

    from openpyxl import load_workbook

    from etl.catalog import get_dataset
    from etl.templates import template_xlsx
    from tests.indicator_fixtures import META_HEADER, meta_rows

    wb = load_workbook(io.BytesIO(template_xlsx(get_dataset("indicatorwaarden"), layout)))
    info = wb["indicatoren"]
    header = [c.value for c in info[1]]
    row = dict(zip(META_HEADER, meta_rows(("demo_groen_pct",))[0], strict=True))
    row["bron_organisatie"] = row.pop("bron")
    info.append([row.get(h) for h in header])
    sheet = wb["gegevens"]
    if layout == "breed":
        sheet["B2"], sheet["A5"], sheet["B5"], sheet["C5"], sheet["D5"] = "demo_groen_pct", "Demowijk Oost", 61, 62, "."
        sheet.delete_rows(6)  # no Totaal for a mean
    else:
        sheet.append(["demo_groen_pct", "Demowijk Oost", 2021, "61,5"])
    buffer = io.BytesIO()
    wb.save(buffer)
    prepared = prepare(f"sjabloon_{layout}.xlsx", buffer.getvalue(), "indicatorwaarden", store)
    assert prepared.ok, prepared.result.problems
    assert len(prepared.result.rows) == (3 if layout == "breed" else 1)


def test_areas_without_boundary_from_a_spreadsheet(store: Store):
    """Peer areas (a region, other cities) have no boundary here: a sheet of them is enough, and
    their values are then matched like any area."""
    from tests.upload import files

    sheet = files.csv_bytes([["gebied_type", "code", "naam"], ["gewest", "2000", "Vlaams Gewest"]])
    publish(prepare("vergelijking.csv", sheet, "gebieden", store), store)
    publish(prepare("wijken.geojson", wijken_geojson(), "gebieden", store), store)  # another type: both stay
    rows = [("demo_groen_pct", "vlaams gewest", 2022, "70,1"), ("demo_groen_pct", "Demowijk Oost", 2022, 68)]
    prepared = prepare("l.xlsx", long_workbook(rows, meta_codes=("demo_groen_pct",)), "indicatorwaarden", store)
    assert prepared.ok, prepared.result.problems
    got = {(r["gebied_type"], r["gebied"]) for r in prepared.result.rows.to_dict("records")}
    assert got == {("gewest", "Vlaams Gewest"), ("wijk", "Demowijk Oost")}


def test_wide_csv_with_belgian_numbers(store: Store):
    from tests.upload import files

    publish(prepare("meta.xlsx", long_workbook([("demo_groen_pct", "Demowijk Noord", 2019, 1)], meta_codes=None),
                    "indicatorwaarden", store), store)  # fmt: skip
    rows = [["Groen (demo, synthetisch)"], ["Indicator", "demo_groen_pct"], ["Wijk", "2021", "2022"],
            ["Demowijk Noord", "61,5", "n.b."], ["DEMOWIJK-OOST", "62", "x"]]  # fmt: skip
    prepared = prepare("groen.csv", files.csv_bytes(rows), "indicatorwaarden", store)
    assert prepared.ok, prepared.result.problems
    got = {
        (r["gebied"], r["periode"]): (r["waarde"], r["status"], r["bron"])
        for r in prepared.result.rows.to_dict("records")
    }
    assert got[("Demowijk Noord", "2021")] == (61.5, GEWOON, "groen.csv")
    assert got[("DEMOWIJK-OOST", "2022")][1] == ONTBREEKT  # no gebieden table: the name as typed
    assert pd.isna(got[("DEMOWIJK-OOST", "2022")][0])
