"""The flow of one upload, each step once: open → choose the sheet → scan → find the header → read
the mapped columns as text → convert column-wise to an Arrow table → total row → the one validator
→ the catalog's derived columns. Never raises for bad input: what cannot be understood becomes a
located problem, and nothing is published."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from etl.catalog import Dataset, UploadField, get_dataset
from etl.derive import complete
from etl.errors import Code, Problem, SourceError
from etl.limits import Limits
from etl.upload.convert import Converted, blank, convert, distinct, expand, plain_text
from etl.upload.header import HEADER_SEARCH_ROWS, column_label, fill_merged_down, find_header
from etl.upload.ooxml import check_sheet_size, scan_sheet
from etl.upload.result import Context, IngestResult, Progress
from etl.upload.totals import check_total, is_total_word, total_row
from etl.upload.workbook import Cells, SheetReader, Workbook, number_form, open_workbook, safe_filename
from etl.validate import MAX_PROBLEMS, Distinct, Where, validate

Current = pa.Table | pd.DataFrame | None
# The current table, or what starts its read (called once the file is parsed).
CurrentSource = Current | Callable[[], Future[Current]]


def read_upload(
    filename: str,
    data: bytes,
    dataset_name: str,
    sheet: str | None = None,
    current: CurrentSource = None,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> IngestResult:
    """Read, convert and check a file for ``dataset_name``; never raises for bad input.
    ``current``: the published table (or a function that starts its read, called once the file is
    parsed), for columns derived from it."""
    dataset = get_dataset(dataset_name)
    with ThreadPoolExecutor(max_workers=1) as pool:
        # hashlib hashes without the GIL: beside the conversion, from the moment the file is parsed
        # (the parse takes both cores; csv dry run, median of 15: 0.112 → 0.107 s)
        hashing = functools.cache(lambda: pool.submit(hashlib.sha256, data))
        result = IngestResult(dataset, safe_filename(filename), "")
        _read(result, data, sheet, current, limits, progress or (lambda _f, _t: None), parsed=hashing)
        result.sha256 = hashing().result().hexdigest()
    return result


def _read(
    result: IngestResult,
    data: bytes,
    sheet: str | None,
    current: CurrentSource,
    limits: Limits | None,
    step: Progress,
    parsed: Callable[[], object],
) -> None:
    """:func:`read_upload` into ``result`` (its file name, as reported when the file cannot even
    be opened, already made safe); ``parsed`` is called once the file is parsed."""
    dataset, filename = result.dataset, result.filename
    if dataset.upload is None:
        result.problems.append(Problem(filename, f"de dataset ‘{dataset.title}’ kan niet via een upload gevoed worden"))
        return
    try:
        step(0.05, "Bestand controleren")
        wb = open_workbook(filename, data, limits)
        result.filename = wb.filename
        result.notes.extend(wb.notes)
        result.sheets = [s.name for s in wb.sheets]
        chosen = _choose_sheet(wb, sheet, result)
        if chosen is None:
            return
        result.sheet = chosen if wb.kind != "csv" else None
        check_sheet_size(wb, chosen, limits)
        step(0.15, "Blad verkennen")
        scan = scan_sheet(wb, chosen, HEADER_SEARCH_ROWS)
        _note_scan(result, scan)
        grid = SheetReader(wb, chosen, limits)
        ctx = Context(wb, result.sheet, result)
        preview = grid.preview(scan.first_row or 1, HEADER_SEARCH_ROWS, scan.head)
        mapping = find_header(ctx, fill_merged_down(preview, scan.merges))
        if mapping is None:
            return
        header_row, columns = mapping
        result.header_row = header_row
        step(0.3, "Gegevens lezen")
        numbers = {c for f, c in columns.items() if dataset.column(f.column).dtype in ("int", "float")}
        cells = grid.load(header_row, numbers, sorted(set(columns.values())), typed=not scan.booleans)
        reading = current() if callable(current) else None  # parsed: read beside the conversion
        parsed()
        step(0.6, "Waarden omzetten en controleren")
        table, rows, reported, by_distinct = _convert(ctx, dataset, columns, cells)
        where = Where.sheet(wb.filename, result.sheet, rows, {f.column: column_label(f, c) for f, c in columns.items()})
        if table.num_rows == 0:
            if not result.problems:
                ctx.problem("het bestand bevat geen gegevensrijen onder de kop", header_row, code=Code.GEEN_RIJEN)
            return
        result.problems += validate(
            dataset,
            table,
            where=where,
            key=dataset.row_key,
            partial=True,
            reported=reported,
            limit=MAX_PROBLEMS - len(result.problems),
            distinct=by_distinct,
        )
        if result.problems:
            return
        step(0.85, "Rijen aanvullen")
        if reading is not None:  # read during the conversion (see etl.publish.prepare)
            current = reading.result()
        # The file's columns passed as they are: no rule of the catalog fills or derives them.
        checked = frozenset(name for name in table.column_names if dataset.column(name).fill is None)
        source = wb.filename if wb.kind == "csv" else f"{wb.filename} › {result.sheet}"
        table = table.append_column("bron", pa.repeat(pa.scalar(source), table.num_rows))
        table = table.append_column("bron_regel", pa.array(rows, pa.int64()))
        done = complete(dataset, table, current=current, where=where, limit=MAX_PROBLEMS)
        result.notes.extend(done.notes)
        result.problems += done.problems
        if not result.problems:  # e.g. no directie to fill in: nothing that could be published
            result.table = done.table
            result.checked = checked
            result.dictionaries = _dictionaries(dataset, by_distinct, source, table, done.table)
    except SourceError as exc:
        result.problems.extend(exc.problems)
    step(1.0, "Klaar")


def _convert(
    ctx: Context, dataset: Dataset, columns: dict[UploadField, int], cells: Cells
) -> tuple[pa.Table, np.ndarray, dict[str, np.ndarray], dict[str, Distinct]]:
    """The mapped columns as an Arrow table in the catalog's types, without the total row (checked)
    and empty rows; with each row's Excel row, per column the positions of the cells already
    reported as unreadable (not to be reported again as missing), and the columns converted
    through their distinct texts as those values (for :func:`validate`)."""
    # A workbook's number cells are told apart by their text, else per cell (``cells.numeric``).
    by_text = [(f.column, c) for f, c in columns.items() if c not in cells.numeric or c in cells.by_text]
    # Arrow works on a column without the GIL: the columns are hashed, then converted, on every
    # core (csv publish of 200,000 rows, median of 12 in fresh processes: hashing 0.171 → 0.158 s).
    with ThreadPoolExecutor(max_workers=max(1, min(len(columns), pa.cpu_count()))) as pool:
        found = pool.map(lambda pair: distinct(cells.texts[pair[1]]), by_text)
        encoded = dict(zip((name for name, _ in by_text), found, strict=True))
        # A column converted cell by cell is needed in one piece; one converted through its distinct
        # texts only for the odd cell (the total row, a problem's value).
        texts = {
            f.column: plain_text(cells.texts[c]) if encoded.get(f.column) is None else cells.texts[c]
            for f, c in columns.items()
        }
        blanks = {name: _blank(t, encoded.get(name)) for name, t in texts.items()}
        coded = frozenset(f.column for f in columns if dataset.column(f.column).allowed)
        total = total_row(texts, blanks, coded)

        def convert_column(field: UploadField, c: int) -> tuple[Converted, Distinct | None]:
            """The column's values, and its distinct values when converted through its texts."""
            codes, column = encoded.get(field.column), dataset.column(field.column)
            at_total = None  # the label of the total row, not a value
            if total is not None and is_total_word(texts[field.column][total].as_py()):
                at_total = _at(len(texts[field.column]), total)
            if codes is None:
                cells_of, present = texts[field.column], pc.invert(blanks[field.column])
                if at_total is not None:
                    cells_of = pc.if_else(at_total, pa.scalar(None, pa.string()), cells_of)
                    present = pc.and_(present, pc.invert(at_total))
                return convert(column, cells_of, cells.numeric.get(c), ctx.wb.date1904, present), None
            if at_total is not None:
                codes = pa.DictionaryArray.from_arrays(
                    pc.if_else(at_total, pa.scalar(None, codes.indices.type), codes.indices), codes.dictionary
                )
            numeric = number_form(codes.dictionary)[0] if c in cells.numeric else None
            by_distinct = convert(column, codes.dictionary, numeric, ctx.wb.date1904)
            return expand(by_distinct, codes.indices), Distinct(by_distinct.values, codes.indices)

        done_by_column = list(pool.map(convert_column, columns, columns.values()))
    converted: dict[str, Converted] = {}
    by_distinct: dict[str, Distinct] = {}
    for (f, c), (done, known) in zip(columns.items(), done_by_column, strict=True):
        label = column_label(f, c)
        for position, message in zip(done.wrong.tolist(), done.messages, strict=True):
            ctx.problem(message, int(cells.rows[position]), label, texts[f.column][position].as_py(), code=Code.TYPE)
        converted[f.column] = done
        if known is not None:
            by_distinct[f.column] = known
    n = len(cells.rows)
    if any(done.values.null_count == 0 for done in converted.values()):  # no row without a value
        keep = np.ones(n, dtype=bool)
    else:
        keep = np.zeros(n, dtype=bool)
        for done in converted.values():
            keep |= done.values.is_valid().to_numpy(zero_copy_only=False)
    if total is not None:
        labels = {f.column: column_label(f, c) for f, c in columns.items()}
        values = {name: done.values for name, done in converted.items()}
        check_total(ctx, dataset, values, total, int(cells.rows[total]), labels)
        keep[total] = False
    positions = np.flatnonzero(keep)
    if len(positions) == n:  # no empty rows, no total row: nothing to leave out
        table = pa.table({name: done.values for name, done in converted.items()})
    else:
        index = pa.array(positions)
        table = pa.table({name: done.values.take(index) for name, done in converted.items()})
        by_distinct = {name: Distinct(d.values, d.indices.take(index)) for name, d in by_distinct.items()}
    # positions in the kept rows (a row dropped as empty has nothing left to report)
    reported = {
        name: np.searchsorted(positions, done.wrong[keep[done.wrong]])
        for name, done in converted.items()
        if len(done.wrong)
    }
    return table, cells.rows[positions], reported, by_distinct


