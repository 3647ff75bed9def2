"""The upload validator against the habits of real spreadsheets, and against files it must refuse.

One test per habit (the file is accepted and the values are right) and one per refusal (nothing is
published and the problem says where: file, sheet, row as Excel numbers it, column, value). Every
file is made by code in :mod:`tests.upload.files`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from etl.errors import Problem, SourceError
from etl.publish import prepare, publish
from etl.store import Store
from etl.upload.flow import read_upload
from etl.upload.result import IngestResult
from tests.fixtures import copy_store
from tests.upload import files
from tests.upload.files import FTE_BODY, FTE_HEADER, FTE_TABLE, Sheet

ROOT = Path(__file__).resolve().parents[2]
JAN_2017 = dt.date(2017, 1, 1)


def read(filename: str, data: bytes, dataset: str = "fte_afdeling", **kwargs) -> IngestResult:
    return read_upload(filename, data, dataset, **kwargs)


def accepted(result: IngestResult) -> pd.DataFrame:
    assert result.problems == [], "\n".join(str(p) for p in result.problems)
    assert result.ok
    return result.rows


def rejected(result: IngestResult) -> list[Problem]:
    """Refused: problems, and no rows that could be published."""
    assert not result.ok
    assert result.problems
    assert result.rows.empty
    return result.problems


def only_problem(result: IngestResult) -> Problem:
    problems = rejected(result)
    assert len(problems) == 1, "\n".join(str(p) for p in problems)
    return problems[0]


def column(rows: pd.DataFrame, name: str) -> list:
    return rows[name].tolist()


# --- habits: the file is accepted and the values are right ---------------------------------------


def test_title_and_note_rows_above_the_header():
    data = files.xlsx(
        [
            ["Personeel per afdeling – directie Samen Leven"],
            ["Bron: HR-toepassing, toestand 1 januari"],
            [],
            FTE_HEADER,
            *FTE_BODY,
        ]
    )
    result = read("personeel.xlsx", data)
    rows = accepted(result)
    assert result.header_row == 4
    assert result.sheet == "Personeel"
    assert column(rows, "afdeling") == ["Financiën", "Burgerzaken", "Sociale dienst"]
    assert column(rows, "fte") == [52.86, 55.0, 93.47]
    assert column(rows, "bron_regel") == [5, 6, 7]
    assert column(rows, "bron") == ["personeel.xlsx › Personeel"] * 3


@pytest.mark.parametrize(
    "header",
    [
        [" Afdéling ", " VTE ", "Directie"],
        ["AFDELING", "Fte", "  directie"],
        ["Dienst", "Voltijdse equivalenten", "DIRECTIE"],
        ["Opmerking", "Aantal VTE", "Afdelingsnaam", "Directie"],  # another order, an extra column
    ],
    ids=["accent-spaces", "case", "synonyms", "order-and-extra-column"],
)
def test_header_found_by_name_whatever_case_spaces_or_accents(header):
    order = [h.strip().lower() for h in header]
    by_name = {"opmerking": "n.v.t.", "directie": "Samen Leven"}

    def row(afdeling, fte):
        values = {**by_name, "afdeling": afdeling, "dienst": afdeling, "afdelingsnaam": afdeling}
        values |= {"fte": fte, "vte": fte, "voltijdse equivalenten": fte, "aantal vte": fte, "afdéling": afdeling}
        return [values[h] for h in order]

    data = files.xlsx([["Overzicht"], header, row("Burgerzaken", 55), row("Wonen", 12.5)])
    result = read("vte.xlsx", data)
    rows = accepted(result)
    assert result.header_row == 2
    assert column(rows, "afdeling") == ["Burgerzaken", "Wonen"]
    assert column(rows, "fte") == [55.0, 12.5]
    assert column(rows, "directie") == ["Samen Leven"] * 2
    assert column(rows, "bron_regel") == [3, 4]


NUMBERS_AS_TEXT = [
    ("52,86", 52.86),
    ("1.234,56", 1234.56),
    ("1 234", 1234.0),
    ("1\u00a0234,5", 1234.5),  # the non-breaking space Excel and the web put in Belgian numbers
    ("12%", 12.0),
    ("4.512", 4512.0),  # a point groups thousands in Belgium: not 4.512
    ("7.5", 7.5),
]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_belgian_numbers_written_as_text(kind):
    table = [FTE_HEADER, *[[f"Afdeling {i}", text, "Samen Leven"] for i, (text, _) in enumerate(NUMBERS_AS_TEXT)]]
    for number in (3.25, 4.125):  # real numbers in a cell; a Belgian Excel exports them with a comma
        table.append([f"Getal {number}", number if kind == "xlsx" else str(number).replace(".", ","), "Samen Leven"])
    data = files.xlsx(table) if kind == "xlsx" else files.csv_bytes(table)
    rows = accepted(read(f"getallen.{kind}", data))
    expected = [value for _, value in NUMBERS_AS_TEXT] + [3.25, 4.125]
    assert column(rows, "fte") == expected
    assert column(rows, "bron_regel") == list(range(2, 2 + len(expected)))


@pytest.mark.parametrize("date1904", [False, True], ids=["1900", "1904"])
def test_excel_dates_serial_numbers_and_text_dates(date1904):
    data = files.xlsx(
        [
            [*FTE_HEADER, "Peildatum"],
            ["Financiën", 52.86, "Samen Leven", dt.datetime(2017, 1, 1)],  # a real Excel date
            ["Burgerzaken", 55, "Samen Leven", files.excel_serial(JAN_2017, date1904)],  # a bare serial
            ["Sociale dienst", 93.47, "Samen Leven", "01/01/2017"],  # a date typed as text
            ["Wonen", 3, "Samen Leven", None],  # peildatum is optional
        ],
        date1904=date1904,
    )
    assert (b'date1904="1"' in files.read_part(data, "xl/workbook.xml")) is date1904  # the fixture is right
    rows = accepted(read("peildatum.xlsx", data))
    assert column(rows, "peildatum") == [JAN_2017, JAN_2017, JAN_2017, None]


@pytest.mark.parametrize("word", ["Totaal", "Total", " TOTAAL "])
def test_total_row_is_checked_and_left_out(word):
    data = files.xlsx([*FTE_TABLE, [word, "201,33", None]])
    result = read("totaal.xlsx", data)
    rows = accepted(result)
    assert column(rows, "afdeling") == ["Financiën", "Burgerzaken", "Sociale dienst"]
    assert sum(column(rows, "fte")) == pytest.approx(201.33)
    assert any("Totaalrij op rij 5" in n and "klopt met de som van kolom fte" in n for n in result.notes)


def test_wrong_total_names_its_row_and_column():
    data = files.xlsx([["Personeel"], FTE_HEADER, *FTE_BODY, ["Totaal", 210, None]])
    problem = only_problem(read("totaal.xlsx", data))
    assert (problem.blad, problem.regel, problem.kolom, problem.waarde) == ("Personeel", 6, "fte (B)", "210.0")
    assert "totaalrij klopt niet" in problem.message
    assert "201,33" in problem.message  # the real sum, in Belgian notation
    assert str(problem).startswith("totaal.xlsx, blad 'Personeel', rij 6, kolom 'fte (B)': de totaalrij")


def _workbook_with_hidden_sheets() -> bytes:
    return files.xlsx(
        Sheet("Geheim", [FTE_HEADER, ["Verborgen", 1, "Samen Leven"]], state="hidden"),
        Sheet("Personeel", FTE_TABLE),
        Sheet("Intern", [FTE_HEADER, ["Zeer verborgen", 2, "Samen Leven"]], state="veryHidden"),
        Sheet("Vorig jaar", [FTE_HEADER, ["Burgerzaken", 50, "Samen Leven"]]),
    )


def test_hidden_sheets_are_reported_and_not_read():
    result = read("bladen.xlsx", _workbook_with_hidden_sheets())
    rows = accepted(result)
    assert result.sheet == "Personeel"  # the first visible sheet, not the hidden first one
    assert column(rows, "afdeling") == ["Financiën", "Burgerzaken", "Sociale dienst"]
    assert result.sheets == ["Geheim", "Personeel", "Intern", "Vorig jaar"]
    hidden = next(n for n in result.notes if n.startswith("Verborgen bladen"))
    assert "‘Geheim’ (verborgen)" in hidden
    assert "‘Intern’ (zeer verborgen)" in hidden
    assert "Alleen blad ‘Personeel’ wordt gelezen" in hidden


def test_sheet_argument_reads_another_sheet():
    result = read("bladen.xlsx", _workbook_with_hidden_sheets(), sheet="Vorig jaar")
    rows = accepted(result)
    assert result.sheet == "Vorig jaar"
    assert column(rows, "afdeling") == ["Burgerzaken"]
    assert column(rows, "fte") == [50.0]
    assert column(rows, "bron") == ["bladen.xlsx › Vorig jaar"]


def test_merged_title_cell_above_the_header():
    data = files.xlsx(Sheet("Personeel", [["Personeel per afdeling", None, None], *FTE_TABLE], merges=("A1:C1",)))
    result = read("samengevoegd.xlsx", data)
    rows = accepted(result)
    assert result.header_row == 2
    assert column(rows, "bron_regel") == [3, 4, 5]
    assert any("Samengevoegde cellen (A1:C1)" in n for n in result.notes)


def test_merged_header_cells_over_two_rows():
    # ‘Afdeling’ spans rows 2–3 (merged vertically); ‘Personeel’ spans B2:C2 above its two sub-headers.
    data = files.xlsx(
        Sheet(
            "Personeel",
            [
                ["Personeel per afdeling"],
                ["Afdeling", "Personeel", None],
                [None, "VTE", "Directie"],
                *FTE_BODY,
            ],
            merges=("A2:A3", "B2:C2"),
        )
    )
    result = read("kop.xlsx", data)
    rows = accepted(result)
    assert result.header_row == 3
    assert column(rows, "afdeling") == ["Financiën", "Burgerzaken", "Sociale dienst"]
    assert column(rows, "fte") == [52.86, 55.0, 93.47]
    assert column(rows, "bron_regel") == [4, 5, 6]
    assert any(n.startswith("Samengevoegde cellen") and "A2:A3" in n for n in result.notes)


def test_formulas_use_the_value_excel_calculated_and_are_noted():
    table = [["Personeel"], [], [], FTE_HEADER, *FTE_BODY, ["Wonen", "=B5/2", "Samen Leven"], ["Totaal", "=SUM(B5:B8)"]]
    data = files.with_cached_values(files.xlsx(table), {"B8": 26.43, "B9": 227.76})
    result = read("formules.xlsx", data)
    rows = accepted(result)
    assert column(rows, "afdeling") == ["Financiën", "Burgerzaken", "Sociale dienst", "Wonen"]
    assert column(rows, "fte") == [52.86, 55.0, 93.47, 26.43]
    note = next(n for n in result.notes if "formule" in n)
    assert "2 cel(len)" in note and "(B8, B9)" in note
    assert any("Totaalrij op rij 9" in n and "klopt" in n for n in result.notes)


CSV_VARIANTS = {
    "utf8-bom-semicolon": ({"sep": ";", "bom": True}, "UTF-8 met BOM, scheidingsteken puntkomma"),
    "utf8-semicolon": ({"sep": ";"}, "UTF-8, scheidingsteken puntkomma"),
    "utf8-comma": ({"sep": ","}, "UTF-8, scheidingsteken komma"),
    "cp1252-semicolon": ({"sep": ";", "encoding": "cp1252"}, "Windows-1252, scheidingsteken puntkomma"),
}


@pytest.mark.parametrize("variant", list(CSV_VARIANTS))
def test_csv_encodings_and_separators(variant):
    options, note = CSV_VARIANTS[variant]
    table = [
        ["Afdeling", "VTE", "Directie"],
        ["Financiën", "52,86", "Samen Leven"],
        ["Burgerzaken", "1.055,5", "Samen Leven"],
    ]
    data = files.csv_bytes(table, **options)
    if variant == "cp1252-semicolon":
        assert b"Financi\xebn" in data  # the ë as Windows-1252 writes it: not valid UTF-8
    result = read("personeel.csv", data)
    rows = accepted(result)
    assert result.sheet is None
    assert column(rows, "afdeling") == ["Financiën", "Burgerzaken"]
    assert column(rows, "fte") == [52.86, 1055.5]
    assert column(rows, "bron_regel") == [2, 3]
    assert column(rows, "bron") == ["personeel.csv"] * 2
    assert f"CSV gelezen als {note}." in result.notes


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_text_with_trailing_spaces_is_stripped(kind):
    table = [
        ["Afdeling ", "FTE  ", " Directie"],
        ["Financiën   ", " 52,86 ", "  Samen  Leven "],
        ["Wonen\t", 4, "Samen Leven"],
    ]
    data = files.xlsx(table) if kind == "xlsx" else files.csv_bytes(table)
    rows = accepted(read(f"spaties.{kind}", data))
    assert column(rows, "afdeling") == ["Financiën", "Wonen"]
    assert column(rows, "directie") == ["Samen Leven", "Samen Leven"]
    assert column(rows, "fte") == [52.86, 4.0]


def test_sheet_xml_with_a_namespace_prefix():
    """Valid OOXML as the .NET Open XML SDK writes it (<x:row>, <x:c>): rows still counted right."""
    table = [[], ["Personeel"], [], FTE_HEADER, FTE_BODY[0], ["Burgerzaken", "abc", "Samen Leven"]]
    data = files.prefixed_sheet(files.xlsx(table))
    assert b"<x:c " in files.read_part(data, files.sheet_part())
    problem = only_problem(read("sdk.xlsx", data))
    assert (problem.regel, problem.kolom, problem.waarde) == (6, "fte (B)", "abc")
    limits = files.small_limits(max_columns=2)
    assert "declareert 3 kolommen" in only_problem(read("sdk.xlsx", data, limits=limits)).message


def test_directie_taken_from_the_current_data_when_absent():
    current = pd.DataFrame({"directie": ["Samen Leven", "Samen Leven"], "afdeling": ["a", "b"]})
    data = files.xlsx([["Afdeling", "VTE"], ["Financiën", 52.86], ["Wonen", 3]])
    result = read("zonder_directie.xlsx", data, current=current)
    rows = accepted(result)
    assert column(rows, "directie") == ["Samen Leven", "Samen Leven"]
    assert any("overgenomen uit de huidige gegevens (‘Samen Leven’)" in n for n in result.notes)


def test_population_file_with_synonyms_coded_values_and_total():
    data = files.xlsx(
        [
            ["Bevolking Mechelen op 1 januari"],
            ["Year", "Leeftijdsgroep", "Sexe", "Aantal inwoners"],
            [2024, "0-4", "man", "4.512"],
            [2024, "0-4", "Vrouw", 4301],
            [2024, "5-9", "M", "4 498"],
            ["Totaal", None, None, 13311],
        ]
    )
    result = read("bevolking.xlsx", data, "bevolking_leeftijd")
    rows = accepted(result)
    assert column(rows, "jaar") == [2024, 2024, 2024]
    assert column(rows, "geslacht") == ["M", "V", "M"]
    assert column(rows, "aantal") == [4512, 4301, 4498]
    assert column(rows, "soort") == ["waargenomen"] * 3
    assert column(rows, "bron_regel") == [3, 4, 5]
    assert any("Totaalrij op rij 6" in n and "aantal" in n for n in result.notes)


def test_progress_report_items_and_sub_items():
    table = [
        ["Rapportjaar", "Beheersdomein", "Type", "Omschrijving", "Niveau"],
        [2023, "Personeel", "Realisaties", "Nieuw onthaalbeleid", 0],
        [2023, "Personeel", "realisatie", "Peterschap voor nieuwkomers", 1],
        [2023, "Personeel", "Gepland", "Fietslease", 0],
    ]
    rows = accepted(read("voortgang.csv", files.csv_bytes(table), "voortgang"))
    assert column(rows, "soort") == ["realisatie", "realisatie", "planning"]
    assert column(rows, "volgorde") == [1, 2, 1]
    assert rows["ouder"].isna().tolist() == [True, False, True]
    assert rows["ouder"].iloc[1] == 1  # the sub-item points at the item above it
    assert column(rows, "bron_regel") == [2, 3, 4]


def test_key_figures_with_percentages():
    table = [
        ["Indicator", "Omschrijving", "Waarde", "Eenheid", "Jaar"],
        ["inwoners", "Aantal inwoners", "86.921", "inwoners", 2018],
        ["aandeel_65plus", "Aandeel 65-plussers", "17,4%", "%", 2018],
    ]
    rows = accepted(read("kerncijfers.xlsx", files.xlsx(table), "kerncijfers"))
    assert column(rows, "waarde") == [86921.0, 17.4]
    assert column(rows, "jaar") == [2018, 2018]


# --- refusals: nothing is published and the problem says where -----------------------------------


def test_missing_required_column():
    data = files.xlsx([["Personeel"], ["Afdeling", "Directie", "Opmerking"], ["Financiën", "Samen Leven", "x"]])
    problem = only_problem(read("zonder_vte.xlsx", data))
    assert problem.message.startswith("verplichte kolom ‘fte’ (of: vte, voltijdse equivalenten")
    assert (problem.blad, problem.regel) == ("Personeel", 2)  # the row that looked most like the header


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_wrong_type_names_row_column_and_value(kind):
    table = [["Personeel"], FTE_HEADER, FTE_BODY[0], ["Burgerzaken", "abc", "Samen Leven"], FTE_BODY[2]]
    data = files.xlsx(table) if kind == "xlsx" else files.csv_bytes(table)
    problem = only_problem(read(f"fout.{kind}", data))  # one cell, one problem (not also ‘waarde ontbreekt’)
    assert (problem.regel, problem.kolom, problem.waarde, problem.message) == (4, "fte (B)", "abc", "geen getal")
    sheet = ", blad 'Personeel'" if kind == "xlsx" else ""
    assert str(problem) == f"fout.{kind}{sheet}, rij 4, kolom 'fte (B)': geen getal (waarde: 'abc')"


def _shifted(rows: int, columns: int, table: list[list]) -> list[list]:
    """The table moved down and to the right, as when it does not start in A1."""
    return [[] for _ in range(rows)] + [[None] * columns + row for row in table]


@pytest.mark.parametrize(
    "layout",
    ["number-column-first", "columns-in-between", "table-from-D6", "title-in-A1-table-from-C4"],
)
def test_wrong_value_located_whatever_the_layout(layout):
    """Columns the upload does not use, and tables that do not start in A1, shift nothing: each
    wrong cell is named by its own row and column letter, and good Belgian numbers stay good."""
    body = [["Financiën", "52,86", "Samen Leven"], ["Burgerzaken", "abc", "Samen Leven"], ["Wonen", "1.250,5", "x"]]
    if layout == "number-column-first":  # Nr | Afdeling | VTE | Directie
        table = [["Nr", *FTE_HEADER], *[[i, *row] for i, row in enumerate(body, start=1)]]
        where = (3, "fte (C)")
    elif layout == "columns-in-between":  # Afdeling | Opmerking | VTE | Code | Directie
        table = [["Afdeling", "Opmerking", "VTE", "Code", "Directie"], *[[a, "-", f, 7, d] for a, f, d in body]]
        where = (3, "fte (C)")
    elif layout == "table-from-D6":
        table = _shifted(5, 3, [FTE_HEADER, *body])
        where = (8, "fte (E)")
    else:
        table = [["Personeel per afdeling"], [], *_shifted(0, 2, [["Bron: HR"], FTE_HEADER, *body])]
        where = (6, "fte (D)")
    result = read("indeling.xlsx", files.xlsx(table))
    problem = only_problem(result)
    assert (problem.regel, problem.kolom, problem.waarde, problem.message) == (*where, "abc", "geen getal")
    assert result.header_row == where[0] - 2
    fixed = files.xlsx([[("3" if cell == "abc" else cell) for cell in row] for row in table])
    rows = accepted(read("indeling.xlsx", fixed))
    assert column(rows, "fte") == [52.86, 3.0, 1250.5]
    assert column(rows, "directie") == ["Samen Leven", "Samen Leven", "x"]
    assert column(rows, "bron_regel") == [where[0] - 1, where[0], where[0] + 1]


def test_wrong_type_in_a_later_column_names_that_column():
    table = [["Directie", "Afdeling", "Peildatum", "VTE"], ["Samen Leven", "Financiën", "32/13/2017", 52.86]]
    problem = only_problem(read("datum.xlsx", files.xlsx(table)))
    assert (problem.regel, problem.kolom, problem.waarde) == (2, "peildatum (C)", "32/13/2017")
    assert problem.message.startswith("geen datum")


def test_duplicate_key_names_both_rows():
    table = [FTE_HEADER, *FTE_BODY, ["Burgerzaken", 12, "Samen Leven"]]
    problem = only_problem(read("dubbel.xlsx", files.xlsx(table)))
    assert (problem.regel, problem.kolom) == (5, "afdeling")
    assert "dubbele sleutel" in problem.message
    assert "'Burgerzaken'" in problem.message
    assert problem.message.endswith("ook op rij 3")


def test_negative_fte():
    table = [["Personeel"], FTE_HEADER, FTE_BODY[0], ["Wonen", "-2,5", "Samen Leven"]]
    problem = only_problem(read("negatief.xlsx", files.xlsx(table)))
    assert (problem.regel, problem.kolom, problem.waarde) == (4, "fte (B)", "-2.5")
    assert problem.message == "waarde is kleiner dan het minimum 0"


@pytest.mark.parametrize("name", ["leeg.xlsx", "leeg.csv"])
def test_empty_file(name):
    problem = only_problem(read(name, b""))
    assert (problem.bestand, problem.message) == (name, "het bestand is leeg")


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_sheet_with_only_a_header(kind):
    table = [["Personeel"], FTE_HEADER]
    data = files.xlsx(table) if kind == "xlsx" else files.csv_bytes(table)
    problem = only_problem(read(f"kop.{kind}", data))
    assert problem.message == "het bestand bevat geen gegevensrijen onder de kop"
    assert problem.regel == 2


def test_empty_sheet():
    problem = only_problem(read("leeg_blad.xlsx", files.xlsx([])))
    assert (problem.blad, problem.message) == ("Personeel", "het blad is leeg")


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 8, "Afdeling;VTE\nFinanciën;52,86\n".encode()],
    ids=["random-bytes", "csv-renamed-to-xlsx"],
)
def test_xlsx_that_is_not_a_zip(data):
    problem = only_problem(read("geen_zip.xlsx", data))
    assert problem.bestand == "geen_zip.xlsx"
    assert problem.message.startswith("geen geldig xlsx-bestand (geen zip-archief)")


def test_truncated_xlsx():
    data = files.fte_xlsx()
    problem = only_problem(read("afgekapt.xlsx", data[: len(data) // 2]))
    assert problem.bestand == "afgekapt.xlsx"
    assert problem.message.startswith("geen geldig xlsx-bestand: het zip-archief is beschadigd")


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml"])
def test_xlsx_with_a_damaged_part(part):
    """The zip directory is intact but a part's bytes are not: a problem, never a crash."""
    problem = only_problem(read("beschadigd.xlsx", files.corrupt_part(files.fte_xlsx(), part)))
    assert problem.bestand == "beschadigd.xlsx"
    assert "beschadigd" in problem.message


