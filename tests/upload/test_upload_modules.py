"""The modules of etl/upload where behaviour is new: the one number parser (etl.numbers.parse_number,
which replaced the upload's own beside parse_dutch_number), the column-wise conversion (the same
values and problems as converting cell by cell), the streaming scan of a sheet's XML (the same
findings whatever the chunk size) and the diff in Arrow (a missing key value is a value)."""

from __future__ import annotations

import datetime as dt
import math
import re

import fastexcel
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl import changes, validate
from etl.catalog import Column, get_dataset
from etl.errors import Code
from etl.numbers import parse_dutch_number, parse_number
from etl.upload import ooxml
from etl.upload.convert import convert
from etl.upload.flow import read_upload
from etl.upload.workbook import _has_line_over, open_workbook
from tests.upload import files

# --- the one number parser -------------------------------------------------------------------------


def _old_cell_parser(value: object) -> float | None:
    """The upload's own parser before the merge (etl/ingest.py), kept here as the reference."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return None if math.isnan(value) else float(value)
    text = str(value).strip().rstrip("%").strip()
    try:
        return parse_dutch_number(text)
    except ValueError:
        pass
    if re.match(r"^[-+]?\d+\.\d+$", text) and not re.match(r"^[-+]?\d{1,3}\.\d{3}$", text):
        return float(text)
    return None


# Every form either old parser accepted: the document parser's (tests/unit) and the upload's.
ACCEPTED = [
    ("52,86", 52.86),
    ("86.194", 86194),
    ("2.368", 2368),
    ("1.234,56", 1234.56),
    ("1 234", 1234),
    ("12%", 12),
    ("55", 55),
    ("1\u00a0234,5", 1234.5),
    ("1\u202f234", 1234),
    ("4.512", 4512),
    ("1.234.567", 1234567),
    ("7.5", 7.5),
    ("52.86", 52.86),
    (" 12 ", 12),
    ("12 %", 12),
    ("-2,5", -2.5),
    ("+3", 3),
    (3, 3),
    (2.5, 2.5),
    (np.int64(7), 7),
    (np.float64(0.25), 0.25),
]
REFUSED = [None, True, False, float("nan"), "", "abc", "1e3", "1.00.0", "1,2,3", "5 op 3", "12,", ",5"]


@pytest.mark.parametrize(("value", "number"), ACCEPTED, ids=[repr(v) for v, _ in ACCEPTED])
def test_parse_number_accepts_every_form_of_both_old_parsers(value, number):
    assert parse_number(value) == pytest.approx(number)
    assert _old_cell_parser(value) == pytest.approx(number)


@pytest.mark.parametrize("value", REFUSED, ids=[repr(v) for v in REFUSED])
def test_parse_number_refuses_what_is_no_number(value):
    assert parse_number(value) is None
    assert _old_cell_parser(value) is None


CELL_TEXT = st.text(alphabet="0123456789.,% -+\u00a0e", max_size=12)


@settings(max_examples=300, deadline=None, database=None)
@given(CELL_TEXT)
def test_parse_number_reads_any_text_as_the_old_upload_parser(text):
    assert parse_number(text) == _old_cell_parser(text)


# --- column-wise conversion ------------------------------------------------------------------------

FTE = Column("fte", "float", "")
AANTAL = Column("aantal", "int", "")


def _one_by_one(col: Column, cells: list[str | None]) -> tuple[list[object], list[int]]:
    values, wrong = [], []
    for i, cell in enumerate(cells):
        number = None if cell is None or not cell.strip() else parse_number(cell)
        if cell is not None and cell.strip() and (number is None or (col.dtype == "int" and number != int(number))):
            wrong.append(i)
            number = None
        values.append(None if number is None else (int(number) if col.dtype == "int" else number))
    return values, wrong


@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.one_of(st.none(), CELL_TEXT, st.sampled_from(["2024", "52,86", "1.000", " 7 "])), max_size=30))
def test_column_wise_conversion_equals_cell_by_cell(cells):
    for col in (FTE, AANTAL):
        done = convert(col, pa.array(cells, pa.string()), None, date1904=False)
        values, wrong = _one_by_one(col, cells)
        assert done.values.to_pylist() == values
        assert done.wrong.tolist() == wrong


def test_numeric_cells_of_a_workbook_are_their_number():
    """A numeric cell's text is the reader's form of its number: "4.512" is then 4,512, not 4512."""
    cells = pa.array(["4.512", "4.512", "2,5", None], pa.string())
    numeric = pa.array([True, False, False, False])
    assert convert(FTE, cells, numeric, date1904=False).values.to_pylist() == [4.512, 4512.0, 2.5, None]
    whole = convert(AANTAL, cells, numeric, date1904=False)
    assert whole.values.to_pylist() == [None, 4512, None, None]
    assert (whole.wrong.tolist(), whole.messages) == ([0, 2], ["geheel getal verwacht"] * 2)


def test_text_is_tidied_and_coded_values_spelled_as_the_catalog_says():
    geslacht = get_dataset("bevolking_leeftijd").column("geslacht")
    cells = pa.array([" man ", "Vrouw", "x", "  ", None, "Q"], pa.string())
    assert convert(geslacht, cells, None, date1904=False).values.to_pylist() == ["M", "V", "X", None, None, "Q"]
    afdeling = Column("afdeling", "string", "")
    cells = pa.array(["Samen  Leven ", "Wonen\t", "a\u00a0b", "ok"], pa.string())
    assert convert(afdeling, cells, None, date1904=False).values.to_pylist() == ["Samen Leven", "Wonen", "a b", "ok"]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_duplicate_keys_of_a_long_file_through_its_distinct_texts(monkeypatch: pytest.MonkeyPatch, kind: str):
    """A long file's key columns are grouped through their distinct texts, as they were converted
    (flow._convert): two spellings of one value (" man" and "M") are one key, and so are two rows
    without a wijk."""
    given: list[set[str]] = []
    group_codes = validate.group_codes

    def recording(*args, known=None, **kwargs):
        given.append(set(known or ()))
        return group_codes(*args, known=known, **kwargs)

    monkeypatch.setattr(validate, "group_codes", recording)
    header = ["jaar", "leeftijd", "geslacht", "wijk", "aantal"]
    places = ("Heffen", "Leest", "Walem", None)
    rows = [[2024, str(age), sex, wijk, 1] for age in range(100) for sex in "MVX" for wijk in places]
    rows += [[2024, "7", " man", "Leest", 5], [2024, "8", "V", None, 6]]  # rows 1202 and 1203
    data = files.csv_bytes([header, *rows]) if kind == "csv" else files.xlsx([header, *rows])
    result = read_upload(f"lang.{kind}", data, "bevolking_leeftijd")
    assert [(p.code, p.regel) for p in result.problems] == [(Code.DUBBELE_SLEUTEL, 1202), (Code.DUBBELE_SLEUTEL, 1203)]
    assert result.problems[0].message.endswith("ook op rij 87")
    assert result.problems[1].message.endswith("ook op rij 105")
    assert given == [{"jaar", "leeftijd", "geslacht", "wijk"}]  # none of them hashed again


# --- the streaming scan of the sheet's XML ---------------------------------------------------------


def test_scan_finds_the_same_whatever_the_chunk_size(monkeypatch: pytest.MonkeyPatch):
    """Merged ranges and formulas cut in two by a chunk's end are found once, whole."""
    body = [[f"Afdeling {i}", i, "Samen Leven"] for i in range(40)]
    table = [["Personeel", None, None], files.FTE_HEADER, *body, ["Wonen", "=B3/2", "x"], ["Totaal", "=SUM(B3:B43)"]]
    sheet = files.Sheet("Personeel", table, merges=("A1:C1", "A20:A21", "B30:C30"))
    data = files.with_cached_values(files.xlsx(sheet), {"B43": 0.0, "B44": 780.0})
    wb = open_workbook("scan.xlsx", data)
    whole = ooxml.scan_sheet(wb, "Personeel", 30)
    assert whole.merges == ["A1:C1", "A20:A21", "B30:C30"]
    assert whole.formulas == ["B43", "B44"]
    for size in (7, 64, 301):
        monkeypatch.setattr(ooxml, "CHUNK", size)
        assert ooxml.scan_sheet(wb, "Personeel", 30) == whole, size


