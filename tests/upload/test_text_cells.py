"""A number typed as text in an xlsx means what it means in a CSV: the same Belgian parser reads
it. Every form below is read from xlsx text cells, from xlsx numeric cells holding the number it
stands for, and from a CSV; all three must give the same numbers (issue 12, item 1)."""

from __future__ import annotations

import pytest

from etl.upload.flow import read_upload
from tests.upload import files

# (as typed in a text cell or a CSV, the number a Belgian means)
FORMS = [
    ("1.000", 1000),
    ("2.600", 2600),
    ("88.190", 88190),
    ("4.512", 4512),
    ("1.234.567", 1234567),
    ("1.234,56", 1234.56),
    ("52,86", 52.86),
    ("4,512", 4.512),
    ("1 234", 1234),
    ("1\u00a0234", 1234),
    ("12%", 12),
    (" 12 ", 12),
    ("1000", 1000),
    ("52.86", 52.86),
    ("0,5", 0.5),
]
WHOLE = [(text, number) for text, number in FORMS if number == int(number)]


def _rows(kind: str, header: list[str], cells: list[object], row) -> bytes:
    table = [header, *[row(i, cell) for i, cell in enumerate(cells)]]
    return files.csv_bytes(table) if kind == "csv" else files.xlsx(table)


def _read_three_ways(dataset: str, header: list[str], forms, row, column: str) -> dict[str, list]:
    """The column as read from text cells, numeric cells and a CSV."""
    out = {}
    for way, kind, cells in [
        ("xlsx text", "xlsx", [text for text, _ in forms]),
        ("xlsx getal", "xlsx", [number for _, number in forms]),
        ("csv", "csv", [text for text, _ in forms]),
    ]:
        result = read_upload(f"getallen.{kind}", _rows(kind, header, cells, row), dataset)
        assert result.problems == [], f"{way}: " + "; ".join(str(p) for p in result.problems)
        out[way] = result.rows[column].tolist()
    return out


def test_decimal_column_reads_text_cells_as_belgian_numbers():
    read = _read_three_ways(
        "fte_afdeling",
        ["afdeling", "fte", "directie"],
        FORMS,
        lambda i, cell: [f"Afdeling {i}", cell, "Samen Leven"],
        "fte",
    )
    expected = [float(number) for _, number in FORMS]
    assert read["xlsx text"] == expected  # "88.190" was 88,19 and "1.000" was 1
    assert read["xlsx getal"] == expected
    assert read["csv"] == expected


def test_whole_number_column_reads_text_cells_as_belgian_numbers():
    read = _read_three_ways(
        "bevolking_leeftijd",
        ["jaar", "leeftijd", "geslacht", "aantal"],
        WHOLE,
        lambda i, cell: [2024, str(i), "M", cell],
        "aantal",
    )
    expected = [int(number) for _, number in WHOLE]
    assert read["xlsx text"] == expected  # "2.600" was refused as "2.6: geheel getal verwacht"
    assert read["xlsx getal"] == expected
    assert read["csv"] == expected


@pytest.mark.parametrize("number", [4.512, 1.5, 0.001, 123.456, 1e-7, 1234567.891])
def test_numeric_cells_keep_their_value(number):
    """A numeric cell is its number, also when its digits look like a Belgian thousands group."""
    data = files.xlsx([["afdeling", "fte", "directie"], ["Financiën", number, "Samen Leven"]])
    result = read_upload("getal.xlsx", data, "fte_afdeling")
    assert result.problems == []
    assert result.rows["fte"].tolist() == [number]


def test_text_that_is_no_number_is_refused_where_it_stands():
    rows = [["afdeling", "fte", "directie"], ["Financiën", "1e3", "Samen Leven"], ["Wonen", "1.00.0", "Samen Leven"]]
    result = read_upload("fout.xlsx", files.xlsx(rows), "fte_afdeling")
    assert [(p.regel, p.kolom, p.waarde) for p in result.problems] == [(2, "fte (B)", "1e3"), (3, "fte (B)", "1.00.0")]