def test_uncompressed_size_over_the_limit():
    limits = files.small_limits(max_uncompressed_bytes=200_000, max_compression_ratio=10**6)
    accepted(read("gewoon.xlsx", files.fte_xlsx(), limits=limits))  # a normal file passes these limits
    data = files.padded_sheet(files.fte_xlsx(), 300_000)
    assert len(data) < 20_000
    problem = only_problem(read("groot.xlsx", data, limits=limits))
    assert problem.bestand == "groot.xlsx"
    assert "zip-bom" in problem.message
    assert "uitgepakt is het bestand" in problem.message
    assert "0 MB" not in problem.message  # sizes below a megabyte are not rounded away


def test_extreme_compression_ratio():
    limits = files.small_limits(max_compression_ratio=100)
    accepted(read("gewoon.xlsx", files.fte_xlsx(), limits=limits))
    data = files.padded_sheet(files.fte_xlsx(), 200_000)
    problem = only_problem(read("bom.xlsx", data, limits=limits))
    assert problem.message == (
        "onderdeel xl/worksheets/sheet1.xml is verdacht sterk gecomprimeerd (mogelijk een zip-bom)"
    )


def test_declared_dimension_with_too_many_cells():
    limits = files.small_limits(max_cells=10_000, max_columns=20)
    data = files.with_dimension(files.fte_xlsx(), "A1:C100000")
    problem = only_problem(read("dimensie.xlsx", data, limits=limits))
    assert problem.blad == "Personeel"
    assert problem.message == "het blad declareert 100.000 rijen × 3 kolommen, meer dan de toegelaten 10.000 cellen"


