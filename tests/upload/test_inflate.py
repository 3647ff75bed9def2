"""The sheet's own inflating (etl.upload.inflate), which replaced zipfile's streaming: the
same bytes as zipfile reads, through ISA-L or zlib alike; the same refusals (a lying size, a
damaged or cut-off stream) before any reader; and one zipfile did not make — a stream that runs
on past its declared size while the CRC of what it declares matches."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest

from etl.upload import inflate, ooxml, workbook
from etl.upload.flow import read_upload
from etl.upload.workbook import open_workbook
from tests.upload import files

SHEET = "xl/worksheets/sheet1.xml"
TABLE = [files.FTE_HEADER, *([f"Afdeling {i}", i, "Samen Leven"] for i in range(300))]


def _patch_header(data: bytes, part: str, offset_local: int, offset_central: int, value: int) -> bytes:
    """``data`` with a 4-byte field of ``part``'s local header and central directory entry set."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(part)
    patched = bytearray(data)
    patched[info.header_offset + offset_local : info.header_offset + offset_local + 4] = struct.pack("<I", value)
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(part)] != part.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    patched[central + offset_central : central + offset_central + 4] = struct.pack("<I", value)
    return bytes(patched)


@pytest.mark.parametrize("inflater", ["isal", "zlib"])
@pytest.mark.parametrize("chunk", [5, 1 << 20])
def test_inflated_as_zipfile_reads_it(monkeypatch: pytest.MonkeyPatch, inflater: str, chunk: int):
    if inflater == "zlib":
        monkeypatch.setattr(inflate, "_zlib", zlib)
    else:
        assert inflate._zlib.__name__.startswith("isal")  # the dependency is installed
    monkeypatch.setattr(ooxml, "CHUNK", chunk)
    data = files.xlsx(TABLE)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        chunks = list(ooxml._inflated(archive, data, SHEET))
        assert b"".join(chunks) == archive.read(SHEET)
    assert max(map(len, chunks)) <= chunk


def test_a_stored_sheet_is_read_as_stored():
    data = files.xlsx(TABLE)
    stored = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
    deflated = ooxml.scan_sheet(open_workbook("a.xlsx", data), "Personeel", 30)
    assert ooxml.scan_sheet(open_workbook("a.xlsx", stored.getvalue()), "Personeel", 30) == deflated


def test_a_cut_off_stream_is_refused():
    data = files.xlsx(TABLE)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(SHEET)
    stream = inflate.compressed_stream(data, info)
    with pytest.raises(EOFError):
        b"".join(inflate.inflate(stream[: len(stream) // 2], info, ooxml.CHUNK))


def test_a_sheet_running_on_past_its_declared_size_is_refused_before_any_reader(monkeypatch: pytest.MonkeyPatch):
    """The sheet declares its first part only, with that part's CRC: zipfile would read just that
    and find the CRC right, while a reader would inflate the whole stream. Refused by the scan."""
    data = files.xlsx(TABLE)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read(SHEET)
    declared = len(xml) // 2
    assert declared > 4096  # past what the dimension check reads: the scan is what finds out
    lying = _patch_header(data, SHEET, 22, 24, declared)  # uncompressed size
    lying = _patch_header(lying, SHEET, 14, 16, zlib.crc32(xml[:declared]))  # CRC-32
    with zipfile.ZipFile(io.BytesIO(lying)) as archive, archive.open(SHEET) as handle:
        assert handle.read() == xml[:declared]  # zipfile finds nothing wrong
    monkeypatch.setattr(workbook, "_excel_reader", lambda *_: pytest.fail("a reader got the lying sheet"))
    result = read_upload("leugen.xlsx", lying, "fte_afdeling")
    assert [p.message for p in result.problems] == [
        "het blad kan niet gelezen worden: het bestand is beschadigd "
        "(File 'xl/worksheets/sheet1.xml' inflates to more than its declared size)"
    ]
    assert result.table is None


def test_merged_ranges_from_the_tail_or_searched_whole_are_the_same(monkeypatch: pytest.MonkeyPatch):
    """The ranges come from the last two chunks when they hold the end of the cells (the schema
    lists them after), else from a search of the whole sheet: the same ranges either way, and a
    cell whose text reads like a merged range is no range."""
    searched = []
    whole_search = ooxml._merges
    monkeypatch.setattr(ooxml, "_merges", lambda chunks: searched.append(1) or whole_search(chunks))
    body = [[f"Afdeling {i}", i, "Samen Leven"] for i in range(40)]
    body[5][0] = '<mergeCell ref="A1:Z9"/>'  # a text: its "<" is escaped in the XML
    sheet = files.Sheet("Personeel", [files.FTE_HEADER, *body], merges=("A20:A21", "B30:C30"))
    wb = open_workbook("scan.xlsx", files.xlsx(sheet))
    found = []
    for size in (1 << 20, 7):
        monkeypatch.setattr(ooxml, "CHUNK", size)
        found.append((ooxml.scan_sheet(wb, "Personeel", 30).merges, len(searched)))
    (tail, none_searched), (whole, one_searched) = found
    assert tail == whole and sorted(tail) == ["A20:A21", "B30:C30"]
    assert (none_searched, one_searched) == (0, 1)
