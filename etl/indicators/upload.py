"""Indicator values from a spreadsheet, long or wide, into ``indicatorwaarden`` rows.

* long: one row per value, columns ``indicator, gebied, jaar (periode), waarde`` (found by name
  or synonym from the catalog, title rows above the header are fine);
* wide: one indicator per sheet, areas as rows and periods as columns (``Wijk | 2019 | 2020``),
  title and note rows above the header, a ``Totaal`` row (the city's value) at the bottom.

The indicator of a wide sheet is named in a row ``Indicator | code`` above the header, by the
sheet's name, by its title row, or is the only one on the workbook's ``indicatoren`` sheet. New
indicators need their metadata on that sheet (read by the generic sheet reader, published with
the values) unless they are already published. Every problem names file, sheet, row, column.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Callable

import pandas as pd

from etl.catalog import Dataset, get_dataset
from etl.errors import SourceError
from etl.indicators.model import (
    AFGESCHERMD,
    CITY,
    CITY_TYPE,
    GEWOON,
    Gebied,
    GebiedMatcher,
    gebied_key,
    read_cell,
)
from etl.limits import Limits
from etl.numbers import format_auto
from etl.upload.flow import read_upload
from etl.upload.header import HEADER_SEARCH_ROWS, normalise_header
from etl.upload.ooxml import check_sheet_size
from etl.upload.result import Context, IngestResult, Progress
from etl.upload.workbook import Workbook, check_size_as_read, column_letter, open_workbook, safe_filename
from etl.validate import MAX_PROBLEMS, Where, check

Lookup = Callable[[str], pd.DataFrame | None]  # the published table of a dataset, or None
META_SHEET = get_dataset("indicatorwaarden").upload.companions[0]  # type: ignore[union-attr]
_PERIOD = re.compile(r"^(\d{4})(?:\s*[-/ ]?\s*([KQkq])([1-4])|\s*-\s*(0[1-9]|1[0-2]))?$")
_TOTAL_KEYS = {"totaal", "total", "totalen", "som", "eindtotaal", "algemeentotaal", "stad", "stadtotaal"}


def period(value: object) -> tuple[str, int] | None:
    """A period heading or cell → (periode, jaar): 2019 → ("2019", 2019); "2021 Q1" → ("2021-K1", 2021)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        if value != int(value) or not 1900 <= value <= 2100:
            return None
        return str(int(value)), int(value)
    match = _PERIOD.match(str(value).strip())
    if not match or not 1900 <= int(match.group(1)) <= 2100:
        return None
    year = int(match.group(1))
    if match.group(3):
        return f"{year}-K{match.group(3)}", year
    if match.group(4):
        return f"{year}-{match.group(4)}", year
    return str(year), year


def _text(value: object) -> str:
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return " ".join(str(value).split()) if value is not None else ""


def _blank(value: object) -> bool:
    if isinstance(value, str):
        return not value.strip()
    return value is None or (isinstance(value, float) and value != value)


class _Reader:
    def __init__(self, wb: Workbook, sheet: str | None, result: IngestResult, lookup: Lookup):
        self.wb, self.sheet, self.result = wb, sheet, result
        self.ctx = Context(wb, sheet, result)
        self.source = wb.filename if wb.kind == "csv" else f"{wb.filename} › {sheet}"
        gebieden = lookup("gebieden")
        areas = (
            None
            if gebieden is None or gebieden.empty
            else [Gebied(t, n) for t, n in zip(gebieden["gebied_type"], gebieden["naam"], strict=True)]
        )
        self.areas = GebiedMatcher(areas)
        self.rows: list[dict] = []
        self.unconfirmed: dict[str, None] = {}  # areas accepted without a gebieden table, in order

    def problem(self, message: str, row: int | None = None, column: int | None = None, value: object = None) -> None:
        """Reported as the sheet reader reports (file, sheet, Excel row, column letter, value)."""
        self.ctx.problem(message, row, None if column is None else column_letter(column), value)

    def area(self, name: object, row: int, column: int, default_type: str | None = None) -> Gebied | None:
        text = _text(name)
        if normalise_header(text) in _TOTAL_KEYS:
            return Gebied(CITY_TYPE, CITY)
        found = self.areas.match(text, default_type or "wijk")
        if found is None:
            close = self.areas.suggestion(text)
            hint = f"; bedoelt u ‘{close}’?" if close else ""
            self.problem(f"onbekend gebied (niet in ‘gebieden’){hint}", row, column, text)
            return None
        if not self.areas.known and found.gebied_type != CITY_TYPE:
            self.unconfirmed.setdefault(found.naam)
        return found

    def value(self, indicator: dict, area: Gebied, when: tuple[str, int], cell: object, row: int, column: int) -> None:
        parsed = read_cell(cell, counts=indicator.get("aggregatie") == "som")
        if parsed.error:
            self.problem(parsed.error, row, column, cell)
            return
        self.rows.append(
            {
                "indicator": indicator["code"],
                "gebied_type": area.gebied_type,
                "gebied": area.naam,
                "periode": when[0],
                "jaar": when[1],
                "waarde": parsed.waarde,
                "status": parsed.status,
                "bron": self.source,
                "bron_regel": row,
                "bron_kolom": column_letter(column),
            }
        )