def test_declared_dimension_with_too_many_columns():
    limits = files.small_limits(max_columns=20)
    data = files.with_dimension(files.fte_xlsx(), "A1:XFD4")
    problem = only_problem(read("dimensie.xlsx", data, limits=limits))
    assert problem.blad == "Personeel"
    assert problem.message == "het blad declareert 16384 kolommen, meer dan de toegelaten 20"


def _wide_table(width: int) -> list[list]:
    extra = [f"kolom {i}" for i in range(width - 3)]
    return [FTE_HEADER + extra, FTE_BODY[0] + ["x"] * len(extra)]


@pytest.mark.parametrize("kind", ["csv", "xlsx", "xlsx-without-dimension"])
def test_more_columns_than_allowed(kind):
    limits = files.small_limits(max_columns=20)
    table = _wide_table(25)
    accepted(read("smal.csv", files.csv_bytes(_wide_table(20)), limits=limits))  # 20 is still fine
    if kind == "csv":
        data = files.csv_bytes(table)
    elif kind == "xlsx":
        data = files.xlsx(table)
    else:
        data = files.without_dimension(files.xlsx(table))
    problem = only_problem(read(f"breed.{kind[:4]}", data, limits=limits))
    assert "25 kolommen" in problem.message
    assert "meer dan de toegelaten 20" in problem.message
    if kind != "csv":
        assert problem.blad == "Personeel"


