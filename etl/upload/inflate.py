"""Inflating an xlsx part with proof of its declared size: a part may inflate to far more than the
zip says (a lying zip bomb), and a spreadsheet reader would not stop there. Every part is
inflated here, once, before any reader (the sheet by :func:`etl.upload.ooxml.scan_sheet`, the
other parts by the workbook's size check), never past its declared size and with its CRC checked."""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator

try:  # ISA-L's inflate: the same deflate, 2.7× faster (see inflate)
    from isal import isal_zlib as _zlib
except ImportError:  # pragma: no cover - isal is a dependency; zlib does the same, slower
    _zlib = zlib  # type: ignore[no-redef]

_FEED = 1 << 18  # compressed bytes handed to the inflater at a time


def part_chunks(archive: zipfile.ZipFile, data: bytes, name: str, chunk: int) -> Iterator[bytes]:
    """The part ``name`` of ``archive`` (whose bytes are ``data``), inflated at most ``chunk``
    bytes at a time with the checks of :func:`inflate`; a part stored, encrypted or compressed
    another way is read by zipfile (which stops at the declared size and checks the CRC)."""
    info = archive.getinfo(name)
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x1:
        with archive.open(info) as handle:
            while block := handle.read(chunk):
                yield block
        return
    yield from inflate(compressed_stream(data, info), info, chunk)


def compressed_stream(data: bytes, info: zipfile.ZipInfo) -> memoryview:
    """A part's deflate stream in the archive (after its local header), uncopied."""
    header = data[info.header_offset : info.header_offset + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("Bad magic number for file header")
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start = info.header_offset + 30 + name_length + extra_length
    stream = memoryview(data)[start : start + info.compress_size]
    if len(stream) < info.compress_size:
        raise EOFError(f"File {info.filename!r} is truncated")
    return stream


def inflate(stream: memoryview, info: zipfile.ZipInfo, chunk: int) -> Iterator[bytes]:
    """A part's deflate ``stream`` inflated, at most ``chunk`` bytes at a time, as zipfile reads
    it and with the same checks — never inflated past its declared size, its CRC checked
    (zipfile's "Bad CRC-32" when it differs) — and one more: a stream that goes on past the
    declared size is refused even when the CRC of what it declares matches. Through ISA-L
    (``isal``) where installed: 2.7× faster than zlib (0.026 against 0.071 s for the 100 MB sheet
    of the ingest benchmark) and its CRC 4× (zipfile's own reading took 0.11 s)."""
    inflater = _zlib.decompressobj(-15)
    crc = produced = fed = 0
    try:
        while not inflater.eof:
            piece = inflater.unconsumed_tail
            if not piece and fed < len(stream):
                piece = stream[fed : fed + _FEED]
                fed += len(piece)
            room = info.file_size - produced
            block = inflater.decompress(piece, min(chunk, room + 1))  # with no input: output held back
            if not block and not piece and not inflater.eof:
                raise EOFError("Compressed file ended before the end-of-stream marker was reached")
            if len(block) > room:  # more than declared
                if _zlib.crc32(block[:room], crc) != info.CRC:
                    raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")
                raise zipfile.BadZipFile(f"File {info.filename!r} inflates to more than its declared size")
            if block:
                crc = _zlib.crc32(block, crc)
                produced += len(block)
                yield block
    except _zlib.error as exc:  # ISA-L's own error type: as zlib's, which the callers catch
        raise zlib.error(str(exc)) from exc
    if crc != info.CRC:
        raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")