def _grid(wb: Workbook, sheet: str, limits: Limits | None) -> list[list[object]]:
    """The whole sheet as Python values from A1 (the indicator sheets are small: areas × periods)."""
    if wb.csv is not None:
        return wb.csv.rows()
    check_sheet_size(wb, sheet, limits)
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_object(io.BytesIO(wb.data))
        grid = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises its own error types
        raise wb.refuse(f"het blad kan niet gelezen worden ({str(exc).splitlines()[0][:160]})", blad=sheet) from exc
    check_size_as_read(wb, sheet, len(grid), max((len(r) for r in grid), default=0), limits)
    return grid


def _cell(grid: list[list[object]], r: int, c: int) -> object:
    return grid[r][c] if r < len(grid) and c < len(grid[r]) else None


def _long_header(grid, dataset: Dataset) -> tuple[int, dict[str, int]] | None:
    spec = dataset.upload
    assert spec is not None
    for r in range(min(HEADER_SEARCH_ROWS, len(grid))):
        found: dict[str, int] = {}
        for c, cell in enumerate(grid[r]):
            key = normalise_header(cell)
            for f in spec.fields:
                if key and key in {normalise_header(n) for n in (f.column, *f.synonyms)}:
                    found.setdefault(f.column, c)
        if all(f.column in found for f in spec.fields if f.required):
            return r, found
    return None


def _wide_header(grid) -> tuple[int, int, dict[int, tuple[str, int]]] | None:
    """(header row, area column, {column: period}) of the first row with periods as headings."""
    for r in range(min(HEADER_SEARCH_ROWS, len(grid))):
        periods = {c: p for c, cell in enumerate(grid[r]) if (p := period(cell)) is not None}
        if not periods:
            continue
        first = min(periods)
        labels = [c for c in range(first) if not _blank(grid[r][c])]
        if labels:
            return r, labels[-1], periods
    return None


def _known_indicators(lookup: Lookup, meta: pd.DataFrame | None) -> dict[str, dict]:
    known: dict[str, dict] = {}
    for frame in (lookup("indicatoren"), meta):
        if frame is not None and not frame.empty:
            for row in frame.to_dict("records"):
                known[row["code"]] = row
    return known


def _wide_indicator(reader: _Reader, grid, header: int, known: dict[str, dict], meta) -> dict | None:
    """The indicator a wide sheet holds (see the module doc), or a problem saying how to name it."""
    by_key = {gebied_key(code): row for code, row in known.items()}
    by_key.update({gebied_key(row["titel"]): row for row in known.values() if row.get("titel")})
    for r in range(header):
        cells = [c for c in grid[r] if not _blank(c)]
        if len(cells) >= 2 and normalise_header(cells[0]) in ("indicator", "indicatorcode", "code"):
            found = by_key.get(gebied_key(cells[1]))
            if found is None:
                reader.problem(
                    "onbekende indicator: zet haar beschrijving op een blad ‘indicatoren’ in dit werkboek",
                    r + 1,
                    None,
                    cells[1],
                )
            return found
    if reader.sheet and gebied_key(reader.sheet) in by_key:
        return by_key[gebied_key(reader.sheet)]
    for r in range(header):
        for cell in grid[r]:
            if not _blank(cell) and gebied_key(cell) in by_key:
                return by_key[gebied_key(cell)]
    if meta is not None and len(meta) == 1:
        return known[meta["code"].iloc[0]]
    reader.problem(
        "welke indicator staat op dit blad? Zet boven de kop een rij ‘Indicator | code’, geef het blad de "
        "code als naam, of beschrijf precies één indicator op het blad ‘indicatoren’",
        header + 1,
    )
    return None


