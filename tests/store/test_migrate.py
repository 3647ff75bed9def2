"""A data folder in the layout before Iceberg (made by that code, tests/store/legacy_store.py) is
migrated once: every version and its audit record becomes a snapshot, the content is kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.db import Database
from etl.catalog import get_dataset
from etl.migrate import MOVED
from etl.store import WITHDRAWAL, Store, content_sha256
from tests.store.legacy_store import Store as LegacyStore
from tests.store.test_store import assert_consistent, kern_table


def test_old_layout_is_migrated_once(tmp_path: Path):
    old = LegacyStore(tmp_path)
    old.publish("kerncijfers", kern_table(3), bestand="a.xlsx", bestand_sha256="a" * 64, gebruiker="ana")
    old.publish("kerncijfers", kern_table(5, 9.0), bestand="b.xlsx", bestand_sha256="b" * 64, gebruiker="bob")
    old.rollback("kerncijfers", 1, gebruiker="ana")
    old.publish("tijdlijn", one_row("tijdlijn"), bestand="t.txt", bestand_sha256="c" * 64, actie="opbouw")
    old.publish("bevolking_leeftijd", one_row("bevolking_leeftijd"), bestand="b.xlsx", bestand_sha256="d" * 64)
    old.withdraw("bevolking_leeftijd", gebruiker="ana")
    before = {e.dataset: [] for e in old.entries()}
    for e in old.entries():
        before[e.dataset].append(e)
    current = pq.read_table(old.current("kerncijfers"))
    tables = [e for e in old.entries() if e.actie != WITHDRAWAL]
    contents = {(e.dataset, e.versie): pq.read_table(old.version_path(e.dataset, e.versie)) for e in tables}

    store = Store(tmp_path)  # migrates
    for dataset, entries in before.items():
        after = store.history(dataset) if dataset == "bevolking_leeftijd" else assert_consistent(store, dataset)
        assert [(e.versie, e.tijd, e.gebruiker, e.actie, e.rijen, e.bestand, e.bestand_sha256) for e in after] == [
            (e.versie, e.tijd, e.gebruiker, e.actie, e.rijen, e.bestand, e.bestand_sha256) for e in entries
        ]
        for e in (e for e in entries if e.actie != WITHDRAWAL):  # each version's content came over
            migrated = store.read_version(dataset, e.versie).replace_schema_metadata(None)
            assert migrated.equals(contents[dataset, e.versie].replace_schema_metadata(None))
    assert [e.van_versie for e in store.history("kerncijfers")] == [None, None, 1]
    assert [e.actie for e in store.history("bevolking_leeftijd")] == ["publicatie", WITHDRAWAL]
    assert store.read_current("bevolking_leeftijd") is None  # withdrawn, as it was
    assert content_sha256(store.read_current("kerncijfers")) == content_sha256(current.replace_schema_metadata(None))
    # the old files are moved aside, the catalog is what is read now
    assert not (tmp_path / "_audit.jsonl").exists() and not (tmp_path / "kerncijfers.parquet").exists()
    assert (tmp_path / MOVED / "_audit.jsonl").exists()
    assert Database(tmp_path).query("SELECT count(*) AS n FROM kerncijfers")["n"][0] == 3
    Store(tmp_path)  # once: nothing more to migrate
    assert len(store.history("kerncijfers")) == 3


def one_row(dataset: str) -> pa.Table:
    ds = get_dataset(dataset)
    values = {"string": "x", "int": 2020, "float": 1.5, "date": dt.date(2020, 1, 1)}
    row = {c.name: values[c.dtype] if c.allowed is None else c.allowed[0] for c in ds.columns}
    return pa.Table.from_pylist([row], schema=ds.arrow_schema)


def test_a_version_that_predates_a_required_column_is_migrated(tmp_path: Path):
    """An old version written before a column existed (kerncijfers before ``jaar_bron``) comes
    over with that column empty; the migration does not stop at it."""
    old = LegacyStore(tmp_path)
    table = kern_table(3)
    assert not table.schema.field("jaar_bron").nullable  # required for every new version
    predates = table.drop_columns(["jaar_bron"])
    old.publish("kerncijfers", predates, bestand="oud.xlsx", bestand_sha256="a" * 64, gebruiker="ana")

    store = Store(tmp_path)  # migrates
    migrated = store.read_current("kerncijfers")
    assert migrated.num_rows == 3 and migrated.column("jaar_bron").null_count == 3
    assert [e.bestand for e in store.history("kerncijfers")] == ["oud.xlsx"]
    store.publish("kerncijfers", table, bestand="nieuw.xlsx", bestand_sha256="b" * 64)  # new versions as before
    assert store.read_current("kerncijfers").column("jaar_bron").null_count == 0
