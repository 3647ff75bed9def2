"""The two CSV readers (pyarrow for plain rectangles, Python's csv module for the rest) must give
the same grid for every file the fast one accepts, and the fast one must decline the rest."""

from __future__ import annotations

import pytest

from etl.upload.workbook import _csv_by_pyarrow, _csv_by_python

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


@pytest.mark.parametrize("text", RECTANGLES.values(), ids=RECTANGLES.keys())
@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-8 met BOM", "Windows-1252"])
def test_fast_reader_gives_the_same_grid(text: str, encoding: str):
    delimiter = "," if "commas" in text or text.startswith("afdeling,") else ";"
    data = {
        "UTF-8": text.encode(),
        "UTF-8 met BOM": b"\xef\xbb\xbf" + text.encode(),
        "Windows-1252": text.encode("cp1252"),
    }
    fast = _csv_by_pyarrow(data[encoding], encoding, delimiter)
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