def _read_wide(reader: _Reader, grid, header: int, area_col: int, periods, indicator: dict) -> None:
    ended = False
    for r in range(header + 1, len(grid)):
        label = _cell(grid, r, area_col)
        values = {c: _cell(grid, r, c) for c in periods}
        if _blank(label) and all(_blank(v) for v in values.values()):
            ended = ended or bool(reader.rows)  # a blank row after the table: below it are notes
            continue
        if ended:
            continue
        if _blank(label):
            reader.problem("rij met waarden maar zonder gebied", r + 1, area_col)
            continue
        area = reader.area(label, r + 1, area_col)
        if area is None:
            continue
        for c, when in periods.items():
            reader.value(indicator, area, when, values[c], r + 1, c)


def _read_long(reader: _Reader, grid, header: int, columns: dict[str, int], known: dict[str, dict]) -> None:
    for r in range(header + 1, len(grid)):
        cells = {name: _cell(grid, r, c) for name, c in columns.items()}
        if all(_blank(v) for v in cells.values()):
            continue
        code = _text(cells["indicator"])
        indicator = known.get(code)
        if indicator is None:
            reader.problem(
                "onbekende indicator: zet haar beschrijving op een blad ‘indicatoren’ in dit werkboek",
                r + 1,
                columns["indicator"],
                code,
            )
            continue
        when = period(cells["periode"])
        if when is None:
            reader.problem("geen periode (jaar zoals 2021, of 2021-K1)", r + 1, columns["periode"], cells["periode"])
            continue
        default_type = _text(cells.get("gebied_type")) or None
        area = reader.area(cells["gebied"], r + 1, columns["gebied"], default_type)
        if area is not None:
            reader.value(indicator, area, when, cells["waarde"], r + 1, columns["waarde"])


def _check_totals(reader: _Reader, frame: pd.DataFrame, known: dict[str, dict]) -> pd.DataFrame:
    """Per indicator (``som``) and period: the city's value against the sum of its parts, and a
    second suppression where one suppressed area could be recomputed from the total."""
    for (code, periode), group in frame.groupby(["indicator", "periode"], sort=False):
        if known[code].get("aggregatie") != "som":
            continue
        city = group[group["gebied_type"] == CITY_TYPE]
        parts = group[group["gebied_type"] != CITY_TYPE]
        if city.empty or parts.empty or city["status"].iloc[0] != GEWOON:
            continue
        hidden = parts["status"] == AFGESCHERMD
        if (parts["status"] == GEWOON).all():
            total, expected = float(parts["waarde"].sum()), float(city["waarde"].iloc[0])
            if abs(total - expected) > max(0.005, abs(expected) * 1e-9):
                row = city.iloc[0]
                reader.problem(
                    f"de totaalrij klopt niet: de som van de gebieden is {format_auto(total, 6)}",
                    int(row["bron_regel"]),
                    None,
                    expected,
                )
        elif hidden.sum() == 1:
            shown = parts[parts["status"] == GEWOON]
            if not shown.empty:
                smallest = shown["waarde"].idxmin()
                frame.loc[smallest, ["waarde", "status"]] = [None, AFGESCHERMD]
                reader.result.notes.append(
                    f"{code} {periode}: ook ‘{frame.loc[smallest, 'gebied']}’ afgeschermd, zodat het ene "
                    "afgeschermde gebied niet uit het totaal te berekenen is."
                )
    return frame


def _check(reader: _Reader, dataset: Dataset, frame: pd.DataFrame) -> None:
    """The catalog's rules (one validator): a value twice for the same indicator, area and period."""
    where = Where.sheet(reader.wb.filename, reader.sheet, frame["bron_regel"].to_numpy(), {})
    limit = MAX_PROBLEMS - len(reader.result.problems)
    _, problems = check(dataset, frame, where=where, key=dataset.row_key, partial=True, limit=limit)
    reader.result.problems.extend(problems)


def _choose_sheet(wb: Workbook, sheet: str | None) -> str:
    names = [s.name for s in wb.sheets]
    if sheet is not None:
        if sheet not in names:
            raise wb.refuse(f"blad ‘{sheet}’ bestaat niet; bladen: {', '.join(names)}")
        return sheet
    data = [s for s in wb.visible_sheets() if normalise_header(s) != META_SHEET]
    if not data:
        raise wb.refuse("het werkboek heeft geen zichtbaar blad met waarden (naast ‘indicatoren’)")
    return data[0]


