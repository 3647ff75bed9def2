"""Writing Parquet so that a crash never leaves a half-written table behind.

A table is written to a temporary file in the same folder, flushed and fsync'ed, then moved over
the old one with ``os.replace`` (atomic on POSIX), and the folder is fsync'ed so the rename
itself survives a power cut.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pyarrow only where Parquet is written: the login page writes bytes, not tables
    import pyarrow as pa


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_temp_parquet(table: pa.Table, target: Path) -> Path:
    """Write ``table`` next to ``target`` under a temporary name, durably; return that path."""
    import pyarrow.parquet as pq

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    os.chmod(tmp, 0o644)  # mkstemp creates 0600; the app may run as another user
    try:
        with os.fdopen(fd, "wb") as handle:
            pq.write_table(table, handle, compression="zstd")
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def replace_all(moves: list[tuple[Path, Path]]) -> None:
    """Move each finished temporary file over its target, then make the renames durable."""
    for tmp, target in moves:
        os.replace(tmp, target)
    for folder in {target.parent for _, target in moves}:
        fsync_dir(folder)


def write_parquet_atomic(table: pa.Table, target: Path) -> None:
    replace_all([(write_temp_parquet(table, target), target)])


def write_bytes_atomic(data: bytes, target: Path) -> None:
    """Like :func:`write_parquet_atomic` for bytes that are already a Parquet file (a version)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    os.chmod(tmp, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)
