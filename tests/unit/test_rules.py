"""One test per kind of rule the catalog declares, through the one validator (etl.validate) and the
one implementation of the value rules (etl.derive): each asserts where the problem is (row, column),
its stable code and its Dutch message — or the values the rule derives.

And the guard of "one rule, one place": no module of the flow names a dataset.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from etl import changes
from etl.catalog import ALL_DATASETS, get_dataset, spellings
from etl.derive import complete, with_canonical_values
from etl.errors import Code, Problem, SourceError
from etl.upload.flow import read_upload
from etl.validate import MAX_PROBLEMS, Where, check, conform, references, to_table, validate

ROOT = Path(__file__).resolve().parents[2]
FTE = get_dataset("fte_afdeling")
BEVOLKING = get_dataset("bevolking_leeftijd")
VOORTGANG = get_dataset("voortgang")


def sheet(rows: list[int], **labels: str) -> Where:
    return Where.sheet("test.xlsx", "Blad1", rows, labels)


def located(problem: Problem) -> tuple:
    return (problem.bestand, problem.blad, problem.regel, problem.kolom, problem.waarde, problem.code, problem.message)


def fte(afdeling: list, fte_values: list, **more: list) -> pa.Table:
    return pa.table({"afdeling": pa.array(afdeling, pa.string()), "fte": pa.array(fte_values, pa.float64()), **more})


# --- required, type, minimum, allowed ---------------------------------------------------------------


def test_required_value_missing_is_located():
    table = fte(["Financiën", None, ""], [1.0, 2.0, 3.0])
    problems = validate(FTE, table, where=sheet([5, 6, 7], afdeling="afdeling (A)"), partial=True)
    assert [located(p) for p in problems] == [
        ("test.xlsx", "Blad1", 6, "afdeling (A)", None, "ontbreekt", "waarde ontbreekt"),
        ("test.xlsx", "Blad1", 7, "afdeling (A)", None, "ontbreekt", "waarde ontbreekt"),  # "" is missing text
    ]
    assert str(problems[0]) == "test.xlsx, blad 'Blad1', rij 6, kolom 'afdeling (A)': waarde ontbreekt"


def test_a_cell_already_reported_is_not_missing_again():
    table = fte(["a", "b"], [None, None])
    problems = validate(FTE, table, where=sheet([2, 3], fte="fte (B)"), partial=True, reported={"fte": [0]})
    assert [(p.regel, p.code) for p in problems] == [(3, "ontbreekt")]


def test_type_of_build_rows_is_located_on_their_line():
    rows = [
        {
            "directie": "Samen Leven",
            "afdeling": "a",
            "fte": 1.5,
            "peildatum": None,
            "bron": "000_x.txt",
            "bron_regel": 7,
        },
        {
            "directie": "Samen Leven",
            "afdeling": "b",
            "fte": "veel",
            "peildatum": None,
            "bron": "000_x.txt",
            "bron_regel": 9,
        },
    ]
    with pytest.raises(SourceError) as refused:
        to_table(FTE, rows)
    (problem,) = refused.value.problems
    assert located(problem) == ("000_x.txt", None, 9, "fte", "veel", "type", "getal verwacht")
    assert str(problem) == "000_x.txt, regel 9, kolom 'fte': getal verwacht (waarde: 'veel')"


@pytest.mark.parametrize(
    ("values", "wrong"),
    [([1.0, 2.5], 2.5), ([1, True], True), ([4, "3"], "3")],
    ids=["fraction", "boolean", "text"],
)
def test_type_of_a_whole_number_column(values, wrong):
    frame = pd.DataFrame({"jaar": [2024, 2024], "aantal": pd.Series(values, dtype=object)})
    table, problems, reported = conform(BEVOLKING, frame, where=sheet([2, 3], aantal="aantal (D)"))
    assert [located(p) for p in problems] == [
        ("test.xlsx", "Blad1", 3, "aantal (D)", str(wrong), "type", "geheel getal verwacht")
    ]
    assert table["aantal"].type == pa.int64() and table["aantal"].to_pylist()[1] is None
    assert list(reported["aantal"]) == [1]


def test_minimum():
    problems = validate(FTE, fte(["a", "b"], [0.0, -2.5]), where=sheet([4, 5], fte="fte (B)"), partial=True)
    assert [located(p) for p in problems] == [
        ("test.xlsx", "Blad1", 5, "fte (B)", "-2.5", "minimum", "waarde is kleiner dan het minimum 0")
    ]


def test_allowed_values():
    table = pa.table({"geslacht": ["M", None, "Q"]})
    problems = validate(BEVOLKING, table, where=sheet([2, 3, 4], geslacht="geslacht (C)"), partial=True)
    assert [located(p) for p in problems] == [
        ("test.xlsx", "Blad1", 4, "geslacht (C)", "Q", "niet_toegelaten", "waarde niet toegelaten; toegelaten: M, V, X")
    ]


def test_columns_missing_or_unknown_in_a_whole_table():
    table = fte(["a"], [1.0], extra=pa.array([1]))
    codes = {(p.code, p.kolom) for p in validate(FTE, table)}
    assert codes == {
        ("kolom_onbekend", "extra"),
        *(("kolom_ontbreekt", c) for c in ("directie", "peildatum", "bron", "bron_regel")),
    }


def test_problems_are_capped():
    table = fte([None] * (MAX_PROBLEMS + 50), [1.0] * (MAX_PROBLEMS + 50))
    assert len(validate(FTE, table, partial=True)) == MAX_PROBLEMS
    assert len(validate(FTE, table, partial=True, limit=3)) == 3


# --- synonyms ------------------------------------------------------------------------------------------


def test_synonyms_become_the_allowed_value():
    table = pa.table({"geslacht": ["Man", "vrouwen", "f", "x", "Q", None], "soort": ["Prognose"] * 6})
    canonical = with_canonical_values(BEVOLKING, table)
    assert canonical["geslacht"].to_pylist() == ["M", "V", "V", "X", "Q", None]
    assert canonical["soort"].to_pylist() == ["projectie"] * 6
    assert with_canonical_values(VOORTGANG, pa.table({"soort": ["Gepland", "Realisaties"]}))["soort"].to_pylist() == [
        "planning",
        "realisatie",
    ]


def test_a_synonym_is_one_declaration():
    """A new spelling in the catalog is all it takes."""
    col = dataclasses.replace(BEVOLKING.column("geslacht"), synonyms=spellings(M=("heer",)))
    ds = dataclasses.replace(BEVOLKING, columns=tuple(col if c.name == "geslacht" else c for c in BEVOLKING.columns))
    assert with_canonical_values(ds, pa.table({"geslacht": ["Heer", "man"]}))["geslacht"].to_pylist() == ["M", "man"]


# --- keys -----------------------------------------------------------------------------------------------


def test_duplicate_key_names_the_first_row():
    table = fte(["a", "b", "a", None, None], [1.0] * 5)
    problems = validate(FTE, table, where=sheet([3, 4, 5, 6, 7]), key=FTE.row_key, partial=True)
    duplicate = [p for p in problems if p.code == Code.DUBBELE_SLEUTEL]
    assert [located(p) for p in duplicate] == [
        (
            "test.xlsx",
            "Blad1",
            5,
            "afdeling",
            None,
            "dubbele_sleutel",
            "dubbele sleutel (afdeling) = ('a',), ook op rij 3",
        )
    ]  # the rows without afdeling are reported as missing, not as each other's double


def test_an_empty_optional_key_value_is_a_value():
    """No wijk is the whole city: two city rows with the same key are doubles."""
    row = {"jaar": 2024, "leeftijd": "0", "geslacht": "M", "wijk": None, "soort": "waargenomen", "aantal": 1}
    table = pa.Table.from_pylist([row, row | {"wijk": "Nekkerspoel"}, row])
    (problem,) = validate(BEVOLKING, table, where=sheet([2, 3, 4]), partial=True)
    assert (problem.regel, problem.code) == (4, "dubbele_sleutel")
    assert problem.message.endswith("ook op rij 2")


def test_a_file_without_some_key_columns_is_checked_on_those_it_has():
    """No wijk, no soort in the file: every row is the whole city, observed — doubles on the rest."""
    data = b"jaar;leeftijd;geslacht;aantal\n2024;0;M;5\n2024;1;M;6\n2024;0;man;7\n"
    result = read_upload("bevolking.csv", data, "bevolking_leeftijd")
    assert [(p.regel, p.kolom, p.code, p.message) for p in result.problems] == [
        (
            4,
            "jaar, leeftijd, geslacht",
            "dubbele_sleutel",
            "dubbele sleutel (jaar, leeftijd, geslacht) = (2024, '0', 'M'), ook op rij 2",
        )
    ]


def test_match_key_recognises_a_row_by_title_in_the_file_and_the_diff():
    assert VOORTGANG.row_key == ("rapport_jaar", "domein", "soort", "titel")  # volgorde is a position
    assert FTE.row_key == FTE.key
    rows = {"rapport_jaar": [2023] * 3, "domein": ["Personeel"] * 3, "soort": ["realisatie"] * 3}
    table = pa.table(rows | {"titel": ["Onthaal", "Fietslease", "Onthaal"], "niveau": [0, 0, 0]})
    (problem,) = validate(VOORTGANG, table, where=sheet([2, 3, 4]), key=VOORTGANG.row_key, partial=True)
    assert (problem.regel, problem.kolom, problem.code) == (4, "rapport_jaar, domein, soort, titel", "dubbele_sleutel")
    assert changes.diff_key(VOORTGANG) == list(VOORTGANG.row_key)
    before = pd.DataFrame(rows | {"titel": ["A", "B", "C"], "volgorde": [1, 2, 3]})
    after = before.iloc[[2, 0, 1]].assign(volgorde=[1, 2, 3])  # reordered: the same rows
    assert changes.compare(
        VOORTGANG, before.reindex(columns=VOORTGANG.column_names), after.reindex(columns=VOORTGANG.column_names)
    ).empty


# --- columns a file leaves out ----------------------------------------------------------------------------


def upload(table: pa.Table, start: int = 2) -> pa.Table:
    rows = pa.array(range(start, start + table.num_rows), pa.int64())
    return table.append_column("bron", pa.array(["t.csv"] * table.num_rows)).append_column("bron_regel", rows)


def test_derived_columns_number_items_and_point_sub_items_at_their_parent():
    table = upload(
        pa.table(
            {
                "rapport_jaar": [2023] * 5,
                "domein": ["Personeel", "Personeel", "Personeel", "ICT", "Personeel"],
                "soort": ["realisatie", "realisatie", "planning", "realisatie", "realisatie"],
                "titel": ["Onthaal", "Peter", "Fietslease", "Onthaal", "Lunch"],
                "niveau": [0, 1, 0, 0, 1],
            }
        )
    )
    done = complete(VOORTGANG, table, where=Where.sheet("t.csv", None, table["bron_regel"], {}))
    assert done.problems == [] and done.notes == []
    out = done.table
    assert out.column_names == VOORTGANG.column_names
    assert out["volgorde"].to_pylist() == [1, 2, 1, 1, 3]
    assert out["ouder"].to_pylist() == [None, 1, None, None, 1]
    assert out["item_nr"].to_pylist() == [1, 2, 1, 1, 3]  # "Onthaal" under two domains: one number
    assert out["ook_in_domein"].to_pylist() == ["ICT", None, None, "Personeel", None]
    assert [c.name for c in VOORTGANG.columns if c.positional] == ["ouder", "volgorde"]


def test_a_sub_item_without_an_item_above_is_located():
    table = upload(
        pa.table({"rapport_jaar": [2023], "domein": ["D"], "soort": ["planning"], "titel": ["x"], "niveau": [1]})
    )
    done = complete(VOORTGANG, table, where=Where.sheet("t.csv", None, table["bron_regel"], {"niveau": "niveau (E)"}))
    assert [located(p) for p in done.problems] == [
        (
            "t.csv",
            None,
            2,
            "niveau (E)",
            "1",
            "afgeleid",
            "deelpunt (niveau 1) zonder hoofdpunt erboven, of niveau is geen 0 of 1",
        )
    ]


def test_default_when_the_column_is_missing():
    rows = pa.table({"jaar": [2024], "leeftijd": ["0"], "aantal": [5]})
    done = complete(BEVOLKING, upload(rows))
    assert done.table["soort"].to_pylist() == ["waargenomen"]
    assert done.notes == ["Kolom ‘soort’ ontbreekt: alle rijen worden als ‘waargenomen’ geladen."]
    given = complete(BEVOLKING, upload(rows.append_column("soort", pa.array(["projectie"]))))
    assert given.table["soort"].to_pylist() == ["projectie"] and given.notes == []
    item = {"rapport_jaar": [2023], "domein": ["D"], "soort": ["planning"], "titel": ["x"]}
    quiet = complete(VOORTGANG, upload(pa.table(item)))
    assert quiet.table["niveau"].to_pylist() == [0] and quiet.notes == []  # a default without a note


def test_constant_for_every_uploaded_row():
    kern = get_dataset("kerncijfers")
    rows = pa.table({"indicator": ["inwoners"], "jaar": [2024], "jaar_bron": ["referentiedatum"]})
    done = complete(kern, upload(rows))
    assert done.table["jaar_bron"].to_pylist() == ["gelezen"]
    assert done.table["citaat"].to_pylist() == [None]  # not in the file, no rule: empty


@pytest.mark.parametrize("as_arrow", [False, True])
def test_fill_from_current(as_arrow):
    rows = upload(pa.table({"afdeling": ["Wonen", "ICT"], "fte": [1.0, 2.0]}))
    current = pd.DataFrame({"directie": ["Samen Leven", None, "Samen Leven"], "afdeling": ["a", "b", "c"]})
    done = complete(FTE, rows, current=pa.Table.from_pandas(current) if as_arrow else current)
    assert done.table["directie"].to_pylist() == ["Samen Leven"] * 2
    assert done.notes == ["Kolom ‘directie’ ontbreekt of is leeg: overgenomen uit de huidige gegevens (‘Samen Leven’)."]
    two = complete(FTE, rows, current=current.assign(directie=["Samen Leven", "Zorg", None]))
    assert [(p.code, p.message) for p in two.problems] == [
        ("afgeleid", "kolom ‘directie’ ontbreekt en kan niet uit de huidige gegevens afgeleid worden")
    ]
    assert complete(FTE, rows, current=None).problems


def test_references_between_datasets():
    teams = get_dataset("teams")
    table = pa.table(
        {"afdeling": ["Wonen", "Onbekend"], "team": ["x", "y"], "bron": ["000_a.txt"] * 2, "bron_regel": [3, 8]}
    )
    (problem,) = references(teams, table, {"fte_afdeling": pa.table({"afdeling": ["Wonen"]})})
    assert located(problem) == (
        "000_a.txt",
        None,
        8,
        "afdeling",
        None,
        "verwijzing",
        "'Onbekend' bestaat niet in ‘fte_afdeling’ (kolom afdeling)",
    )


def test_to_table_gives_the_catalog_schema_from_rows_frames_and_tables():
    row = {"directie": "S", "afdeling": "a", "fte": 1, "peildatum": dt.date(2017, 1, 1), "bron": "b", "bron_regel": 2}
    from_rows = to_table(FTE, [row])
    assert from_rows.schema == FTE.arrow_schema and from_rows["fte"].to_pylist() == [1.0]
    assert to_table(FTE, pd.DataFrame([row])).equals(from_rows)
    assert to_table(FTE, from_rows).equals(from_rows)
    _, problems = check(FTE, [])
    assert [p.code for p in problems if p.code == Code.GEEN_RIJEN] == ["geen_rijen"]


# --- one rule, one place --------------------------------------------------------------------------------

FLOW = (
    "etl/upload",
    "etl/publish.py",
    "etl/changes.py",
    "etl/validate.py",
    "etl/derive.py",
    "etl/upsert.py",
)


DATASET_NAME = re.compile(r"\b(" + "|".join(re.escape(d.name) for d in ALL_DATASETS) + r")\b")


def test_no_module_of_the_flow_names_a_dataset():
    """A rule about one dataset is declared in the catalog, never written in the flow by its name."""
    files = [p for f in FLOW for p in ((ROOT / f).rglob("*.py") if (ROOT / f).is_dir() else [ROOT / f]) if p.exists()]
    assert len(files) >= 5
    found = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in files
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if DATASET_NAME.search(line)
    ]
    assert found == []


def test_the_guard_sees_a_name():
    assert DATASET_NAME.search('    if dataset.name == "voortgang":')
    assert DATASET_NAME.search("COMPLETERS = {'fte_afdeling': _complete_fte}")
    assert not DATASET_NAME.search("    key = dataset.row_key")


def test_duplicate_keys_agree_with_pandas_on_a_wide_key():
    """Many distinct values per key column (the codes are renumbered on the way): the rows found
    double are exactly those pandas finds."""
    import numpy as np

    rng = np.random.default_rng(7)
    base = rng.integers(0, 4000, size=(3000, 6))  # ~2500 values per column: 2500⁶ > 2⁶²
    picked = np.concatenate([base, base[rng.integers(0, 3000, 500)]])[rng.permutation(3500)]
    n = len(picked)
    columns = {c: picked[:, i] for i, c in enumerate("abcdef")}
    table = pa.table(columns)
    wide = dataclasses.replace(
        BEVOLKING,
        columns=tuple(dataclasses.replace(BEVOLKING.column("jaar"), name=c, minimum=None) for c in columns),
        key=tuple(columns),
    )
    rows = list(range(2, n + 2))
    found = [p.regel - 2 for p in validate(wide, table, where=sheet(rows), limit=n)]
    expected = pd.DataFrame(columns).duplicated().to_numpy().nonzero()[0].tolist()
    assert found == expected and len(expected) > 100


@pytest.mark.parametrize("spread", [20, 1000], ids=["flag table", "sorted"])
def test_codes_renumbered_and_repeats_found_as_numpy_does(spread):
    """Both ways (a table of flags for codes below 32 × the rows, sorting above): the numbering of
    np.unique, and repeats exactly when fewer groups than rows."""
    import numpy as np

    from etl.validate import renumbered, repeats

    rng = np.random.default_rng(spread)
    for n in (1, 2, 500, 20_000):
        unique_codes = rng.permutation(spread * n)[:n].astype(np.int64)
        with_repeat = unique_codes.copy()
        with_repeat[-1] = with_repeat[0]
        for codes in (unique_codes, with_repeat):
            expected, inverse = np.unique(codes, return_inverse=True)
            numbers, count = renumbered(codes)
            assert count == len(expected) and numbers.tolist() == inverse.tolist()
            assert repeats(codes) == (len(expected) < n)


def test_the_indicator_reader_checks_doubles_with_the_validator():
    from etl.indicators.upload import read_indicator_values
    from tests.indicator_fixtures import long_workbook

    rows = [("demo_groen_pct", "Demowijk Noord", 2020, 1), ("demo_groen_pct", "Demowijk Noord", 2020, 2)]
    data = long_workbook(rows, meta_codes=("demo_groen_pct",))
    result = read_indicator_values("l.xlsx", data, get_dataset("indicatorwaarden"), lambda _name: None)
    (problem,) = result.problems
    assert (problem.blad, problem.regel, problem.code) == ("waarden", 4, "dubbele_sleutel")
    assert problem.message.endswith("ook op rij 3")


def test_a_table_in_several_chunks():
    first, second = fte(["a", "b"], [1.0, 2.0]), fte(["c", "a"], [3.0, -1.0])
    table = pa.concat_tables([first, second])
    assert table["afdeling"].num_chunks == 2
    problems = validate(FTE, table, where=sheet([2, 3, 4, 5]), partial=True)
    assert [(p.regel, p.code) for p in problems] == [(5, "minimum"), (5, "dubbele_sleutel")]
