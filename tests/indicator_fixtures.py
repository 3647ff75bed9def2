"""SYNTHETIC indicator workbooks and wijk boundaries, made by code for tests and screenshots.

Nothing here is a figure of Mechelen: the wijken are ``Demowijk …`` squares laid over the city's
rough location, the indicators are titled ``(demo)`` and marked ``synthetisch = ja``.
"""

from __future__ import annotations

import io
import json

from openpyxl import Workbook

WIJKEN = ("Demowijk Noord", "Demowijk Oost", "Demowijk Zuid", "Demowijk West", "Demowijk Centrum")
YEARS = (2019, 2020, 2021, 2022)
# (code, titel, eenheid, thema, aggregatie, richting, publiek, doel, doeljaar)
INDICATORS = (
    ("demo_werkzoekenden", "Werkzoekenden (demo)", "personen", "Werk", "som", "lager is beter", "ja", None, None),
    (
        "demo_groen_pct",
        "Inwoners dicht bij groen (demo)",
        "%",
        "Leefomgeving",
        "gemiddelde",
        "hoger is beter",
        "ja",
        80.0,
        2025,
    ),
    ("demo_intern", "Interne demo-indicator", "aantal", "Werk", "som", "neutraal", "nee", None, None),
)
META_HEADER = [
    "code",
    "titel",
    "definitie",
    "eenheid",
    "thema",
    "bron",
    "aggregatie",
    "richting",
    "publiek",
    "doel",
    "doeljaar",
    "synthetisch",
]


def demo_value(code: str, wijk_index: int, year: int) -> float:
    """A made-up smooth value: different per indicator, wijk and year, and easy to recompute."""
    if code == "demo_groen_pct":
        return 60.0 + 3 * wijk_index + wijk_index**2 + (year - 2019)
    return float(100 + 40 * wijk_index + 10 * (year - 2019))


def meta_rows(codes: tuple[str, ...] | None = None) -> list[list[object]]:
    rows = []
    for code, titel, eenheid, thema, agg, richting, publiek, doel, doeljaar in INDICATORS:
        if codes is None or code in codes:
            rows.append(
                [
                    code,
                    titel,
                    f"Synthetische demo-indicator {titel}",
                    eenheid,
                    thema,
                    "Demo (synthetisch)",
                    agg,
                    richting,
                    publiek,
                    doel,
                    doeljaar,
                    "ja",
                ]
            )
    return rows


def wide_workbook(
    code: str = "demo_werkzoekenden",
    wijken: tuple[str, ...] = WIJKEN,
    years: tuple[int, ...] = YEARS,
    cells: dict[tuple[int, int], object] | None = None,
    total: bool = True,
    meta: bool = True,
    sheet: str = "Werkzoekenden",
    total_offset: float = 0.0,
) -> bytes:
    """A wide sheet as analysts receive them: title and note rows, ``Wijk | 2019 | …``, a Totaal
    row and a source note below; ``cells`` overrides (wijk index, year index) with e.g. ``<5``."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(["Werkzoekenden per wijk — SYNTHETISCHE DEMOGEGEVENS"])
    ws.append(["Indicator", code])
    ws.append([])
    ws.append(["Wijk", *years])
    sums = [0.0] * len(years)
    for i, wijk in enumerate(wijken):
        row: list[object] = [wijk]
        for j, year in enumerate(years):
            value = (cells or {}).get((i, j), demo_value(code, i, year))
            row.append(value)
            if isinstance(value, (int, float)):
                sums[j] += value
        ws.append(row)
    if total:
        ws.append(["Totaal", *(s + total_offset for s in sums)])
    ws.append([])
    ws.append(["Bron: gegenereerd voor tests (geen echte cijfers)"])
    if meta:
        info = wb.create_sheet("indicatoren")
        info.append(META_HEADER)
        for row in meta_rows((code,)):
            info.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def long_workbook(rows: list[tuple], meta_codes: tuple[str, ...] | None = ()) -> bytes:
    """``indicator, gebied, jaar, waarde`` rows under a title row; an ``indicatoren`` sheet when
    ``meta_codes`` is None (all) or names some."""
    wb = Workbook()
    ws = wb.active
    ws.title = "waarden"
    ws.append(["Demo-indicatoren (synthetisch)"])
    ws.append(["indicator", "gebied", "jaar", "waarde"])
    for row in rows:
        ws.append(list(row))
    if meta_codes is None or meta_codes:
        info = wb.create_sheet("indicatoren")
        info.append(META_HEADER)
        for row in meta_rows(meta_codes):
            info.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def all_values_workbook() -> bytes:
    """Every demo indicator for every wijk and year, plus the city (sum or mean), in long form."""
    rows: list[tuple] = []
    for code, *_rest in INDICATORS:
        agg = _rest[3]
        for year in YEARS:
            values = [demo_value(code, i, year) for i in range(len(WIJKEN))]
            rows.extend((code, wijk, year, v) for wijk, v in zip(WIJKEN, values, strict=True))
            rows.append((code, "Mechelen", year, sum(values) if agg == "som" else sum(values) / len(values)))
    return long_workbook(rows, meta_codes=None)


def square(lon: float, lat: float, size: float = 0.01, clockwise: bool = False) -> list[list[float]]:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return ring[::-1] if clockwise else ring


def wijken_geojson(wijken: tuple[str, ...] = WIJKEN, clockwise: bool = True, crs: str | None = None) -> bytes:
    """Five adjacent demo squares near 4.48° E, 51.03° N (wound clockwise: the reader rewinds)."""
    features = []
    for i, wijk in enumerate(wijken):
        ring = square(4.45 + 0.012 * i, 51.02, clockwise=clockwise)
        features.append(
            {
                "type": "Feature",
                "properties": {"code": f"D{i + 1}", "naam": wijk},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    doc: dict = {"type": "FeatureCollection", "features": features}
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(doc).encode()


def publish_demo(parquet) -> None:
    """Publish the demo boundaries and every demo indicator into a Parquet folder (tests only)."""
    from etl.publish import prepare, publish
    from etl.store import Store

    store = Store(parquet)
    for name, data, dataset in (
        ("demo_wijken.geojson", wijken_geojson(), "gebieden"),
        ("demo_indicatoren.xlsx", all_values_workbook(), "indicatorwaarden"),
        ("demo_werkzoekenden.xlsx", wide_workbook(cells={(1, 2): "<5", (2, 0): "n.b."}), "indicatorwaarden"),
    ):
        prepared = prepare(name, data, dataset, store)
        assert prepared.ok, prepared.result.problems
        publish(prepared, store, user="test")
