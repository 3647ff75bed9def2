"""Where a figure comes from: the line of the source document it was read from."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

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