def archive_sizes(data: bytes, part: str) -> tuple[int, int]:
    """A part's declared (uncompressed) and compressed size."""
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(part)
    return info.file_size, info.compress_size


@pytest.mark.parametrize("chunk", [64, 1 << 20])
def test_lying_sheet_is_refused_before_any_reader(monkeypatch: pytest.MonkeyPatch, chunk: int):
    """The sheet is inflated a chunk ahead in a second thread (ooxml._inflated) while the chunks
    are searched: a sheet that inflates to more than it declares is still refused by the scan,
    whichever chunk finds out, and no reader ever sees it. (The sheet declares more than the
    dimension check reads of it, so that the scan is what finds out.)"""
    from etl.upload import workbook
    from tests import hostile

    monkeypatch.setattr(ooxml, "CHUNK", chunk)
    monkeypatch.setattr(workbook, "_excel_reader", lambda *_: pytest.fail("a reader got the lying sheet"))
    table = [files.FTE_HEADER, *([f"Afdeling {i}", i, "Samen Leven"] for i in range(200))]
    data = hostile.lying_zip_bomb(16, part="xl/worksheets/sheet1.xml", table=table)
    assert archive_sizes(data, "xl/worksheets/sheet1.xml")[0] > 4 * 4096
    result = read_upload("leugen.xlsx", data, "fte_afdeling")
    assert [p.message for p in result.problems] == [
        "het blad kan niet gelezen worden: het bestand is beschadigd (Bad CRC-32 for file 'xl/worksheets/sheet1.xml')"
    ]
    assert result.table is None