def _dictionaries(
    dataset: Dataset, by_distinct: dict[str, Distinct], source: str, converted: pa.Table, final: pa.Table
) -> dict[str, pa.DictionaryArray]:
    """The text columns the catalog's rules left as they were converted, dictionary-encoded as they
    were converted, and the source (one file for every row): see :attr:`IngestResult.dictionaries`.
    A column is left as it was when it is the very same array (a rule that fills or derives it, or
    orders the rows anew, makes a new one)."""
    forms = {
        name: pa.DictionaryArray.from_arrays(known.indices, known.values)
        for name, known in by_distinct.items()
        if dataset.column(name).dtype == "string" and known.values.null_count == 0
    }
    forms["bron"] = pa.DictionaryArray.from_arrays(pa.array(np.zeros(converted.num_rows, np.int32)), pa.array([source]))
    return {name: form for name, form in forms.items() if _same_array(converted[name], final[name])}


def _same_array(before: pa.ChunkedArray, after: pa.ChunkedArray) -> bool:
    """Whether two columns are backed by the very same buffers."""
    return before.num_chunks == after.num_chunks and all(
        [b and b.address for b in one.buffers()] == [b and b.address for b in other.buffers()]
        for one, other in zip(before.chunks, after.chunks, strict=True)
    )


def _blank(texts: pa.Array | pa.ChunkedArray, codes: pa.DictionaryArray | None) -> pa.Array:
    """:func:`blank` of the cells, through their distinct texts when encoded (a null index: no cell)."""
    if codes is None:
        return blank(texts)
    in_dictionary = blank(codes.dictionary)
    if not pc.any(in_dictionary).as_py():  # mostly: no blank text, only cells without one (a null index)
        return pc.is_null(codes.indices)
    return pc.fill_null(in_dictionary.take(codes.indices), True)


def _at(n: int, position: int) -> pa.Array:
    mask = np.zeros(n, dtype=bool)
    mask[position] = True
    return pa.array(mask)


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