def _metadata(wb: Workbook, filename: str, data: bytes, limits: Limits | None, result: IngestResult):
    """The workbook's ``indicatoren`` sheet (the catalog's companion) through the generic sheet
    reader, or None."""
    sheet = next((s.name for s in wb.sheets if normalise_header(s.name) == META_SHEET), None)
    if sheet is None or wb.kind == "csv":
        return None
    meta = read_upload(filename, data, META_SHEET, sheet=sheet, limits=limits)
    result.problems.extend(meta.problems)
    return None if meta.problems or meta.rows.empty else meta.rows


def read_indicator_values(
    filename: str,
    data: bytes,
    dataset: Dataset,
    lookup: Lookup,
    sheet: str | None = None,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> IngestResult:
    """Read, convert and check an indicator workbook; never raises for bad input."""
    step = progress or (lambda _f, _t: None)
    filename = safe_filename(filename)
    result = IngestResult(dataset, filename, hashlib.sha256(data).hexdigest())
    try:
        step(0.05, "Bestand controleren")
        wb = open_workbook(filename, data, limits)
        result.filename, result.sheets = wb.filename, [s.name for s in wb.sheets]
        result.notes.extend(wb.notes)
        chosen = _choose_sheet(wb, sheet)
        result.sheet = chosen if wb.kind != "csv" else None
        step(0.2, "Beschrijving van de indicatoren lezen")
        meta = _metadata(wb, filename, data, limits, result)
        known = _known_indicators(lookup, meta)
        step(0.4, "Waarden lezen")
        grid = _grid(wb, chosen, limits)
        reader = _Reader(wb, result.sheet, result, lookup)
        long = _long_header(grid, dataset)
        wide = None if long else _wide_header(grid)
        if long:
            result.header_row = long[0] + 1
            _read_long(reader, grid, long[0], long[1], known)
        elif wide:
            result.header_row = wide[0] + 1
            indicator = _wide_indicator(reader, grid, wide[0], known, meta)
            if indicator is not None:
                _read_wide(reader, grid, wide[0], wide[1], wide[2], indicator)
        else:
            reader.problem(
                "geen kop gevonden: lang formaat (indicator, gebied, jaar, waarde) of breed formaat "
                f"(gebied | 2019 | 2020 | …) in de eerste {HEADER_SEARCH_ROWS} rijen"
            )
        step(0.7, "Waarden controleren")
        if not reader.rows and not result.problems:
            reader.problem("het blad bevat geen waarden onder de kop", result.header_row)
        if result.problems:
            return result
        frame = pd.DataFrame(reader.rows)
        _check(reader, dataset, frame)
        frame = _check_totals(reader, frame, known)
        if result.problems:
            return result
        _describe(result, frame, meta, known, reader)
        result.rows = frame[dataset.column_names]
        if meta is not None:
            result.extra[META_SHEET] = meta
    except SourceError as exc:
        result.problems.extend(exc.problems)
    step(1.0, "Klaar")
    return result


def _describe(result: IngestResult, frame: pd.DataFrame, meta, known, reader: _Reader) -> None:
    counts = frame["status"].value_counts()
    result.notes.append(
        f"{len(frame)} waarden van {frame['indicator'].nunique()} indicator(en) voor "
        f"{frame['gebied'].nunique()} gebieden: {counts.get(GEWOON, 0)} gewoon, "
        f"{counts.get('ontbreekt', 0)} ontbrekend, {counts.get(AFGESCHERMD, 0)} afgeschermd."
    )
    if meta is not None:
        result.notes.append(
            "Blad ‘indicatoren’: de beschrijving van "
            + ", ".join(f"‘{c}’" for c in meta["code"])
            + " wordt mee gepubliceerd."
        )
    if reader.unconfirmed:
        result.notes.append(
            "Er is nog geen tabel ‘gebieden’: controleer deze gebieden (geladen als wijk): "
            + ", ".join(reader.unconfirmed)
            + "."
        )
    synthetic = sorted({c for c in frame["indicator"] if known[c].get("synthetisch") == "ja"})
    if synthetic:
        result.notes.append(f"Demogegevens (synthetisch): {', '.join(synthetic)}.")


def lookup_from(store) -> Lookup:
    """Published tables of a :class:`etl.store.Store` as frames."""

    def read(name: str) -> pd.DataFrame | None:
        get_dataset(name)
        table = store.read_current(name)
        return None if table is None else table.to_pandas()

    return read