# --- the diff in Arrow -----------------------------------------------------------------------------


def _frames_equal(a, b) -> bool:
    return a.reset_index(drop=True).equals(b.reset_index(drop=True))


@pytest.mark.parametrize(
    ("dataset", "rows"),
    [
        (
            "bevolking_leeftijd",
            [
                {"jaar": 2024, "leeftijd": str(age), "geslacht": sex, "wijk": wijk, "soort": "waargenomen"}
                for age in range(3)
                for sex in ("M", "V", None)
                for wijk in (None, "Heffen")
            ],
        ),
        (  # a title twice in one group: the occurrences pair up in order
            "voortgang",
            [
                {"rapport_jaar": 2022, "domein": "HR", "soort": "realisatie", "titel": title}
                for title in ("Welzijn op het werk", "Opleiding", "Welzijn op het werk", "Werving")
            ],
        ),
    ],
)
def test_diff_of_keys_in_the_same_order_matches_rows_by_position(
    monkeypatch: pytest.MonkeyPatch, dataset: str, rows: list[dict]
):
    """The file of the current table again (keys the same row for row, values corrected): rows
    are matched by position, without encoding the key, and the diff is the one key matching gives."""
    ds = get_dataset(dataset)
    value = "aantal" if dataset == "bevolking_leeftijd" else "niveau"
    before = pa.Table.from_pylist([{**r, value: i} for i, r in enumerate(rows)])
    after = pa.Table.from_pylist([{**r, value: i + (i % 3 == 0)} for i, r in enumerate(rows)])
    with monkeypatch.context() as patched:
        patched.setattr(changes, "_row_codes", lambda _keys: pytest.fail("the key was encoded"))
        by_position = changes.compare(ds, before, after)
    assert len(by_position.changed) == len(range(0, len(rows), 3)) and by_position.added.empty
    monkeypatch.setattr(changes, "_same_keys", lambda *_: False)  # the general matching, on the key
    by_key = changes.compare(ds, before, after)
    for part in ("added", "removed", "changed", "headline"):
        assert _frames_equal(getattr(by_position, part), getattr(by_key, part)), part
    assert list(by_position.added.dtypes) == list(by_key.added.dtypes)


