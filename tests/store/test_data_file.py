"""The data file a publish writes with its own Parquet writer (etl.store._encode, _data_file): what
pyiceberg's writer gave — Iceberg field ids, the table's statistics in the manifest — readable by
pyiceberg and by the query layer alike, with the source line delta-encoded."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from etl import store as store_module
from etl.catalog import get_dataset
from etl.store import Store, conform, content_sha256
from etl.tables import local_path
from tests.store.test_store import kern_table


def test_the_data_file_is_an_iceberg_data_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("MECHELEN_CATALOG_URI", raising=False)
    monkeypatch.delenv("MECHELEN_WAREHOUSE", raising=False)
    store, table = Store(tmp_path), kern_table(300)
    entry = store.publish("kerncijfers", table, bestand="a.xlsx", bestand_sha256="a" * 64)
    iceberg = store._table(get_dataset("kerncijfers"))
    (task,) = iceberg.scan().plan_files()
    record = task.file
    path = local_path(record.file_path)
    assert (path,) == store.current_files("kerncijfers")

    # pyiceberg reads it (by field id), as does the query layer (by name): the same content
    assert content_sha256(conform(get_dataset("kerncijfers"), iceberg.scan().to_arrow())) == entry.tabel_sha256
    assert content_sha256(store.read_current("kerncijfers")) == content_sha256(table) == entry.tabel_sha256

    metadata = pq.read_metadata(path)
    ids = {f.name: f.field_id for f in iceberg.schema().fields}
    assert {f.name: int(f.metadata[b"PARQUET:field_id"]) for f in metadata.schema.to_arrow_schema()} == ids
    columns = {metadata.row_group(0).column(i).path_in_schema: metadata.row_group(0).column(i) for i in range(9)}
    assert "DELTA_BINARY_PACKED" in columns["bron_regel"].encodings and not columns["bron_regel"].has_dictionary_page
    assert columns["indicator"].has_dictionary_page  # the others as pyiceberg wrote them

    # the manifest's record: counts and bounds from the file's footer, as pyiceberg's writer gives them
    assert record.record_count == 300 and record.file_size_in_bytes == Path(path).stat().st_size
    assert record.value_counts[ids["bron_regel"]] == 300
    assert record.null_value_counts[ids["citaat"]] == 300
    assert int.from_bytes(record.lower_bounds[ids["bron_regel"]], "little") == 2
    assert int.from_bytes(record.upper_bounds[ids["bron_regel"]], "little") == 301
    assert record.lower_bounds[ids["indicator"]] == b"i0"


def test_row_groups_follow_the_declared_limit_also_in_an_older_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The row-group limit is ours (TABLE_PROPERTIES): a table made with it records it; a table
    made before (without it) still gets it; a table that sets its own keeps its own."""
    monkeypatch.delenv("MECHELEN_CATALOG_URI", raising=False)
    monkeypatch.delenv("MECHELEN_WAREHOUSE", raising=False)
    monkeypatch.setitem(store_module.TABLE_PROPERTIES, "write.parquet.row-group-limit", "100")
    store, dataset = Store(tmp_path), get_dataset("kerncijfers")

    def row_groups() -> list[int]:
        (path,) = store.current_files("kerncijfers")
        metadata = pq.read_metadata(path)
        return [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]

    store.publish("kerncijfers", kern_table(250), bestand="a.xlsx", bestand_sha256="a" * 64)
    assert row_groups() == [100, 100, 50]
    assert store._table(dataset).properties["write.parquet.row-group-limit"] == "100"

    with store._table(dataset).transaction() as change:  # as a table made before the property was ours
        change.remove_properties("write.parquet.row-group-limit")
    store.publish("kerncijfers", kern_table(210), bestand="b.xlsx", bestand_sha256="b" * 64)
    assert row_groups() == [100, 100, 10]

    with store._table(dataset).transaction() as change:
        change.set_properties({"write.parquet.row-group-limit": "200"})
    store.publish("kerncijfers", kern_table(250), bestand="c.xlsx", bestand_sha256="c" * 64)
    assert row_groups() == [200, 50]


def test_a_file_encoded_ahead_is_written_while_the_table_is_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """An upload encodes its data file before the publish (encode_ahead, beside the diff): the
    publish writes those very bytes while the table is the version they were encoded for, and
    encodes again — with the table's settings as they are then — once it has moved on."""
    monkeypatch.delenv("MECHELEN_CATALOG_URI", raising=False)
    monkeypatch.delenv("MECHELEN_WAREHOUSE", raising=False)
    store, dataset = Store(tmp_path), get_dataset("kerncijfers")
    assert store_module.encode_ahead(dataset, kern_table(5), store.identity("kerncijfers")) is None  # no table yet
    store.publish("kerncijfers", kern_table(2), bestand="a.xlsx", bestand_sha256="a" * 64)
    merged, based_on = kern_table(250, 3.0), store.identity("kerncijfers")
    encoded = store_module.encode_ahead(dataset, merged, based_on)
    ahead = encoded.result()
    encodings = []
    original = store_module._encode
    monkeypatch.setattr(store_module, "_encode", lambda *args: encodings.append(1) or original(*args))

    def publish(bestand: str) -> None:
        computed = store_module.Computed(based_on, merged, store_module.checksum_ahead(dataset, merged), encoded)
        store.publish(
            "kerncijfers", lambda current: merged, bestand=bestand, bestand_sha256="b" * 64, computed=computed
        )

    publish("b.xlsx")
    (path,) = store.current_files("kerncijfers")
    assert Path(path).read_bytes() == ahead.data.to_pybytes() and encodings == []
    assert store.read_current("kerncijfers").equals(store_module.conform(dataset, merged))

    with store._table(dataset).transaction() as change:  # the table moves on: another row-group limit
        change.set_properties({"write.parquet.row-group-limit": "100"})
    store.rollback("kerncijfers", 1)
    publish("c.xlsx")
    (path,) = store.current_files("kerncijfers")
    metadata = pq.read_metadata(path)
    assert encodings == [1] and [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)] == [
        100,
        100,
        50,
    ]
    assert store.read_current("kerncijfers").equals(store_module.conform(dataset, merged))


def test_a_failed_encoding_ahead_is_done_again_at_publish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Encoding ahead is only a head start: when it failed, the publish encodes the file itself."""
    from concurrent.futures import Future

    monkeypatch.delenv("MECHELEN_CATALOG_URI", raising=False)
    monkeypatch.delenv("MECHELEN_WAREHOUSE", raising=False)
    store, dataset = Store(tmp_path), get_dataset("kerncijfers")
    store.publish("kerncijfers", kern_table(2), bestand="a.xlsx", bestand_sha256="a" * 64)
    merged, based_on = kern_table(3, 5.0), store.identity("kerncijfers")
    failed: Future = Future()
    failed.set_exception(KeyError("schemas"))
    computed = store_module.Computed(based_on, merged, None, failed)
    entry = store.publish(
        "kerncijfers", lambda current: merged, bestand="b.xlsx", bestand_sha256="b" * 64, computed=computed
    )
    assert entry.versie == 2 and store.read_current("kerncijfers").equals(store_module.conform(dataset, merged))
