"""Area boundaries from a GeoJSON upload into ``gebieden`` rows (areas without a boundary come
from a spreadsheet, through the sheet reader).

A FeatureCollection, one feature per area, with a code and a name among its properties (found
by the catalog's synonyms). Polygons are checked with shapely, rewound (exterior
counter-clockwise, RFC 7946) so that no map draws them inside out, and reprojected to WGS84 when
the file says it is in Belgian Lambert 72 (EPSG:31370) or another projected system.
"""

from __future__ import annotations

import hashlib
import json
import re

import pandas as pd

from etl.catalog import Dataset
from etl.errors import Problem
from etl.indicators.model import CITY, CITY_TYPE, DEFAULT_AREA_TYPE
from etl.limits import Limits
from etl.numbers import format_number
from etl.upload.flow import read_upload
from etl.upload.header import normalise_header
from etl.upload.result import MAX_PROBLEMS, IngestResult, Progress
from etl.upload.workbook import safe_filename

MAX_FEATURES = 5_000
MAX_POINTS = 2_000_000
_EPSG = re.compile(r"EPSG:*(\d+)", re.I)


def _crs(doc: dict) -> int | None:
    """The EPSG code the file names (``crs`` member of older GeoJSON), or None (WGS84 by RFC 7946)."""
    name = ((doc.get("crs") or {}).get("properties") or {}).get("name", "")
    match = _EPSG.search(str(name))
    if match:
        return int(match.group(1))
    return 4326 if "CRS84" in str(name) else None


def _points(geometry: dict) -> int:
    def count(coords) -> int:
        if coords and isinstance(coords[0], (int, float)):
            return 1
        return sum(count(c) for c in coords or [])

    return count(geometry.get("coordinates"))


def _property(props: dict, names: set[str]) -> object:
    for key, value in props.items():
        if normalise_header(key) in names and value not in (None, ""):
            return value
    return None


def read_geojson(
    filename: str,
    data: bytes,
    dataset: Dataset,
    lookup,
    sheet: str | None = None,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> IngestResult:
    """Read and check a GeoJSON of areas; never raises for bad input. A spreadsheet (areas without
    a boundary, e.g. the Vlaams Gewest or peer cities to compare with) goes to the sheet reader."""
    if not filename.lower().endswith((".geojson", ".json")):
        return read_upload(filename, data, dataset.name, sheet=sheet, limits=limits, progress=progress)
    import shapely
    from shapely.geometry import mapping, shape
    from shapely.geometry.polygon import orient

    limits = limits or Limits.from_env()
    filename = safe_filename(filename)
    result = IngestResult(dataset, filename, hashlib.sha256(data).hexdigest())

    def problem(message: str, row: int | None = None, column: str | None = None, value: object = None) -> None:
        if len(result.problems) < MAX_PROBLEMS:
            where = {"regel": row, "kolom": column, "waarde": None if value is None else str(value)[:80]}
            result.problems.append(Problem(filename, message, rij_of_regel="object", **where))  # type: ignore[arg-type]

    if len(data) > limits.max_upload_bytes:
        problem(f"het bestand is groter dan de toegelaten {limits.max_upload_bytes // (1024 * 1024)} MB")
        return result
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        problem(f"geen geldige GeoJSON (JSON-fout: {str(exc)[:120]})")
        return result
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        problem('geen GeoJSON FeatureCollection (verwacht: {"type": "FeatureCollection", "features": [...]})')
        return result
    features = doc["features"]
    if not features or len(features) > MAX_FEATURES:
        problem(f"de FeatureCollection heeft {len(features)} objecten; toegelaten: 1 tot {MAX_FEATURES}")
        return result
    if sum(_points(f.get("geometry") or {}) for f in features if isinstance(f, dict)) > MAX_POINTS:
        problem(f"de grenzen hebben meer dan {format_number(MAX_POINTS)} punten; vereenvoudig ze eerst")
        return result
    epsg = _crs(doc)
    project = None
    if epsg not in (None, 4326):
        try:
            from pyproj import Transformer

            project = Transformer.from_crs(epsg, 4326, always_xy=True).transform
        except Exception as exc:  # pyproj missing or an unknown code
            problem(f"coördinaten in EPSG:{epsg} kunnen niet omgezet worden naar WGS84 ({str(exc)[:100]})")
            return result
        result.notes.append(f"Coördinaten omgezet van EPSG:{epsg} naar WGS84 (lengte/breedte).")
    spec = dataset.upload
    assert spec is not None
    names = {f.column: {normalise_header(n) for n in (f.column, *f.synonyms)} for f in spec.fields}
    rows, step = [], progress or (lambda _f, _t: None)
    step(0.3, "Grenzen controleren")
    for number, feature in enumerate(features, start=1):
        props = (feature.get("properties") if isinstance(feature, dict) else None) or {}
        code, naam = _property(props, names["code"]), _property(props, names["naam"])
        if code is None:
            problem("eigenschap ‘code’ ontbreekt", number, "code")
        if naam is None:
            problem("eigenschap ‘naam’ ontbreekt", number, "naam")
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            problem("geometrie moet een Polygon of MultiPolygon zijn", number, "geometry", (geometry or {}).get("type"))
            continue
        try:
            shp = shape(geometry)
        except Exception as exc:  # shapely's own errors for malformed coordinates
            problem(f"ongeldige geometrie ({str(exc)[:100]})", number, "geometry")
            continue
        if project is not None:
            shp = shapely.transform(shp, project, interleaved=False)
        minx, miny, maxx, maxy = shp.bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            problem(
                "coördinaten liggen buiten lengte/breedte (WGS84); vermeld het stelsel (bv. EPSG:31370) in ‘crs’",
                number,
                "geometry",
                f"{minx:.0f}, {miny:.0f}",
            )
            continue
        if not shp.is_valid:
            problem("ongeldige veelhoek (zelfdoorsnijding of losse ring)", number, "geometry", naam)
            continue
        polygons = [orient(p, sign=1.0) for p in getattr(shp, "geoms", [shp])]
        fixed = polygons[0] if len(polygons) == 1 else type(shp)(polygons)
        kind = _property(props, names["gebied_type"]) or DEFAULT_AREA_TYPE
        rows.append(
            {
                "gebied_type": str(kind).strip().lower(),
                "code": str(code).strip() if code is not None else None,
                "naam": " ".join(str(naam).split()) if naam is not None else None,
                "ouder": _property(props, names["ouder"]) or CITY,
                "geometrie": json.dumps(mapping(fixed), separators=(",", ":")),
                "bron": filename,
                "bron_regel": number,
            }
        )
    if result.problems:
        return result
    frame = pd.DataFrame(rows)
    for column in ("code", "naam"):
        twice = frame[frame.duplicated(["gebied_type", column], keep=False)]
        for _, row in twice.iterrows():
            problem(f"{column} komt meer dan eens voor", int(row["bron_regel"]), column, row[column])
    if CITY_TYPE in set(frame["gebied_type"]):
        problem(f"een GeoJSON levert gebieden binnen de stad, niet de stad zelf (‘{CITY}’ is gekend)")
    if result.problems:
        return result
    result.rows = frame[dataset.column_names]
    result.notes.append(f"{len(frame)} gebieden ({', '.join(sorted(set(frame['gebied_type'])))}) met hun grens.")
    step(1.0, "Klaar")
    return result