def test_diff_matches_rows_whose_key_has_a_missing_value():
    """No wijk is the whole city: a row without wijk is the same row in both versions."""
    ds = get_dataset("bevolking_leeftijd")
    base = {"jaar": 2024, "leeftijd": "0", "geslacht": "M", "soort": "waargenomen", "bron": "t", "bron_regel": 2}
    before = pa.Table.from_pylist(
        [{**base, "wijk": None, "aantal": 10}, {**base, "wijk": "Heffen", "aantal": 3}], schema=ds.arrow_schema
    )
    after = pa.Table.from_pylist(
        [{**base, "wijk": None, "aantal": 11}, {**base, "wijk": "Leest", "aantal": 4}], schema=ds.arrow_schema
    )
    diff = changes.compare(ds, before, after)
    assert diff.changed[["kolom", "oud", "nieuw"]].values.tolist() == [["aantal", 10, 11]]
    assert diff.changed["wijk"].isna().tolist() == [True]
    assert diff.added["wijk"].tolist() == ["Leest"]
    assert diff.removed["wijk"].tolist() == ["Heffen"]
    assert diff.headline.set_index("maat").loc["som aantal (inwoners), jaar 2024", "verschil"] == 2


# --- the longest CSV line ---------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, database=None)
@given(st.binary(max_size=80).map(lambda b: b.replace(b"\x00", b"\n")), st.integers(0, 20))
def test_a_line_over_the_limit_is_seen_from_block_edges(data, limit):
    """The CSV's line-length check looks at the first and last newline of each block only."""
    assert _has_line_over(data, limit) == (max(len(line) for line in data.split(b"\n")) > limit)


# --- conversion per distinct text ----------------------------------------------------------------


