"""Sheets longer than the header search window: the header is found in a cut-down copy of the
sheet (see etl.upload.ooxml.scan_sheet), which must behave exactly like the whole sheet."""

from __future__ import annotations

import re

import pytest

from etl.upload.header import HEADER_SEARCH_ROWS
from etl.upload.ooxml import scan_sheet
from etl.upload.workbook import open_workbook
from tests.upload import files
from tests.upload.files import FTE_HEADER
from tests.upload.test_habits import accepted, column, only_problem, read

BODY = [[f"Afdeling {i:03d}", round(1 + i * 0.25, 2), "Samen Leven"] for i in range(120)]
TITLED = [["Personeel per afdeling"], ["bron: HR"], [], FTE_HEADER, *BODY]


def head_of(data: bytes) -> bytes | None:
    wb = open_workbook("lang.xlsx", data)
    return scan_sheet(wb, wb.visible_sheets()[0], HEADER_SEARCH_ROWS).head


def test_long_sheet_is_searched_in_a_cut_down_copy_with_the_same_result():
    data = files.xlsx(TITLED)
    head = head_of(data)
    assert head is not None
    part = files.read_part(head, files.sheet_part())
    assert f'<row r="{HEADER_SEARCH_ROWS}"'.encode() in part  # the title starts at row 1
    assert f'<row r="{HEADER_SEARCH_ROWS + 1}"'.encode() not in part
    rows = accepted(read("lang.xlsx", data))
    assert len(rows) == 120
    assert column(rows, "afdeling")[0] == "Afdeling 000"
    assert column(rows, "fte")[-1] == 30.75
    assert column(rows, "bron_regel")[:2] == [5, 6]


def test_short_sheet_needs_no_copy():
    assert head_of(files.xlsx([FTE_HEADER, *BODY[:5]])) is None


@pytest.mark.parametrize("header_row", [HEADER_SEARCH_ROWS, HEADER_SEARCH_ROWS + 1])
def test_header_at_the_edge_of_the_search_window(header_row: int):
    table = [[f"toelichting {i}"] for i in range(header_row - 1)] + [FTE_HEADER, *BODY]
    result = read("rand.xlsx", files.xlsx(table))
    if header_row <= HEADER_SEARCH_ROWS:
        assert accepted(result)["bron_regel"].iloc[0] == header_row + 1
    else:
        assert "niet gevonden in de eerste 30 rijen" in result.problems[0].message


def test_long_sheet_with_namespace_prefix_and_rows_without_number():
    data = files.prefixed_sheet(files.xlsx([*TITLED[:-1], ["Laatste", "abc", "Samen Leven"]]))
    data = files.patch_part(data, files.sheet_part(), lambda xml: re.sub(rb'(<x:row) r="\d+"', rb"\1", xml))
    assert head_of(data) is not None
    problem = only_problem(read("sdk.xlsx", data))
    assert (problem.regel, problem.kolom, problem.waarde) == (len(TITLED), "fte (B)", "abc")


def test_long_sheet_with_header_merged_over_two_rows():
    table = [["Afdeling", "Personeel", None], [None, "fte", "directie"], *BODY]
    data = files.xlsx(files.Sheet("Personeel", table, merges=("A1:A2", "B1:C1")))
    assert head_of(data) is not None
    rows = accepted(read("samengevoegd.xlsx", data))
    assert column(rows, "bron_regel")[0] == 3
    assert len(rows) == 120
