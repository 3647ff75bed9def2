"""Hostile and broken input for the reliability suite, made by code (no binaries in the repository),
and the shared checks: what the published data looked like before, and a child process measured.

Files are built in memory when small; the zip bombs are streamed to disk so that a test never holds
gigabytes (the compressed bytes of a run of zeros are computed once and repeated).
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.upload import files
from tests.upload.files import FTE_TABLE

ROOT = Path(__file__).resolve().parent.parent
HEAVY = os.environ.get("MECHELEN_HEAVY_TESTS") == "1"
heavy = pytest.mark.skipif(not HEAVY, reason="zware variant: alleen met MECHELEN_HEAVY_TESTS=1")

CHUNK = 1 << 20  # 1 MiB


def heavy_or(normal: int, heavier: int) -> int:
    """A count or size for the normal suite, or the larger one under MECHELEN_HEAVY_TESTS=1."""
    return heavier if HEAVY else normal


# --- zip bombs ------------------------------------------------------------------------------------


class _RepeatedBlock:
    """A stand-in for zlib's compressor that is fed only 1 MiB runs of zeros: after a full flush
    deflate restarts from a clean state, so every such run compresses to the same bytes."""

    def __init__(self) -> None:
        real = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.block = real.compress(bytes(CHUNK)) + real.flush(zlib.Z_FULL_FLUSH)
        self.end = real.flush()

    def compress(self, data: bytes) -> bytes:
        assert len(data) == CHUNK and not any(data[:64]), "only runs of zeros"
        return self.block

    def flush(self) -> bytes:
        return self.end


def zip_bomb(path: Path, uncompressed_mb: int, part: str = "xl/worksheets/sheet1.xml") -> Path:
    """A real workbook whose ``part`` is ``uncompressed_mb`` MiB of zeros (about 1 MB per GB on disk).
    The archive is valid (sizes and CRC true); only the decompressed size is absurd."""
    good = files.fte_xlsx()
    zero = bytes(CHUNK)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        with zipfile.ZipFile(io.BytesIO(good)) as source:
            for info in source.infolist():
                if info.filename != part:
                    target.writestr(info.filename, source.read(info.filename))
        with target.open(part, "w", force_zip64=True) as handle:
            handle._compressor = _RepeatedBlock()  # zipfile has no public way to write precompressed data
            for _ in range(uncompressed_mb):
                handle.write(zero)
    return path


def lying_zip_bomb(data_mb: int, part: str = "xl/styles.xml", table: list[list] = FTE_TABLE) -> bytes:
    """A workbook (of ``table``) whose ``part`` decompresses to ``data_mb`` MiB of XML whitespace
    while its headers declare the size of a small part: size checks on the directory alone would
    pass it."""
    good = files.xlsx(table)
    with zipfile.ZipFile(io.BytesIO(good)) as source:
        original = source.read(part)
    end = original.rindex(b"</")  # whitespace before the closing tag of the root element
    huge = original[:end] + b" " * (data_mb * CHUNK) + original[end:]
    bomb = files.patch_part(good, part, lambda _xml: huge)
    declared = len(original)
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        info = archive.getinfo(part)
    patched = bytearray(bomb)
    # uncompressed size: local header offset 22, central directory entry offset 24
    patched[info.header_offset + 22 : info.header_offset + 26] = struct.pack("<I", declared)
    central = bomb.index(b"PK\x01\x02")
    while bomb[central + 46 : central + 46 + len(part)] != part.encode():
        central = bomb.index(b"PK\x01\x02", central + 4)
    patched[central + 24 : central + 28] = struct.pack("<I", declared)
    return bytes(patched)


# --- the other hostile files ----------------------------------------------------------------------


def huge_dimension() -> bytes:
    """A small sheet that declares 100.000 rows × 10.000 columns."""
    return files.with_dimension(files.fte_xlsx(), "A1:NTP100000")


def mixed_encoding_csv() -> bytes:
    """A CSV saved partly as UTF-8 and partly as Windows-1252 (two exports pasted together)."""
    head = "Afdeling;VTE;Directie\r\nFinanciën;52,86;Samen Leven\r\n".encode()
    tail = "Crèche;12;Samen Leven\r\nWelzijn;3;Samen Leven\r\n".encode("cp1252")
    return head + tail


def nul_csv() -> bytes:
    return files.csv_bytes(FTE_TABLE).replace(b"Burgerzaken", b"Burger\x00zaken")


def long_line_csv(line_bytes: int) -> bytes:
    """A header and then one line of ``line_bytes`` bytes (no newline in it)."""
    return b"Afdeling;VTE\r\n" + b"x" * line_bytes + b"\r\n"


def random_bytes(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


@dataclass(frozen=True)
class Hostile:
    """One hostile upload: its file name, its bytes, and text the refusal must contain."""

    name: str
    data: Callable[[], bytes]
    expect: str
    env: tuple[tuple[str, str], ...] = ()  # limits configured for this case


LINE_KB = 4  # MECHELEN_MAX_LINE_KB for the long-line case in the normal suite

HOSTILE = [
    Hostile("geen_zip.xlsx", lambda: b"Afdeling;VTE\nFinancien;52,86\n", "geen zip-archief"),
    Hostile("afgekapt.xlsx", lambda: files.fte_xlsx()[:1500], "beschadigd"),
    Hostile("dimensie.xlsx", huge_dimension, "declareert 10000 kolommen"),
    Hostile("nul.csv", nul_csv, "NUL-tekens"),
    Hostile("gemengd.csv", mixed_encoding_csv, "tekstcodering"),
    Hostile(
        "lange_regel.csv",
        lambda: long_line_csv(LINE_KB * 1024 + 1),
        f"langer dan {LINE_KB} kB",
        (("MECHELEN_MAX_LINE_KB", str(LINE_KB)),),
    ),
    Hostile("willekeurig.xlsx", lambda: random_bytes(64 * 1024, 1), "geen zip-archief"),
    Hostile("willekeurig.csv", lambda: random_bytes(64 * 1024, 2), "NUL-tekens"),
    Hostile("willekeurig.xls", lambda: random_bytes(64 * 1024, 3), "geen geldig xls-bestand"),
    Hostile("leugenbom.xlsx", lambda: lying_zip_bomb(16), "beschadigd"),
]


# --- the published data, and a child process measured ----------------------------------------------


def snapshot(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` (the published data), by relative path."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@dataclass(frozen=True)
class Measured:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss_mb: float


# Runs the command and writes its peak RSS (kB) to a file. The command is forked from this small
# process: a child forked from the big test process would count the parent's pages until its exec.
_LAUNCHER = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code)\n"
)


def run_measured(args: list[str], env: dict[str, str] | None = None, timeout: float = 180) -> Measured:
    """Run ``python args…`` from the project root: its exit status, output, wall time and peak RSS."""
    with tempfile.TemporaryDirectory() as folder:
        rss = Path(folder) / "rss"
        started = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-c", _LAUNCHER, str(rss), sys.executable, *args],
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            raise AssertionError(f"no answer within {timeout} s:\n{err[-2000:]}") from None
        seconds = time.monotonic() - started
        return Measured(proc.returncode, out, err, seconds, int(rss.read_text()) / 1024)
