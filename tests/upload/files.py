"""Spreadsheets and CSV files for the upload tests, made by code (no binaries in the repository).

Everything is small and synthetic. Workbooks are written with openpyxl; what openpyxl cannot write
(cached formula values, a lying ``<dimension>``, a zip bomb) is patched into the zip afterwards.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import struct
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from etl.limits import Limits

Cell = object
Rows = Sequence[Sequence[Cell]]

FTE_HEADER = ["afdeling", "fte", "directie"]
FTE_BODY = [
    ["Financiën", 52.86, "Samen Leven"],
    ["Burgerzaken", 55, "Samen Leven"],
    ["Sociale dienst", 93.47, "Samen Leven"],
]
FTE_TABLE = [FTE_HEADER, *FTE_BODY]


@dataclass(frozen=True)
class Sheet:
    """One sheet: its rows from A1 (None = empty cell), visibility and merged ranges."""

    name: str
    rows: Rows
    state: str = "visible"  # "visible", "hidden" or "veryHidden" (openpyxl's spelling)
    merges: tuple[str, ...] = ()


def xlsx(*sheets: Sheet | Rows, date1904: bool = False) -> bytes:
    """A workbook with the given sheets; a bare list of rows becomes a sheet called ‘Personeel’."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if date1904:
        wb.epoch = CALENDAR_MAC_1904
    for i, spec in enumerate(sheets):
        spec = spec if isinstance(spec, Sheet) else Sheet("Personeel" if i == 0 else f"Blad{i + 1}", spec)
        ws = wb.create_sheet(spec.name)
        for r, row in enumerate(spec.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(r, c, value)
        for ref in spec.merges:
            ws.merge_cells(ref)
        ws.sheet_state = spec.state
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def fte_xlsx() -> bytes:
    return xlsx(FTE_TABLE)


# --- patching the parts of an xlsx -------------------------------------------------------------


def sheet_part(index: int = 1) -> str:
    """Where openpyxl stores the index-th sheet (1-based)."""
    return f"xl/worksheets/sheet{index}.xml"


def read_part(data: bytes, part: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(part)


def patch_part(
    data: bytes,
    part: str,
    change: Callable[[bytes], bytes],
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """The workbook with one part rewritten by ``change`` (the others copied as they are)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", compression) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info.filename, change(content) if info.filename == part else content)
    return out.getvalue()


def _sub_once(pattern: bytes, replacement: bytes, text: bytes) -> bytes:
    new, count = re.subn(pattern, replacement, text, count=1)
    assert count == 1, f"fixture: {pattern!r} not found in the sheet XML"  # openpyxl changed its output
    return new


def with_cached_values(data: bytes, values: dict[str, float | str], sheet: int = 1) -> bytes:
    """Give formula cells the value Excel would have stored after calculating (openpyxl stores none)."""

    def change(xml: bytes) -> bytes:
        for ref, value in values.items():
            cell = rb'(<c r="' + ref.encode() + rb'"[^>]*>\s*<f>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)'
            xml = _sub_once(cell, rb"\g<1><v>" + str(value).encode() + b"</v>", xml)
        return xml

    return patch_part(data, sheet_part(sheet), change)


def with_dimension(data: bytes, ref: str, sheet: int = 1) -> bytes:
    """The sheet declares ``<dimension ref="…"/>`` whatever it really holds."""
    return patch_part(
        data,
        sheet_part(sheet),
        lambda xml: _sub_once(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), xml),
    )


def without_dimension(data: bytes, sheet: int = 1) -> bytes:
    """The sheet declares no dimension at all (allowed; some writers omit it)."""
    return patch_part(data, sheet_part(sheet), lambda xml: _sub_once(rb"<dimension [^>]*/>", b"", xml))


def padded_sheet(data: bytes, padding: int, sheet: int = 1) -> bytes:
    """The sheet XML followed by ``padding`` spaces: tiny compressed, large uncompressed (a zip bomb)."""
    return patch_part(
        data, sheet_part(sheet), lambda xml: xml.replace(b"</worksheet>", b" " * padding + b"</worksheet>")
    )


def prefixed_sheet(data: bytes, sheet: int = 1) -> bytes:
    """The sheet XML with a namespace prefix on every element (``<x:c r="A1">``), as some writers do."""

    def change(xml: bytes) -> bytes:
        xml = re.sub(rb"<(/?)([A-Za-z])", rb"<\1x:\2", xml)
        return xml.replace(b'xmlns="', b'xmlns:x="', 1)

    return patch_part(data, sheet_part(sheet), change)


def corrupt_part(data: bytes, part: str) -> bytes:
    """The zip's directory intact, but the compressed bytes of one part damaged (a bad disk, a bad copy)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(part)
    # local header: 30 bytes + name + extra; the compressed data follows.
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    start = info.header_offset + 30 + name_len + extra_len
    damaged = bytearray(data)
    for i in range(start, start + min(info.compress_size, 40)):
        damaged[i] ^= 0x5A
    return bytes(damaged)


def encrypted_xlsx() -> bytes:
    """What Excel writes for a workbook with a password: an OLE compound file (not a zip) holding
    ``EncryptionInfo`` and ``EncryptedPackage`` streams. Only the header and directory names matter here."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[24:34] = struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
    directory = bytearray(512)
    for i, name in enumerate(("Root Entry", "EncryptionInfo", "EncryptedPackage")):
        encoded = name.encode("utf-16-le") + b"\0\0"
        directory[i * 128 : i * 128 + len(encoded)] = encoded
        directory[i * 128 + 64 : i * 128 + 66] = struct.pack("<H", len(encoded))
    return bytes(header) + bytes(directory) + b"\x8a\x13\x7f" * 400


# --- CSV -----------------------------------------------------------------------------------------


def csv_bytes(rows: Rows, sep: str = ";", encoding: str = "utf-8", bom: bool = False) -> bytes:
    """Rows as Excel exports them: CRLF line ends, quoted where the separator occurs."""
    text = io.StringIO()
    writer = csv.writer(text, delimiter=sep, lineterminator="\r\n")
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return (b"\xef\xbb\xbf" if bom else b"") + text.getvalue().encode(encoding)


# --- limits --------------------------------------------------------------------------------------


def small_limits(**changes: int) -> Limits:
    """Limits small enough that the oversized files of the tests stay a few kB."""
    base = {
        "max_upload_bytes": 2 * 1024 * 1024,
        "max_uncompressed_bytes": 1024 * 1024,
        "max_compression_ratio": 100,
        "max_cells": 10_000,
        "max_columns": 20,
        "max_line_bytes": 64 * 1024,
    }
    return Limits(**{**base, **changes})


def excel_serial(day: dt.date, date1904: bool = False) -> int:
    """The number Excel stores for a date (1900 or 1904 date system)."""
    return (day - (dt.date(1904, 1, 1) if date1904 else dt.date(1899, 12, 30))).days