def test_damaged_bytes_give_problems_never_exceptions():
    """Bytes flipped or cut anywhere in a good workbook: refused with a problem or still read, never a crash."""
    good = files.xlsx([[*FTE_HEADER, "Peildatum"], ["Financiën", 52.86, "Samen Leven", dt.datetime(2017, 1, 1)]])
    rng = random.Random(20240101)
    for attempt in range(150):
        data = bytearray(good)
        if attempt % 2:
            del data[rng.randrange(len(data)) :]
        else:
            start = rng.randrange(len(data))
            data[start : start + rng.randint(1, 24)] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 24)))
        result = read("beschadigd.xlsx", bytes(data))
        assert result.ok or (result.problems and result.rows.empty)
        assert all(p.bestand == "beschadigd.xlsx" for p in result.problems)


def test_password_protected_workbook():
    problem = only_problem(read("beveiligd.xlsx", files.encrypted_xlsx()))
    assert problem.bestand == "beveiligd.xlsx"
    assert "beveiligd met een wachtwoord" in problem.message


def test_csv_with_nul_bytes():
    data = files.csv_bytes(FTE_TABLE).replace(b"Burgerzaken", b"Burger\x00zaken")
    problem = only_problem(read("nul.csv", data))
    assert problem.regel == 3
    assert "NUL-tekens" in problem.message


