"""Where a figure comes from: the line of the source document it was read from."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from dashboard.formatting import format_date
from etl.catalog import get_dataset
from etl.paths import raw_dir


@lru_cache(maxsize=16)
def _lines(path: Path, mtime_ns: int) -> tuple[str, ...]:
    return tuple(path.read_text(encoding="utf-8").splitlines())


def source_line(bron: str, regel: int) -> str | None:
    """The text of line ``regel`` of source file ``bron`` in data/raw, or None.

    ``bron`` must be a bare file name in the raw folder: anything else (a path, ``..``) is refused.
    """
    if not bron or Path(bron).name != bron or bron.startswith("."):
        return None
    path = raw_dir() / bron
    if not path.is_file():
        return None
    lines = _lines(path, path.stat().st_mtime_ns)
    return lines[regel - 1].strip() if 1 <= regel <= len(lines) else None


def source_note(dataset_name: str, regels: list[int] | None, updated: dt.datetime | None, markdown: bool = True) -> str:
    """What is said under a chart (on the page and in the report): dataset title, source document
    (and lines), reference date, when it was written, licence, and a demo-data warning."""
    ds = get_dataset(dataset_name)
    where = ds.source
    if regels:
        unique = sorted(set(regels))
        where += ", regel " + ", ".join(map(str, unique)) if len(unique) <= 6 else f", regels {unique[0]}–{unique[-1]}"
    stamp = f" Bijgewerkt: {format_date(updated)}." if updated else ""
    demo = " DEMOGEGEVENS, geen echte cijfers." if ds.synthetic else ""
    licence = ""
    if ds.public:
        licence = f" Licentie: [{ds.licence}]({ds.licence_uri})." if markdown else f" Licentie: {ds.licence}."
    if markdown and demo:
        demo = f" **{demo.strip()}**"
    return f"Bron: {ds.title} — {where}. Peildatum: {ds.reference_date or 'zie gegevens'}.{stamp}{licence}{demo}"
