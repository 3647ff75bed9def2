"""The two CSV readers (pyarrow for plain rectangles, Python's csv module for the rest) must give
the same grid for every file the fast one accepts, and the fast one must decline the rest."""

from __future__ import annotations

import pytest

from etl.upload.convert import distinct, plain_text
from etl.upload.flow import read_upload
from etl.upload.workbook import CsvFile, _csv_by_pyarrow, _csv_by_python, open_workbook
from tests.upload import files

RECTANGLES = {
    "plain": "afdeling;fte\nFinanciën;52,86\nWonen;3\n",
    "crlf": "afdeling;fte\r\nFinanciën;52,86\r\nWonen;3\r\n",
    "no final newline": "afdeling;fte\nWonen;3",
    "quoted delimiter and quotes": 'afdeling;fte\n"Wonen; Welzijn";"1.234,5"\n"Zeg ""hallo""";7\n',
    "newline inside quotes": 'afdeling;fte\n"Sociale\ndienst";93,47\nWonen;3\n',
    "empty fields and spaces": "a;b;c\n;; \n x ;y;\n",
    "commas": "afdeling,fte\nWonen,3\n",
    "title padded like Excel": "Personeel per afdeling;;\nafdeling;fte;directie\nWonen;3;Samen Leven\n",
}
NOT_RECTANGLES = {
    "title row of one field": "Personeel per afdeling\nafdeling;fte\nWonen;3\n",
    "empty line": "afdeling;fte\n\nWonen;3\n",
    "short row": "afdeling;fte;directie\nWonen;3\n",
    "long row": "afdeling;fte\nWonen;3;x\n",
    "quoted header": '"afdeling";"fte"\nWonen;3\n',
}


def _encoded(text: str, encoding: str) -> bytes:
    return {
        "UTF-8": text.encode(),
        "UTF-8 met BOM": b"\xef\xbb\xbf" + text.encode(),
        "Windows-1252": text.encode("cp1252"),
    }[encoding]


@pytest.mark.parametrize("text", RECTANGLES.values(), ids=RECTANGLES.keys())
@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-8 met BOM", "Windows-1252"])
def test_fast_reader_gives_the_same_grid(text: str, encoding: str):
    delimiter = "," if "commas" in text or text.startswith("afdeling,") else ";"
    fast = _csv_by_pyarrow(_encoded(text, encoding), encoding, delimiter)
    assert fast is not None
    slow = _csv_by_python(text, delimiter)
    assert (fast.width, fast.height) == (slow.width, slow.height)
    assert [fast.column(c) for c in range(fast.width)] == [slow.column(c) for c in range(slow.width)]
    assert fast.rows(2) == slow.rows(2)
    assert fast.column(1, 1) == slow.column(1, 1)


@pytest.mark.parametrize("text", NOT_RECTANGLES.values(), ids=NOT_RECTANGLES.keys())
def test_fast_reader_declines_what_is_not_a_plain_rectangle(text: str):
    assert _csv_by_pyarrow(text.encode(), "UTF-8", ";") is None
    assert _csv_by_python(text, ";").height >= 2  # the csv module reads it


# --- the file as the flow reads it: the header window apart, then only the mapped columns -----------

ALL_FILES = {**RECTANGLES, **NOT_RECTANGLES}


def _opened(text: str, encoding: str = "UTF-8") -> CsvFile:
    wb = open_workbook("bestand.csv", _encoded(text, encoding))
    assert wb.csv is not None
    return wb.csv


@pytest.mark.parametrize("text", ALL_FILES.values(), ids=ALL_FILES.keys())
@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-8 met BOM", "Windows-1252"])
def test_the_file_read_in_parts_gives_the_grid_of_the_csv_module(text: str, encoding: str):
    """The header window, parsed on its own, and the columns read later are the grid of Python's
    csv module, whichever reader the file turns out to need."""
    slow = _csv_by_python(text, "," if text.startswith("afdeling,") else ";")
    head = _opened(text, encoding).rows(2)
    assert [row[: slow.width] for row in head] == [row[: len(head[0])] for row in slow.rows(2)]
    opened = _opened(text, encoding)
    texts, height = opened.texts([1, 0, 7], 1)
    assert height == slow.height - 1
    assert plain_text(texts[0]).to_pylist() == slow.column(0, 1)
    assert plain_text(texts[1]).to_pylist() == (slow.column(1, 1) if slow.width > 1 else [None] * height)
    assert texts[7].to_pylist() == [None] * height  # no such field
    assert opened.rows() == slow.rows(slow.height)


def test_only_the_mapped_columns_are_parsed(monkeypatch: pytest.MonkeyPatch):
    import pyarrow.csv as pcsv

    asked: list[list[str]] = []
    read_csv = pcsv.read_csv

    def recording(*args, convert_options, **kwargs):
        asked.append(list(convert_options.include_columns))
        return read_csv(*args, convert_options=convert_options, **kwargs)

    monkeypatch.setattr(pcsv, "read_csv", recording)
    header = ["volgnummer", "jaar", "leeftijd", "geslacht", "opmerking", "wijk", "aantal"]
    rows = [[i, 2024, str(i % 100), "MVX"[i % 3], "", "Leest", i] for i in range(300)]
    result = read_upload("breed.csv", files.csv_bytes([header, *rows]), "bevolking_leeftijd")
    assert result.ok, result.problems
    assert asked == [["c1", "c2", "c3", "c5", "c6"]]


def test_a_csv_over_the_cell_limit_is_refused_once_its_size_is_known():
    """The plain reader learns the number of records as it reads; the limit holds all the same."""
    header = ["jaar", "leeftijd", "geslacht", "wijk", "aantal"]
    rows = [[2024, str(age), sex, "Leest", 1] for age in range(100) for sex in "MVX"]
    limits = files.small_limits(max_cells=1_000)
    result = read_upload("groot.csv", files.csv_bytes([header, *rows]), "bevolking_leeftijd", limits=limits)
    assert [p.message for p in result.problems] == ["het bestand heeft meer dan de toegelaten 1.000 cellen"]
    assert result.table is None


def test_the_header_texts_of_a_dictionary_read_are_no_values():
    """The reader's dictionaries also hold the header's texts: a column's distinct values are those
    of its cells alone (else the key's groups would count an extra value per column)."""
    opened = _opened("jaar;geslacht\n" + "".join(f"{2000 + i % 7};{'MV'[i % 2]}\n" for i in range(2048)))
    texts, _height = opened.texts([0, 1], 1)
    assert sorted(distinct(texts[1]).dictionary.to_pylist()) == ["M", "V"]
    assert len(distinct(texts[0]).dictionary) == 7