def _big_rows(bad: bool, ambiguous: bool = False) -> list[list[object]]:
    """Over 1024 rows of few distinct texts (the columns are converted per distinct text), with
    unreadable cells, blanks and a total row when ``bad``; a number "4.512" when ``ambiguous``."""
    rows: list[list[object]] = [["Jaar", "Leeftijd", "Geslacht", "Wijk", "Aantal", "Soort"]]
    total = 0
    for i in range(1500):
        aantal: object = i % 40
        if bad and i in (7, 700, 1400):
            aantal = ("abc", "1,5", " ")[(i // 700) % 3]
        sex = "Q" if bad and i == 900 else "MVX"[i % 3]
        rows.append([2000 + i // 333, str(i % 333 // 3), sex, ("Battel", "", "Walem")[i % 3], aantal, "waargenomen"])
        total += i % 40
    if ambiguous:
        rows[5][4] = "4.512"
    if bad:
        rows.append(["Totaal", None, None, None, total + 1, None])
    return rows


def _read_by_distinct_and_whole(kind: str, rows: list[list[object]], monkeypatch: pytest.MonkeyPatch):
    """The rows as a csv or xlsx read as ever (columns converted through their distinct texts),
    and read again with every column converted cell by cell."""
    from etl.upload import flow

    if kind == "csv":
        data = files.csv_bytes([["" if v is None else str(v) for v in row] for row in rows])
    else:
        data = files.xlsx(rows)
    fast = flow.read_upload(f"groot.{kind}", data, "bevolking_leeftijd")
    monkeypatch.setattr(flow, "distinct", lambda _texts: None)
    return fast, flow.read_upload(f"groot.{kind}", data, "bevolking_leeftijd")


@pytest.mark.parametrize(
    ("kind", "bad", "ambiguous"),
    [("csv", False, False), ("csv", True, False), ("xlsx", False, False), ("xlsx", True, False), ("xlsx", True, True)],
)
def test_conversion_per_distinct_text_equals_the_whole_column(
    kind: str, bad: bool, ambiguous: bool, monkeypatch: pytest.MonkeyPatch
):
    fast, whole = _read_by_distinct_and_whole(kind, _big_rows(bad, ambiguous), monkeypatch)
    assert [str(p) for p in fast.problems] == [str(p) for p in whole.problems]
    assert fast.notes == whole.notes
    if bad:
        assert len(fast.problems) >= 4 and fast.table is None
    else:
        assert not fast.problems and fast.table.equals(whole.table)


def test_the_header_window_workbook_does_not_depend_on_the_clock(monkeypatch: pytest.MonkeyPatch):
    """The cut-down workbook of the header search is the same bytes for the same workbook, also
    when the clock moved on between two scans (the chunk-size test compares them whole)."""
    import time as clock

    sheet = files.Sheet(
        "Personeel", [["Personeel", None, None], files.FTE_HEADER, *[[f"A{i}", i, "x"] for i in range(40)]]
    )
    wb = open_workbook("scan.xlsx", files.xlsx(sheet))
    first = ooxml.scan_sheet(wb, "Personeel", 5)
    later = clock.localtime(clock.time() + 3600)
    monkeypatch.setattr(clock, "localtime", lambda *_: later)  # what zipfile stamps a new entry with
    assert first.head is not None and ooxml.scan_sheet(wb, "Personeel", 5).head == first.head


@pytest.mark.parametrize("values", [[1, None, 2, None, None], [1.5, 2.25, None, float("nan"), 4.0]])
def test_headline_sums_per_year_by_position_equal_arrows_grouping(values: list):
    """The diff's sums per year, counted by position for whole-number years, give what Arrow's
    grouping gives (taken for any other period): every year present, a year of only missing values 0."""
    table = pa.table({"jaar": [2024, 2023, 2024, 2020, 2020], "aantal": values})
    by_position = changes._sums(table, "aantal", "jaar")
    as_text = table.set_column(0, "jaar", table["jaar"].cast(pa.string()))  # not whole numbers: grouped
    grouped = {int(year): total for year, total in changes._sums(as_text, "aantal", "jaar").items()}
    assert by_position.keys() == grouped.keys() == {2020, 2023, 2024}
    assert all(by_position[y] == grouped[y] or (math.isnan(by_position[y]) and math.isnan(grouped[y])) for y in grouped)
    assert by_position[2024] == sum(v for v in values[::2][:2] if v is not None)


def test_a_repeating_column_with_blank_texts_reports_them_missing():
    """A long column of few values is converted through its distinct texts; a cell of only spaces
    among them is no value (a required one is reported missing on its own row), as is an empty cell."""
    lines = ["Jaar;Leeftijd;Geslacht;Aantal;Soort"]
    lines += [f"{1950 + i // 200};{i % 100};{'MV'[i // 100 % 2]};{i % 7};waargenomen" for i in range(2000)]
    lines[6] = "1950;5;M;3;   "  # line 7 of the file: spaces only
    lines[9] = "1950;8;M;1;"  # line 10: empty
    result = read_upload("lang.csv", "\n".join(lines).encode(), "bevolking_leeftijd")
    missing = sorted((p.regel, p.kolom) for p in result.problems if p.code == Code.ONTBREEKT)
    assert missing == [(7, "soort (E)"), (10, "soort (E)")], result.problems[:5]
    assert len(result.problems) == 2


def test_a_total_row_above_a_row_of_spaces_is_recognised_in_a_long_file():
    """Columns converted through their distinct texts tell blank cells by those texts (only spaces
    is blank): a trailing row of spaces is no data, and the Totaal row above it is recognised."""
    lines = ["Jaar;Leeftijd;Geslacht;Aantal;Soort"]
    lines += [f"{1950 + i // 200};{i % 100};{'MV'[i // 100 % 2]};{i % 7};waargenomen" for i in range(2000)]
    lines += [f"Totaal;;;{sum(i % 7 for i in range(2000))};", "  ;  ;  ;  ;  "]
    result = read_upload("lang.csv", "\n".join(lines).encode(), "bevolking_leeftijd")
    assert result.ok and result.row_count == 2000, result.problems[:3]
    assert any("Totaalrij op rij 2002 herkend" in note for note in result.notes)


# --- number columns read typed -------------------------------------------------------------------

# Numbers whose text is tricky: Arrow writes an exponent from 10^10 on and below 10^-6, the
# reader never; 4.512 looks like a Belgian thousands group; -0.0 and whole floats.
TRICKY_NUMBERS = [4.512, 1e21, 1e-7, 123456789012.5, 12345678901.0, -0.0, 2024.0, 0.1 + 0.2, -52.86, 1.5e15, 7e-5]


def _cells_both_ways(rows: list[list[object]], numbers: set[int], monkeypatch: pytest.MonkeyPatch):
    """The cells of ``rows`` below their header as :meth:`SheetReader.load` gives them: with the
    number columns read typed, and with every column read as text."""
    from etl.upload import workbook

    wb = open_workbook("getallen.xlsx", files.xlsx(rows))
    columns = list(range(len(rows[0])))
    assert not ooxml.scan_sheet(wb, wb.sheets[0].name).booleans
    typed = workbook.SheetReader(wb, wb.sheets[0].name).load(1, numbers, columns, typed=True)
    as_text = workbook.SheetReader(wb, wb.sheets[0].name).load(1, numbers, columns)
    return typed, as_text


def test_a_number_column_read_typed_has_the_texts_and_marks_of_the_text_read(monkeypatch: pytest.MonkeyPatch):
    """Read typed, a number column's texts are its numbers exactly, in the reader's form of a
    number ("2024", "4.512", "1000000000000000000000": never an exponent), where the text read
    writes at most nine decimals (1/3 as "0.333333333"); the marks are the text read's."""
    rng = np.random.default_rng(14)
    spread = (rng.standard_normal(300) * 10.0 ** rng.integers(-9, 22, 300)).tolist()
    numbers = [*TRICKY_NUMBERS, *spread, 1 / 3, None, 3.0]
    rows = [["getal", "tekst"], *[[n, f"t{i}"] for i, n in enumerate(numbers)]]
    held = fastexcel.read_excel(files.xlsx(rows)).load_sheet(0).to_arrow().column(0).to_pylist()  # the cells' numbers
    typed, as_text = _cells_both_ways(rows, {0}, monkeypatch)
    assert pa.types.is_string(typed.texts[0].type) and "e" not in "".join(typed.texts[0].drop_null().to_pylist())
    assert [None if t is None else float(t) for t in typed.texts[0].to_pylist()] == held  # exactly
    assert typed.texts[0].take([0, 1, 2, 4, 5, 6]).to_pylist() == as_text.texts[0].take([0, 1, 2, 4, 5, 6]).to_pylist()
    assert typed.texts[1].to_pylist() == as_text.texts[1].to_pylist()
    assert typed.numeric[0].to_pylist() == as_text.numeric[0].to_pylist()  # 4.512: a number cell
    assert typed.by_text == as_text.by_text == frozenset()  # "4.512" does not tell by its text


def test_a_number_with_more_than_nine_decimals_is_published_exactly():
    """A formula's result (a share: 0.06955197700381686) is the number the cell holds, not the
    nine decimals the reader writes as text; a tiny one is not 0."""
    rows = [["afdeling", "fte", "directie"], ["Financiën", 0.06955197700381686, "Samen Leven"], ["Wonen", 7e-12, "x"]]
    result = read_upload("fijn.xlsx", files.xlsx(rows), "fte_afdeling")
    assert result.problems == [] and result.rows["fte"].tolist() == [0.06955197700381686, 7e-12]


def test_number_columns_of_mixed_cells_are_read_as_text(monkeypatch: pytest.MonkeyPatch):
    """A number column that mixes numbers with text (or a column of only text) reads as text,
    marks from the sheet's typed cells: the text "4.512" is 4512, the number 4.512 is 4,512."""
    rows = [["gemengd", "tekst"], [4.512, "4.512"], ["4.512", "1.000"], [2.5, "2,5"]]
    typed, as_text = _cells_both_ways(rows, {0, 1}, monkeypatch)
    for c in (0, 1):
        assert typed.texts[c].to_pylist() == as_text.texts[c].to_pylist()
        assert typed.numeric[c].to_pylist() == as_text.numeric[c].to_pylist()
    assert typed.numeric[0].to_pylist() == [True, False, True]
    assert typed.numeric[1].to_pylist() == [False, False, False]


@pytest.mark.parametrize("number", TRICKY_NUMBERS)
def test_an_upload_reads_the_same_with_number_columns_typed(number: float, monkeypatch: pytest.MonkeyPatch):
    from etl.upload import workbook

    rows = [["afdeling", "fte", "directie"], ["Financiën", number, "Samen Leven"], ["Wonen", 3.25, "Samen Leven"]]
    data = files.xlsx(rows)
    typed = read_upload("getal.xlsx", data, "fte_afdeling")
    monkeypatch.setattr(workbook, "_one_kind", lambda _kind: False)
    as_text = read_upload("getal.xlsx", data, "fte_afdeling")
    assert [str(p) for p in typed.problems] == [str(p) for p in as_text.problems]
    assert (typed.table is None) == (as_text.table is None)
    if typed.table is not None:
        held = fastexcel.read_excel(data).load_sheet(0).to_arrow().column(1).to_pylist()  # 0.1 + 0.2 is kept as 0.3
        assert typed.table.equals(as_text.table) and typed.rows["fte"].tolist() == held


def test_the_scan_tells_whether_a_sheet_may_hold_a_boolean():
    def booleans(rows: list[list[object]]) -> bool:
        wb = open_workbook("b.xlsx", files.xlsx(rows))
        return ooxml.scan_sheet(wb, wb.sheets[0].name).booleans

    assert not booleans([["fte"], [1.5], ["tekst"]])
    assert booleans([["fte"], [1.5], [True]])


def test_single_quoted_attributes_count_as_a_possible_boolean():
    """Where attributes are quoted with "'", the scan's search for t="b" would not see one."""
    data = files.xlsx([["afdeling", "fte", "directie"], ["Financiën", 1.5, "Samen Leven"]])
    wb = open_workbook("q.xlsx", _requoted(data))
    assert ooxml.scan_sheet(wb, wb.sheets[0].name).booleans


def _requoted(data: bytes) -> bytes:
    """The workbook with its sheet's attributes quoted with "'"."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            body = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                body = re.sub(rb'(\s[\w:]+)="([^"]*)"', rb"\1='\2'", body)
            copy.writestr(info, body)
    return out.getvalue()


@pytest.mark.parametrize("odd", [True, dt.date(2024, 5, 1)])
def test_a_number_column_with_a_boolean_or_a_date_is_read_as_text(odd: object):
    """TRUE in a number column is a problem where it stands, not the number 1 (a reader that
    types a column by its cells would make it 1.0); so is a date."""
    rows = [["afdeling", "fte", "directie"], ["Financiën", 1.5, "Samen Leven"], ["Wonen", odd, "Samen Leven"]]
    result = read_upload("vreemd.xlsx", files.xlsx(rows), "fte_afdeling")
    assert [(p.regel, p.kolom) for p in result.problems] == [(3, "fte (B)")]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("goed.csv", files.csv_bytes(files.FTE_TABLE)),
        ("goed.xlsx", files.xlsx(files.FTE_TABLE)),
        ("zonder_kop.csv", b"a;b\n1;2\n"),  # refused before the file's rows are read
    ],
)
def test_the_result_names_the_file_by_its_sha256(name: str, data: bytes):
    """The audit's bestand_sha256: worked out beside the reading, for a refused file too."""
    import hashlib

    result = read_upload(name, data, "fte_afdeling")
    assert result.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_missing_cells_of_a_long_file_are_reported_through_its_distinct_texts(
    kind: str, monkeypatch: pytest.MonkeyPatch
):
    """A cell without a value in a required column (an xlsx reads it as no value at all, a csv as
    ""), found on the column's distinct values: the same problems as cell by cell."""
    rows = _big_rows(bad=False, ambiguous=False)
    rows[10][1] = None  # leeftijd
    rows[700][4] = None  # aantal
    fast, whole = _read_by_distinct_and_whole(kind, rows, monkeypatch)
    assert [(p.code, p.regel, p.kolom) for p in fast.problems] == [
        (Code.ONTBREEKT, 11, "leeftijd (B)"),
        (Code.ONTBREEKT, 701, "aantal (E)"),
    ]
    assert [str(p) for p in fast.problems] == [str(p) for p in whole.problems]
