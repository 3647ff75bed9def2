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