@pytest.mark.parametrize("name", ["personeel.pdf", "personeel.ods", "personeel"])
def test_unknown_extension(name):
    problem = only_problem(read(name, files.fte_xlsx()))
    assert problem.bestand == name
    assert problem.message.startswith("onbekend bestandstype")


def test_sheet_that_does_not_exist():
    problem = only_problem(read("bladen.xlsx", _workbook_with_hidden_sheets(), sheet="2025"))
    assert problem.message.startswith("blad ‘2025’ bestaat niet; bladen: ‘Geheim’, ‘Personeel’")


def test_formula_excel_never_calculated():
    """openpyxl stores no value for a formula: the cell is empty for every reader, and the problem says where."""
    table = [FTE_HEADER, FTE_BODY[0], ["Wonen", "=B2/2", "Samen Leven"]]
    result = read("niet_berekend.xlsx", files.xlsx(table))
    problem = only_problem(result)
    assert (problem.regel, problem.kolom, problem.message) == (3, "fte (B)", "waarde ontbreekt")
    assert any("formule (B3)" in n for n in result.notes)


def test_directie_missing_and_not_derivable():
    data = files.xlsx([["Afdeling", "VTE"], ["Financiën", 52.86]])
    problem = only_problem(read("zonder_directie.xlsx", data))
    assert "directie" in problem.message


