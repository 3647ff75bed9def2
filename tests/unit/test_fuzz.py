"""Property-based fuzzing of everything that reads outside input: the spreadsheet and CSV readers
and the text extractors. Whatever the bytes, they refuse with a SourceError (or report problems),
never with another exception. Modest example counts here; many more with MECHELEN_HEAVY_TESTS=1."""

from __future__ import annotations

import contextlib
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import text as etl_text
from etl.build import EXTRACTORS, load_documents
from etl.catalog import get_dataset
from etl.errors import SourceError
from etl.upload.flow import read_upload
from etl.upload.workbook import open_workbook
from tests.hostile import heavy_or
from tests.upload import files
from tests.upload.files import FTE_TABLE

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
READER_EXAMPLES = heavy_or(25, 1000)
EXTRACTOR_EXAMPLES = heavy_or(8, 300)  # per extractor and kind: a whole document each time
_common = {
    "deadline": None,  # a busy machine is not a failure
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "database": None,  # no example database in the work tree
}
fuzz = settings(max_examples=READER_EXAMPLES, **_common)
fuzz_documents = settings(max_examples=EXTRACTOR_EXAMPLES, **_common)
NAMES = st.sampled_from(["f.csv", "f.xlsx", "f.xls", "f.txt", "f.xlsm"])


def refused_or_read(name: str, data: bytes, dataset: str = "fte_afdeling") -> None:
    """read_upload never raises; a refusal has problems and no rows."""
    result = read_upload(name, data, dataset)
    assert result.ok or (result.problems and result.rows.empty)
    with contextlib.suppress(SourceError):
        open_workbook(name, data)


@cache
def good_xlsx() -> bytes:
    return files.xlsx([["Personeel per afdeling"], *FTE_TABLE, ["Totaal", 201.33, None]])


@st.composite
def damaged(draw: st.DrawFn, good: bytes) -> bytes:
    """A good file with a few spans overwritten, cut short, or bytes inserted."""
    data = bytearray(good)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["overwrite", "insert", "cut"]))
        chunk = draw(st.binary(min_size=1, max_size=16))
        if kind == "overwrite":
            data[at : at + len(chunk)] = chunk
        elif kind == "insert":
            data[at:at] = chunk
        else:
            del data[at:]
    return bytes(data)


# How files start that the readers look at first: a BOM, a zip, an OLE (xls or encrypted) header.
MAGIC = st.sampled_from([b"", b"\xef\xbb\xbf", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"])


@fuzz
@given(NAMES, MAGIC, st.one_of(st.binary(max_size=64), st.binary(max_size=4096)))
def test_random_bytes(name: str, magic: bytes, data: bytes):
    refused_or_read(name, magic + data)


@fuzz
@given(st.data())
def test_damaged_workbook(data: st.DataObject):
    refused_or_read("f.xlsx", data.draw(damaged(good_xlsx())))


CELL = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["52,86", "1.234,5", "-3", "12%", "Totaal", "afdeling", "VTE", "directie", "1e308", "nan"]),
)


@fuzz
@given(
    st.lists(st.lists(CELL, max_size=6), max_size=12),
    st.sampled_from([";", ",", "\t"]),
    st.sampled_from(["utf-8", "cp1252", "utf-16"]),
    st.booleans(),
    st.sampled_from(["fte_afdeling", "bevolking_leeftijd", "voortgang", "kerncijfers"]),
)
def test_csv_of_random_cells(rows, sep: str, encoding: str, bom: bool, dataset: str):
    """Headers that may match, values of every kind, any separator and encoding."""
    header = [["afdeling", "fte", "directie", "jaar", "leeftijd", "geslacht", "aantal"]]
    try:
        data = files.csv_bytes(header + rows, sep=sep, encoding=encoding, bom=bom)
    except UnicodeEncodeError:
        data = files.csv_bytes(header + rows, sep=sep, encoding="utf-8", bom=bom)
    refused_or_read("f.csv", data, dataset)


XLSX_CELL = st.one_of(
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12), CELL.filter(str.isprintable)
)


@fuzz
@given(st.lists(st.lists(XLSX_CELL, max_size=5), min_size=1, max_size=8))
def test_xlsx_of_random_cells(rows):
    refused_or_read("f.xlsx", files.xlsx([FTE_TABLE[0], *rows]))


# --- the text extractors ---------------------------------------------------------------------------


@cache
def real_documents() -> dict[str, tuple[str, ...]]:
    """The seed documents' lines, by file-name prefix."""
    return {p: tuple(line.text for line in doc.lines) for p, doc in load_documents(RAW).items()}


def extract(dataset: str, prefix: str, lines: list[str]) -> None:
    """Run one extractor with document ``prefix`` made of ``lines`` (the others as they are):
    rows, or a SourceError with problems."""
    docs = {p: etl_text.document_from_text(f"{p}x.txt", "\n".join(text)) for p, text in real_documents().items()}
    docs[prefix] = etl_text.document_from_text(f"{prefix}x.txt", "\n".join(lines))
    try:
        rows = EXTRACTORS[dataset](docs)
    except SourceError as exc:
        assert exc.problems
    else:
        assert isinstance(rows, list)


@st.composite
def mutated(draw: st.DrawFn, lines: tuple[str, ...]) -> list[str]:
    """A real document with some lines deleted, repeated, swapped, replaced or cut short."""
    out = list(lines)
    for _ in range(draw(st.integers(1, 12))):
        if not out:
            break
        i = draw(st.integers(0, len(out) - 1))
        kind = draw(st.sampled_from(["delete", "repeat", "swap", "replace", "truncate"]))
        if kind == "delete":
            del out[i]
        elif kind == "repeat":
            out.insert(i, out[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(out) - 1))
            out[i], out[j] = out[j], out[i]
        elif kind == "replace":
            out[i] = draw(st.text(max_size=40))
        else:
            out[i] = out[i][: draw(st.integers(0, len(out[i])))]
    return out


@pytest.mark.parametrize("dataset", sorted(EXTRACTORS))
@fuzz_documents
@given(data=st.data())
def test_extractors_on_mutated_documents(dataset: str, data: st.DataObject):
    prefix = data.draw(st.sampled_from(get_dataset(dataset).source_files))
    extract(dataset, prefix, data.draw(mutated(real_documents()[prefix])))


@pytest.mark.parametrize("dataset", sorted(EXTRACTORS))
@fuzz_documents
@given(data=st.data())
def test_extractors_on_random_text(dataset: str, data: st.DataObject):
    prefix = data.draw(st.sampled_from(get_dataset(dataset).source_files))
    extract(dataset, prefix, data.draw(st.lists(st.text(max_size=60), max_size=40)))


@fuzz
@given(st.binary(max_size=2048))
def test_read_document_on_random_bytes(tmp_path_factory: pytest.TempPathFactory, data: bytes):
    path = tmp_path_factory.mktemp("doc") / "000_x.txt"
    path.write_bytes(data)
    try:
        doc = etl_text.read_document(path)
    except SourceError as exc:
        assert exc.problems[0].bestand == "000_x.txt"
    else:
        etl_text.blocks(doc.lines)
        etl_text.paragraphs(doc.lines)
        etl_text.join_wrapped([line.text for line in doc.lines])


@pytest.mark.parametrize("dataset", sorted(EXTRACTORS))
def test_extractors_on_documents_of_empty_lines(dataset: str):
    """Found by the fuzzing above: a document of empty lines has no first paragraph."""
    for prefix in get_dataset(dataset).source_files:
        extract(dataset, prefix, ["", ""])
