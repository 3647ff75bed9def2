"""A publish uses the table its preview already merged, unless the current table changed since:
then it merges again on the new current table, so nobody's rows are lost."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from etl.catalog import get_dataset
from etl.errors import SourceError
from etl.publish import _merged_upload, prepare, publish
from etl.store import Store
from etl.upload.result import IngestResult
from tests.upload import files

HEADER = ["jaar", "leeftijd", "geslacht", "aantal"]


def population(year: int, aantal: int) -> bytes:
    return files.csv_bytes([HEADER, [year, 0, "M", aantal], [year, 1, "V", aantal + 1]])


def years(store: Store) -> dict[int, int]:
    table = store.read_current("bevolking_leeftijd").to_pylist()
    return {r["jaar"]: sum(x["aantal"] for x in table if x["jaar"] == r["jaar"]) for r in table}


def test_unchanged_table_is_not_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    store = Store(tmp_path)
    publish(prepare("2023.csv", population(2023, 10), "bevolking_leeftijd", store), store)
    prepared = prepare("2024.csv", population(2024, 20), "bevolking_leeftijd", store)

    def no_read(self, dataset, state):
        raise AssertionError("the current table was read again although it did not change")

    monkeypatch.setattr(Store, "_read_state", no_read)
    publish(prepared, store)
    monkeypatch.undo()
    assert years(store) == {2023: 21, 2024: 41}


def test_table_changed_since_the_preview_is_merged_again(tmp_path: Path):
    store = Store(tmp_path)
    publish(prepare("2023.csv", population(2023, 10), "bevolking_leeftijd", store), store)
    preview = prepare("2024.csv", population(2024, 20), "bevolking_leeftijd", store)
    publish(prepare("2022.csv", population(2022, 5), "bevolking_leeftijd", store), store)  # meanwhile
    publish(preview, store)
    assert years(store) == {2022: 11, 2023: 21, 2024: 41}  # 2022 is not lost


def test_merge_checks_what_the_upload_did_not(tmp_path: Path):
    """The merge of a read upload checks only the columns the upload's validator did not pass as
    they are (IngestResult.checked): those a catalog rule fills, and the provenance."""
    store = Store(tmp_path)
    result = prepare("2024.csv", population(2024, 20), "bevolking_leeftijd", store).result
    assert result.checked == {"jaar", "leeftijd", "geslacht", "aantal"}  # soort is filled by its default
    ds = get_dataset("bevolking_leeftijd")
    table = result.table
    for name, value in (("geslacht", "Q"), ("soort", "fout")):  # neither is allowed
        table = table.set_column(ds.column_names.index(name), name, pa.array([value] * table.num_rows))
    result.table = table
    with pytest.raises(SourceError) as refused:
        _merged_upload(ds, result, None)
    assert {p.kolom for p in refused.value.problems} == {"soort"}  # geslacht passed the upload's check
    result.checked = frozenset()
    with pytest.raises(SourceError) as refused:
        _merged_upload(ds, result, None)
    assert {p.kolom for p in refused.value.problems} == {"soort", "geslacht"}


def long_population(years: range, aantal: int) -> bytes:
    """Enough rows (1,200 per year) for the columns to be converted through their distinct texts."""
    rows = [[year, age, sex, aantal + age] for year in years for age in range(400) for sex in "MVX"]
    return files.csv_bytes([HEADER, *rows])


def test_the_upload_text_columns_reach_the_data_file_dictionary_encoded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The writer gets the text columns the way the upload converted them (a dictionary: no hash
    of every value); the file reads back as plain text, the very content the checksum names."""
    import duckdb
    import pyarrow.parquet as pq

    from etl import store as store_module
    from etl.store import content_sha256

    store = Store(tmp_path)
    publish(prepare("2023.csv", long_population(range(2023, 2025), 10), "bevolking_leeftijd", store), store)
    given: list[set[str]] = []
    encode = store_module._encode

    def recording(table, settings, dictionaries=None):
        given.append(set(dictionaries or ()))
        return encode(table, settings, dictionaries)

    monkeypatch.setattr(store_module, "_encode", recording)
    prepared = prepare("2024.csv", long_population(range(2023, 2025), 20), "bevolking_leeftijd", store)
    # soort and wijk are filled by the catalog's rules: new columns, not the converted ones
    assert set(prepared.result.dictionaries) == {"leeftijd", "geslacht", "bron"}
    entry = publish(prepared, store)
    assert given == [{"leeftijd", "geslacht", "bron"}]
    (path,) = store.current_files("bevolking_leeftijd")
    read = pq.read_table(path)
    assert read.schema.field("geslacht").type == pa.string() and read.schema.field("bron").type == pa.string()
    assert store.read_current("bevolking_leeftijd").equals(prepared.table)
    assert content_sha256(store.read_current("bevolking_leeftijd")) == entry.tabel_sha256
    by_sex = duckdb.sql(f"select geslacht, count(*) from '{path}' group by 1 order by 1").fetchall()
    assert by_sex == [("M", 800), ("V", 800), ("X", 800)]
    assert years(store) == {2023: 1200 * 20 + 3 * sum(range(400)), 2024: 1200 * 20 + 3 * sum(range(400))}


def test_rows_kept_from_the_current_table_are_encoded_as_ever(tmp_path: Path):
    """A year added to the others: the table is no longer the upload's rows alone."""
    store = Store(tmp_path)
    publish(prepare("2023.csv", long_population(range(2023, 2024), 10), "bevolking_leeftijd", store), store)
    prepared = prepare("2024.csv", long_population(range(2024, 2025), 20), "bevolking_leeftijd", store)
    ds = get_dataset("bevolking_leeftijd")
    assert prepared.result.dictionaries
    table, dictionaries = _merged_upload(ds, prepared.result, store.read_current("bevolking_leeftijd"))
    assert table.num_rows == 2400 and dictionaries == {}
    publish(prepared, store)
    assert sorted(years(store)) == [2023, 2024]


def test_another_table_forgets_the_dictionaries_of_the_first():
    result = IngestResult(get_dataset("bevolking_leeftijd"), "a.csv", "")
    result.table = pa.table({"geslacht": ["M"]})
    result.dictionaries = {"geslacht": pa.array(["M"]).dictionary_encode()}
    result.table = pa.table({"geslacht": ["V"]})
    assert result.dictionaries == {}


def test_a_column_a_rule_made_anew_has_no_dictionary_form():
    """Only a column the catalog's rules passed as it was converted (the very same array) keeps
    its dictionary form: a column a rule filled, derived or put in another order is another one."""
    from etl.upload.flow import _dictionaries
    from etl.validate import Distinct

    ds = get_dataset("bevolking_leeftijd")
    indices = pa.array([0, 1, 0], pa.int32())
    known = {name: Distinct(pa.array(["M", "V"]), indices) for name in ("geslacht", "wijk")}
    converted = pa.table({"geslacht": ["M", "V", "M"], "wijk": ["M", "V", "M"], "bron": ["a.csv"] * 3})
    final = converted.set_column(1, "wijk", pa.array(["M", "V", "M"]))  # equal values, made anew
    forms = _dictionaries(ds, known, "a.csv", converted, final)
    assert set(forms) == {"geslacht", "bron"}
    assert forms["geslacht"].dictionary_decode().to_pylist() == ["M", "V", "M"]
    assert forms["bron"].dictionary_decode().to_pylist() == ["a.csv"] * 3
    assert _dictionaries(ds, known, "a.csv", converted, final.take([2, 1, 0])) == {}  # rows in another order