def test_value_not_allowed_names_row_and_column():
    table = [["jaar", "leeftijd", "geslacht", "aantal"], [2024, "0", "M", 10], [2024, "0", "Q", 11]]
    problem = only_problem(read("bevolking.csv", files.csv_bytes(table), "bevolking_leeftijd"))
    assert (problem.regel, problem.kolom, problem.waarde) == (3, "geslacht (C)", "Q")


def test_a_refused_file_is_not_published(tmp_path):
    store = Store(tmp_path)
    bad = files.xlsx([FTE_HEADER, ["Financiën", "abc", "Samen Leven"]])
    prepared = prepare("fout.xlsx", bad, "fte_afdeling", store)
    assert not prepared.ok
    with pytest.raises(SourceError) as refused:
        publish(prepared, store)
    assert "rij 2, kolom 'fte (B)'" in str(refused.value)
    assert not any(tmp_path.iterdir())
    entry = publish(prepare("goed.xlsx", files.fte_xlsx(), "fte_afdeling", store), store)  # the flow itself works
    assert (entry.versie, entry.rijen) == (1, 3)


# --- the command line -------------------------------------------------------------------------------


@pytest.fixture
def parquet(built_data: Path, tmp_path: Path) -> Path:
    target = tmp_path / "parquet"
    copy_store(built_data / "parquet", target)
    return target


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


