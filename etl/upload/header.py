"""Finding the header row by name: case, spaces and accents do not matter, synonyms from the catalog
(``VTE`` for ``fte``) count, title or note rows above it are fine, and a header cell merged over
rows names the columns below it too."""

from __future__ import annotations

import re
import unicodedata

from etl.catalog import UploadField
from etl.upload.result import Context
from etl.upload.workbook import column_index, column_letter

HEADER_SEARCH_ROWS = 30


def normalise_header(text: object) -> str:
    """ "  VTE " → "vte"; "Aantal inwoners" → "aantalinwoners"; "Geslacht (M/V)" → "geslachtmv"."""
    plain = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", plain.lower())


def _names(f: UploadField) -> set[str]:
    return {normalise_header(n) for n in (f.column, *f.synonyms)}


_RANGE = re.compile(r"^([A-Z]+)(\d+):[A-Z]+(\d+)$")


def fill_merged_down(preview, merges: list[str]):
    """A header cell merged over rows (‘Afdeling’ over rows 2–3) holds its text in the top cell
    only: repeat it in the cells below, so that the lower row has every column name."""
    rows = {excel_row: (cells, columns) for excel_row, cells, columns in preview}
    for ref in merges:
        match = _RANGE.match(ref)
        if not match:
            continue
        col, top, bottom = column_index(match.group(1)), int(match.group(2)), int(match.group(3))
        if top not in rows or col not in rows[top][1]:
            continue
        text = rows[top][0][rows[top][1].index(col)]
        for r in range(top + 1, bottom + 1):
            if r in rows and col in rows[r][1]:
                cells, columns = rows[r]
                if cells[columns.index(col)] is None:
                    cells[columns.index(col)] = text
    return preview


def find_header(ctx: Context, preview) -> tuple[int, dict[UploadField, int]] | None:
    """The first row that names every required column; else a problem naming what is missing."""
    spec = ctx.result.dataset.upload
    assert spec is not None
    best: tuple[int, dict[UploadField, int]] | None = None
    for excel_row, cells, columns in preview:
        found: dict[UploadField, int] = {}
        seen: dict[UploadField, int] = {}
        for cell, col in zip(cells, columns, strict=True):
            key = normalise_header(cell)
            if not key:
                continue
            for f in spec.fields:
                if key in _names(f):
                    if f in seen:
                        ctx.problem(
                            f"kolom ‘{f.column}’ komt twee keer voor in de kop ({column_letter(seen[f])} en "
                            f"{column_letter(col)})",
                            excel_row,
                        )
                    seen[f] = col
                    found.setdefault(f, col)
        required = [f for f in spec.fields if f.required]
        if all(f in found for f in required):
            return excel_row, found
        if best is None or len(found) > len(best[1]):
            best = (excel_row, found)
    if not preview:
        ctx.problem("het blad is leeg")
        return None
    missing = [f for f in spec.fields if f.required and (best is None or f not in best[1])]
    for f in missing:
        also = f" (of: {', '.join(f.synonyms)})" if f.synonyms else ""
        ctx.problem(
            f"verplichte kolom ‘{f.column}’{also} niet gevonden in de eerste {HEADER_SEARCH_ROWS} rijen",
            best[0] if best and best[1] else None,
        )
    return None


def column_label(f: UploadField, col: int) -> str:
    return f"{f.column} ({column_letter(col)})"
