"""The flow of one upload, each step once: open → choose the sheet → scan → find the header → read
the mapped columns → convert → total row → check → complete. Never raises for bad input: what
cannot be understood becomes a located problem, and nothing is published."""

from __future__ import annotations

import hashlib
from concurrent.futures import Future

import pandas as pd

from etl.catalog import Dataset, UploadField, get_dataset
from etl.errors import Problem, SourceError
from etl.limits import Limits
from etl.upload.convert import _convert
from etl.upload.header import HEADER_SEARCH_ROWS, _fill_merged_down, _find_header, _label
from etl.upload.ooxml import check_sheet_size, scan_sheet
from etl.upload.result import IngestResult, Progress, _Ctx
from etl.upload.rules_glue import _check, _complete
from etl.upload.totals import _drop_total_row, _is_total_word, _total_row
from etl.upload.workbook import Workbook, _Sheet, open_workbook, safe_filename


def read_upload(
    filename: str,
    data: bytes,
    dataset_name: str,
    sheet: str | None = None,
    current: pd.DataFrame | Future[pd.DataFrame | None] | None = None,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> IngestResult:
    """Read, convert and check a file for ``dataset_name``; never raises for bad input."""
    step = progress or (lambda _f, _t: None)
    dataset = get_dataset(dataset_name)
    filename = safe_filename(filename)  # also what is reported when the file cannot even be opened
    result = IngestResult(dataset, filename, hashlib.sha256(data).hexdigest())
    if dataset.upload is None:
        result.problems.append(Problem(filename, f"de dataset ‘{dataset.title}’ kan niet via een upload gevoed worden"))
        return result
    try:
        step(0.05, "Bestand controleren")
        wb = open_workbook(filename, data, limits)
        result.filename = wb.filename
        result.notes.extend(wb.notes)
        result.sheets = [s.name for s in wb.sheets]
        chosen = _choose_sheet(wb, sheet, result)
        if chosen is None:
            return result
        result.sheet = chosen if wb.kind != "csv" else None
        check_sheet_size(wb, chosen, limits)
        step(0.15, "Blad verkennen")
        scan = scan_sheet(wb, chosen, HEADER_SEARCH_ROWS)
        _note_scan(result, scan)
        grid = _Sheet(wb, chosen, limits)
        ctx = _Ctx(wb, result.sheet, result)
        preview = grid.preview(scan.first_row or 1, HEADER_SEARCH_ROWS, scan.head)
        mapping = _find_header(ctx, _fill_merged_down(preview, scan.merges))
        if mapping is None:
            return result
        header_row, columns = mapping
        result.header_row = header_row
        step(0.3, "Gegevens lezen")
        kinds = {idx: dataset.column(f.column).dtype for f, idx in columns.items()}
        rows, values = grid.load(header_row, kinds)
        step(0.6, "Waarden omzetten en controleren")
        frame = _to_frame(ctx, dataset, columns, rows, values)
        frame = _drop_total_row(ctx, dataset, frame, columns)
        _check(ctx, dataset, frame, columns)
        step(0.85, "Rijen aanvullen")
        if isinstance(current, Future):  # read while the file was being parsed (see etl.publish.prepare)
            current = current.result()
        result.rows = _complete(ctx, dataset, frame, current)
    except SourceError as exc:
        result.problems.extend(exc.problems)
    step(1.0, "Klaar")
    return result


def _choose_sheet(wb: Workbook, sheet: str | None, result: IngestResult) -> str | None:
    hidden = [s for s in wb.sheets if s.visible != "visible"]
    if sheet is None:
        visible = wb.visible_sheets()
        if not visible:
            result.problems.append(Problem(wb.filename, "het werkboek heeft geen zichtbare bladen"))
            return None
        sheet = visible[0]
    elif sheet not in {s.name for s in wb.sheets}:
        names = ", ".join(f"‘{s.name}’" for s in wb.sheets)
        result.problems.append(Problem(wb.filename, f"blad ‘{sheet}’ bestaat niet; bladen: {names}"))
        return None
    if hidden:
        kinds = {"hidden": "verborgen", "veryhidden": "zeer verborgen"}
        listed = ", ".join(f"‘{s.name}’ ({kinds.get(s.visible, s.visible)})" for s in hidden)
        result.notes.append(f"Verborgen bladen: {listed}. Alleen blad ‘{sheet}’ wordt gelezen.")
    if len(wb.sheets) > 1 and wb.kind != "csv":
        result.notes.append(f"Gelezen blad: ‘{sheet}’ (van {len(wb.sheets)} bladen).")
    return sheet


def _note_scan(result: IngestResult, scan) -> None:
    if scan.formulas:
        shown = ", ".join(scan.formulas[:5]) + (" …" if len(scan.formulas) > 5 else "")
        result.notes.append(
            f"{len(scan.formulas)} cel(len) bevatten een formule ({shown}); de laatst door Excel berekende "
            "waarde wordt gebruikt. Herbereken het bestand in Excel als u twijfelt."
        )
    if scan.merges:
        shown = ", ".join(scan.merges[:5]) + (" …" if len(scan.merges) > 5 else "")
        result.notes.append(f"Samengevoegde cellen ({shown}): de kolomkoppen worden per kolom gezocht.")


def _to_frame(ctx: _Ctx, dataset: Dataset, columns: dict[UploadField, int], rows, values) -> pd.DataFrame:
    total = _total_row(columns, values, frozenset(c for f, c in columns.items() if dataset.column(f.column).allowed))
    data: dict[str, list[object]] = {"_rij": rows}
    for f, col in columns.items():
        cells = list(values[col])
        if total is not None and _is_total_word(cells[total]):
            cells[total] = None  # the label of the total row, not a value
        data[f.column] = _convert(ctx, dataset.column(f.column), _label(f, col), rows, cells)
    frame = pd.DataFrame(data)
    frame["_totaal"] = [i == total for i in range(len(frame))]
    fields = [f.column for f in columns]
    empty = frame[fields].isna().all(axis=1) & ~frame["_totaal"]
    return frame[~empty].reset_index(drop=True)