def _cli(parquet: Path, path: Path, *extra: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "etl", "--data", str(parquet), "ingest", str(path), "--dataset", "fte_afdeling"]
    return subprocess.run([*command, *extra], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_cli_refuses_a_bad_file_with_status_2(parquet, tmp_path):
    path = tmp_path / "personeel.xlsx"
    path.write_bytes(files.xlsx([["Personeel"], ["Afdeling", "VTE"], ["Burgerzaken", "abc"]]))
    before = _snapshot(parquet)
    done = _cli(parquet, path)  # not a dry run: it would publish if it could
    assert done.returncode == 2, done.stderr
    assert "personeel.xlsx is niet gepubliceerd" in done.stderr
    assert "personeel.xlsx, blad 'Personeel', rij 3, kolom 'fte (B)': geen getal (waarde: 'abc')" in done.stderr
    assert _snapshot(parquet) == before


def test_cli_refuses_a_damaged_file_with_status_2(parquet, tmp_path):
    path = tmp_path / "afgekapt.xlsx"
    data = files.fte_xlsx()
    path.write_bytes(data[: len(data) // 2])
    done = _cli(parquet, path, "--dry-run")
    assert done.returncode == 2, done.stderr
    assert "afgekapt.xlsx: geen geldig xlsx-bestand" in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_dry_run_of_a_good_file(parquet, tmp_path):
    path = tmp_path / "personeel.csv"
    path.write_bytes(files.csv_bytes([["Afdeling", "VTE"], ["Burgerzaken", "56,5"], ["Wonen", "12"]]))
    before = _snapshot(parquet)
    done = _cli(parquet, path, "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "2 rijen gelezen voor fte_afdeling" in done.stdout
    assert "proefrun: niets gepubliceerd" in done.stdout
    assert "overgenomen uit de huidige gegevens (‘Samen Leven’)" in done.stdout
    assert _snapshot(parquet) == before


def test_diff_of_voortgang_with_a_title_twice_in_one_group():
    """2022 has "Welzijn op het werk" twice under Organisatiecultuur/realisatie: the diff pairs
    them in order instead of failing."""
    import pandas as pd

    from etl import changes
    from etl.catalog import get_dataset

    ds = get_dataset("voortgang")
    base = {"rapport_jaar": 2022, "domein": "Organisatiecultuur", "soort": "realisatie", "ouder": None, "bron": "t"}
    base |= {"item_nr": 1, "ook_in_domein": None}  # the same item twice: one number
    before = pd.DataFrame(
        [
            {**base, "niveau": 0, "volgorde": 1, "titel": "Welzijn op het werk", "bron_regel": 1},
            {**base, "niveau": 0, "volgorde": 2, "titel": "Welzijn op het werk", "bron_regel": 2},
        ]
    )
    after = before.assign(niveau=[0, 1])
    diff = changes.compare(ds, before, after)
    assert diff.changed[["titel", "kolom", "oud", "nieuw"]].values.tolist() == [["Welzijn op het werk", "niveau", 0, 1]]
    assert diff.added.empty and diff.removed.empty


def test_unreadable_cells_of_several_columns_are_reported_column_by_column():
    """The columns are converted side by side (a thread each): their problems still come column
    after column as the sheet orders them, each column's from top to bottom."""
    rows = [
        ["peildatum", "afdeling", "fte", "directie"],
        ["gisteren", "Financiën", "1", "Samen Leven"],
        ["1/1/2024", "Burgerzaken", "veel", "Samen Leven"],
        ["morgen", "Sociale dienst", "2", "Samen Leven"],
        ["1/1/2024", "Sociaal beleid", "nog meer", "Samen Leven"],
    ]
    problems = rejected(read("volgorde.csv", files.csv_bytes(rows)))
    assert [(p.kolom, p.regel) for p in problems] == [
        ("peildatum (A)", 2),
        ("peildatum (A)", 4),
        ("fte (C)", 3),
        ("fte (C)", 5),
    ]
