"""Versions, audit and rollback on Iceberg, against both catalogs (SQLite and PostgreSQL, see
conftest.py): rollback restores content exactly, concurrent publishers never lose an update, and
SIGKILL at random moments never leaves an unreadable table or a history that disagrees with it.

Worker processes are forked from the test process (the modules are loaded already, so a worker
starts in milliseconds); the store drops its inherited connections in a forked child."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import time
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pytest

from etl import store as store_module
from etl.catalog import get_dataset
from etl.errors import SourceError
from etl.store import Store, Unchanged, content_sha256, read_files
from etl.tables import local_path
from tests.hostile import heavy_or

FORK = multiprocessing.get_context("fork")


def kern_table(n: int, value: float = 1.0, offset: int = 0) -> pa.Table:
    ds = get_dataset("kerncijfers")
    rows = [
        {
            "indicator": f"i{offset + i}",
            "label": f"Indicator {offset + i}",
            "waarde": value + i,
            "eenheid": "aantal",
            "jaar": 2025,
            "jaar_bron": "gelezen",
            "bron": "test.xlsx",
            "bron_regel": i + 2,
            "citaat": None,
        }
        for i in range(n)
    ]
    return pa.Table.from_pylist(rows, schema=ds.arrow_schema)


def assert_consistent(store: Store, dataset: str = "kerncijfers", after: int = 0) -> list:
    """Readable; versions numbered 1, 2, …; the current content is the last version's; every
    version (after ``after``) still holds in its files the content its record's checksum names."""
    entries = store.history(dataset)
    assert [e.versie for e in entries] == list(range(1, len(entries) + 1))
    current = store.read_current(dataset)
    assert current is not None and content_sha256(current, entries[-1].inhoud_vorm) == entries[-1].tabel_sha256
    for e in entries[after:]:
        assert content_sha256(store.read_version(dataset, e.versie), e.inhoud_vorm) == e.tabel_sha256, e
    return entries


def test_rollback_restores_the_content_and_is_recorded(tmp_path: Path, catalog: str):
    store = Store(tmp_path)
    first = store.publish("kerncijfers", kern_table(3), bestand="a.xlsx", bestand_sha256="a" * 64, gebruiker="ana")
    store.publish("kerncijfers", kern_table(5, 9.0), bestand="b.xlsx", bestand_sha256="b" * 64, gebruiker="bob")
    assert not store.read_current("kerncijfers").equals(kern_table(3))
    back = store.rollback("kerncijfers", 1, gebruiker="ana")
    assert back.versie == 3 and back.van_versie == 1 and back.actie == "terugzetting"
    restored = store.read_current("kerncijfers")
    assert restored.equals(store.read_version("kerncijfers", 1)) and restored.equals(kern_table(3))
    assert content_sha256(restored) == first.tabel_sha256 == back.tabel_sha256
    history = assert_consistent(store)
    assert [(e.versie, e.actie, e.gebruiker, e.rijen) for e in history] == [
        (1, "publicatie", "ana", 3),
        (2, "publicatie", "bob", 5),
        (3, "terugzetting", "ana", 3),
    ]
    assert [(e.bestand, e.bestand_sha256[0]) for e in history] == [("a.xlsx", "a"), ("b.xlsx", "b"), ("a.xlsx", "a")]


def test_rollback_to_unknown_or_damaged_version_is_refused(tmp_path: Path, catalog: str):
    store = Store(tmp_path)
    store.publish("kerncijfers", kern_table(2), bestand="a.xlsx", bestand_sha256="a" * 64)
    store.publish("kerncijfers", kern_table(4), bestand="b.xlsx", bestand_sha256="b" * 64)
    before = store.read_current("kerncijfers")
    with pytest.raises(SourceError, match="versie 7 bestaat niet; beschikbare versies: 1, 2"):
        store.rollback("kerncijfers", 7)
    state = store.state("kerncijfers")
    (v1_file,) = state.version(1).files(state.metadata_location)
    Path(local_path(v1_file)).write_bytes(b"kapot")
    with pytest.raises(SourceError, match="versie 1 is beschadigd"):
        store.rollback("kerncijfers", 1)
    assert store.read_current("kerncijfers").equals(before)
    assert len(store.history("kerncijfers")) == 2


def test_same_content_makes_no_new_version(tmp_path: Path, catalog: str):
    store = Store(tmp_path)
    store.publish("kerncijfers", kern_table(3), bestand="a.xlsx", bestand_sha256="a" * 64)
    again = store.publish("kerncijfers", kern_table(3), bestand="kopie.xlsx", bestand_sha256="c" * 64)
    assert isinstance(again, Unchanged) and again.versie == 1 and again.bestand == "a.xlsx"
    assert len(store.history("kerncijfers")) == 1


def test_same_content_leaves_no_data_file(tmp_path: Path, catalog: str):
    """The data file is written while the checksum is computed (Store.write): for content that
    is already current it is removed again, so nothing is left that no version names."""
    store = Store(tmp_path)
    store.publish("kerncijfers", kern_table(3), bestand="a.xlsx", bestand_sha256="a" * 64)
    before = _orphans(store)
    again = store.publish("kerncijfers", kern_table(3), bestand="kopie.xlsx", bestand_sha256="c" * 64)
    assert isinstance(again, Unchanged)
    assert _orphans(store) == before == set()


def test_a_conflicting_commit_is_merged_again_or_refused_clearly(
    tmp_path: Path, catalog: str, monkeypatch: pytest.MonkeyPatch
):
    """Optimistic commit: a publish that loses the race redoes its merge on the winner's table
    (the winner's rows stay), and after too many lost races stops with a clear message."""
    store = Store(tmp_path)
    store.publish("kerncijfers", kern_table(1), bestand="a.xlsx", bestand_sha256="a" * 64)
    seen: list[int] = []

    def add_row_racing(current: pa.Table | None) -> pa.Table:
        seen.append(current.num_rows)
        if len(seen) == 1:  # another writer commits between our read and our commit
            other = pa.concat_tables([current.replace_schema_metadata(None), kern_table(1, offset=100)])
            Store(tmp_path).publish("kerncijfers", other, bestand="b.xlsx", bestand_sha256="b" * 64)
        return pa.concat_tables([current.replace_schema_metadata(None), kern_table(1, offset=200)])

    entry = store.publish("kerncijfers", add_row_racing, bestand="c.xlsx", bestand_sha256="c" * 64)
    assert seen == [1, 2]  # merged again, on the table the other writer committed
    assert entry.versie == 3 and entry.rijen == 3
    assert set(store.read_current("kerncijfers").column("indicator").to_pylist()) == {"i0", "i100", "i200"}

    monkeypatch.setattr(store_module, "ATTEMPTS", 1)
    seen.clear()
    with pytest.raises(SourceError, match="tegelijk door een andere publicatie gewijzigd; er is niets veranderd"):
        store.publish("kerncijfers", add_row_racing, bestand="d.xlsx", bestand_sha256="d" * 64)
    assert len(assert_consistent(store)) == 4  # the other writer's version, not ours


def test_audit_record_is_complete_in_the_snapshot_summary(tmp_path: Path, catalog: str):
    """Who, what, from which file (name + sha256), how many rows: in Iceberg's own snapshot
    summary, readable by any Iceberg client (here pyiceberg itself, no project code)."""
    from pyiceberg.catalog.sql import SqlCatalog

    store = Store(tmp_path)
    store.publish("kerncijfers", kern_table(4), bestand="a.xlsx", bestand_sha256="a" * 64, gebruiker="ana")
    table = SqlCatalog("mechelen", uri=store.catalog_uri, warehouse=store.warehouse).load_table("mechelen.kerncijfers")
    summary = table.current_snapshot().summary
    assert summary["mechelen.gebruiker"] == "ana"
    assert summary["mechelen.actie"] == "publicatie"
    assert summary["mechelen.bestand"] == "a.xlsx"
    assert summary["mechelen.bestand-sha256"] == "a" * 64
    assert summary["mechelen.rijen"] == "4" == summary["total-records"]
    assert summary["mechelen.inhoud-sha256"] == content_sha256(kern_table(4))
    assert summary["mechelen.tijd"].endswith("+00:00")


# --- concurrent publishers -----------------------------------------------------------------------
CONCURRENT_SECONDS = heavy_or(3, 30)  # how long 4 processes publish (and roll back) at once


def _publisher(folder: str, offset: int, start_at: float, with_rollbacks: bool, counts) -> None:
    store = Store(Path(folder))
    while time.time() < start_at:
        time.sleep(0.001)
    count = 0
    deadline = time.time() + CONCURRENT_SECONDS

    def add_mine(current):
        # an upsert: keep every row that is there, add this process's row (a lost update would drop one)
        mine = kern_table(1, offset=offset * 100000 + count)
        return mine if current is None else pa.concat_tables([current.replace_schema_metadata(None), mine])

    while time.time() < deadline:
        if with_rollbacks and count % 5 == 4:
            versions = [e.versie for e in store.entries("kerncijfers")]
            store.rollback("kerncijfers", versions[-1])
        else:
            store.publish("kerncijfers", add_mine, bestand=f"p{offset}.xlsx", bestand_sha256="0" * 64)
        count += 1
    counts.put(count)


def _run_workers(folder: Path, with_rollbacks: bool) -> list:
    counts = FORK.Queue()
    start_at = time.time() + 0.3
    procs = [FORK.Process(target=_publisher, args=(str(folder), i, start_at, with_rollbacks, counts)) for i in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    total = sum(counts.get(timeout=5) for _ in procs)
    entries = assert_consistent(Store(folder))
    assert len(entries) == total  # every publish and rollback is a version, in order
    actions = Counter(e.actie for e in entries)
    done = f"{actions['publicatie']} publishes, {actions['terugzetting']} rollbacks"
    print(f"4 processes × {CONCURRENT_SECONDS} s: {done}")
    return entries


def test_concurrent_publishes_lose_no_update(tmp_path: Path, catalog: str):
    entries = _run_workers(tmp_path, with_rollbacks=False)
    # each publish added one row to the table it committed on: none may be lost
    assert Store(tmp_path).read_current("kerncijfers").num_rows == len(entries)


def test_concurrent_publishes_and_rollbacks_keep_history_and_data_in_step(tmp_path: Path, catalog: str):
    _run_workers(tmp_path, with_rollbacks=True)


# --- SIGKILL -------------------------------------------------------------------------------------
def _killed_worker(folder: str, action: str, tables: list[pa.Table], pipe) -> None:
    store = Store(Path(folder))
    pipe.send("ready")
    for i in range(1000):
        if action == "publish":
            store.publish("kerncijfers", tables[i % 2], bestand=f"f{i}.xlsx", bestand_sha256="0" * 64)
        else:
            store.rollback("kerncijfers", 1 + i % 2)
        pipe.send("done")


def _orphans(store: Store) -> set[str]:
    """Files a kill left that no version names: data files, manifest lists and metadata files
    written for a commit that never happened (harmless: nothing reads them)."""
    state = store.state("kerncijfers")
    named = {local_path(f) for s in state.snapshots for f in s.files(state.metadata_location)}
    meta = json.loads(Path(local_path(state.metadata_location)).read_text())
    named |= {local_path(m["metadata-file"]) for m in meta.get("metadata-log", [])}
    named.add(local_path(state.metadata_location))
    named |= {local_path(s["manifest-list"]) for s in meta.get("snapshots", [])}
    folder = Path(local_path(state.metadata_location)).parent.parent
    patterns = ("*.parquet", "*.metadata.json", "snap-*.avro")
    on_disk = {str(p) for pattern in patterns for p in folder.rglob(pattern)}
    return on_disk - named


@pytest.mark.parametrize("action", ["publish", "rollback"])
def test_sigkill_at_random_moments(tmp_path: Path, catalog: str, action: str):
    store = Store(tmp_path)
    store.publish("kerncijfers", kern_table(3), bestand="a.xlsx", bestand_sha256="a" * 64)
    store.publish("kerncijfers", kern_table(7), bestand="b.xlsx", bestand_sha256="b" * 64)
    rng = random.Random(20261123)
    trials = heavy_or(12, 40)
    tables = [kern_table(20000, 1.0), kern_table(20000, 2.0)]  # built before: the kill lands in the store
    landed = done = 0
    # A kill lands inside a commit by chance (a rollback writes little): on a busy machine 12 may
    # all miss, so the trials go on, up to three times as many, until one has landed.
    while done < trials or (not landed and done < 3 * trials):
        done += 1
        before = _orphans(store)
        checked = len(store.history("kerncijfers"))
        ours, theirs = FORK.Pipe()
        proc = FORK.Process(target=_killed_worker, args=(str(tmp_path), action, tables, theirs))
        proc.start()
        assert ours.recv() == "ready"
        started = time.monotonic()
        assert ours.recv() == "done"  # one action timed: the next is killed at a random point in it
        time.sleep(rng.uniform(0.0, 1.2) * (time.monotonic() - started))
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(timeout=30)
        assert proc.exitcode == -signal.SIGKILL  # killed mid-loop, not finished
        landed += bool(_orphans(store) - before)
        entries = assert_consistent(store, after=checked)
        assert read_files(get_dataset("kerncijfers"), store.current_files("kerncijfers")).num_rows in (3, 7, 20000)
        assert entries[-1].actie == ("publicatie" if action == "publish" else "terugzetting") or len(entries) == 2
    assert_consistent(store)
    print(f"SIGKILL during {action}: {done} trials survived; {landed} left files of an unfinished commit")
    # kills landed inside the store's work (files written, commit not done), not only between actions
    # (a rollback writes only metadata after reading and checking the version: fewer kills land there)
    assert landed >= 1


def test_withdraw_an_upload_dataset_audited_and_reversible(tmp_path: Path, catalog: str):
    from etl.catalog import get_dataset as dataset

    store = Store(tmp_path)
    row = {c.name: None for c in dataset("bevolking_leeftijd").columns} | {
        "jaar": 2024, "leeftijd": "0", "aantal": 5, "soort": "waargenomen", "bron": "b.xlsx", "bron_regel": 2,
    }  # fmt: skip
    table = pa.Table.from_pylist([row], schema=dataset("bevolking_leeftijd").arrow_schema)
    store.publish("bevolking_leeftijd", table, bestand="b.xlsx", bestand_sha256="b" * 64)
    with pytest.raises(SourceError, match="brondocumenten"):
        store.withdraw("kerncijfers")  # fed by `etl build` too
    gone = store.withdraw("bevolking_leeftijd", gebruiker="ana")
    assert (gone.actie, gone.versie, gone.rijen, gone.gebruiker) == ("intrekking", 2, 0, "ana")
    assert store.read_current("bevolking_leeftijd") is None and not store.exists("bevolking_leeftijd")
    with pytest.raises(SourceError, match="geen gepubliceerde versie"):
        store.withdraw("bevolking_leeftijd")
    store.rollback("bevolking_leeftijd", 1)
    assert store.read_current("bevolking_leeftijd").equals(table.cast(store.read_current("bevolking_leeftijd").schema))


def test_a_publish_reads_no_more_manifests_as_versions_pile_up(tmp_path: Path):
    """Each publish replaces every file; the current snapshot then lists only its own manifests,
    not one more per earlier version (pyiceberg 0.12's overwrite kept those, so every publish
    read one manifest more than the last)."""
    from pyiceberg.catalog.sql import SqlCatalog

    store = Store(tmp_path)
    for i in range(6):
        store.publish("kerncijfers", kern_table(2, float(i)), bestand="a.xlsx", bestand_sha256="a" * 64)
    table = SqlCatalog("mechelen", uri=store.catalog_uri, warehouse=store.warehouse).load_table("mechelen.kerncijfers")
    manifests = table.current_snapshot().manifests(table.io)
    assert len(manifests) <= 2  # the new files, and the files this commit removed


def test_a_publish_records_each_replaced_file_as_deleted(tmp_path: Path):
    """The replacing snapshot's manifests name every file of the version before as deleted (with
    that file's sequence number), and only those: what an engine reading the changes between
    snapshots needs. The store reads the parent's entries once and marks those."""
    from pyiceberg.catalog.sql import SqlCatalog
    from pyiceberg.manifest import ManifestEntryStatus

    store = Store(tmp_path)
    for i in range(3):
        store.publish("kerncijfers", kern_table(2, float(i)), bestand="a.xlsx", bestand_sha256="a" * 64)
    table = SqlCatalog("mechelen", uri=store.catalog_uri, warehouse=store.warehouse).load_table("mechelen.kerncijfers")
    parent, current = table.metadata.snapshots[-2:]
    before = [e for m in parent.manifests(table.io) for e in m.fetch_manifest_entry(table.io, discard_deleted=True)]
    entries = [e for m in current.manifests(table.io) for e in m.fetch_manifest_entry(table.io, discard_deleted=False)]
    deleted = [e for e in entries if e.status == ManifestEntryStatus.DELETED]
    added = [e for e in entries if e.status == ManifestEntryStatus.ADDED]
    assert sorted(e.data_file.file_path for e in deleted) == sorted(e.data_file.file_path for e in before)
    assert [e.sequence_number for e in deleted] == [e.sequence_number for e in before]
    assert {e.snapshot_id for e in deleted} == {current.snapshot_id}
    assert [local_path(e.data_file.file_path) for e in added] == list(store.current_files("kerncijfers"))
    summary = current.summary.additional_properties
    assert (summary["deleted-data-files"], summary["added-data-files"], summary["total-data-files"]) == ("1", "1", "1")


def test_a_commit_copies_the_metadata_a_few_times_not_once_per_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """pyiceberg 0.12 deep-copies the whole metadata (every version kept) on each of about twenty
    reads of a transaction's metadata (28 copies for this publish); the store's transaction works
    it out once per staged state, so a commit's cost does not grow twenty times as fast as the
    history."""
    import pyiceberg.catalog
    import pyiceberg.table

    store = Store(tmp_path)
    store.publish("kerncijfers", kern_table(2, 0.0), bestand="a.xlsx", bestand_sha256="a" * 64)
    calls = []
    original = pyiceberg.table.update_table_metadata

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    for module in (pyiceberg.table, pyiceberg.catalog):  # the transaction's reads, and the catalog's commit
        monkeypatch.setattr(module, "update_table_metadata", counted)
    store.publish("kerncijfers", kern_table(2, 1.0), bestand="a.xlsx", bestand_sha256="a" * 64)
    assert store.read_current("kerncijfers")["waarde"].to_pylist() == [1.0, 2.0]
    assert 1 <= len(calls) <= 2, len(calls)


def test_a_publish_parses_the_tables_metadata_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """pyiceberg's commit loads the table it commits to again; its metadata file (the whole
    history: 7,7 ms at 300 versions) is parsed once, and a new version's file is parsed anew."""
    from pyiceberg.serializers import FromInputFile

    store = Store(tmp_path)
    store.publish("kerncijfers", kern_table(2, 0.0), bestand="a.xlsx", bestand_sha256="a" * 64)
    parsed = []
    original = FromInputFile.table_metadata

    def counted(input_file, *args, **kwargs):
        parsed.append(input_file.location)
        return original(input_file, *args, **kwargs)

    monkeypatch.setattr(FromInputFile, "table_metadata", staticmethod(counted))
    for value in (1.0, 2.0):
        store.publish("kerncijfers", kern_table(2, value), bestand="a.xlsx", bestand_sha256="a" * 64)
    assert len(parsed) == len(set(parsed)) == 2, parsed  # each publish: the file the version before wrote
    assert (
        store.history("kerncijfers")[-1].versie == 3
        and store.read_current("kerncijfers")["waarde"].to_pylist()[0] == 2.0
    )


def test_a_checksum_worked_out_ahead_serves_only_the_table_it_was_worked_out_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """An upload's checksum is started before its publish (Computed.checksum): the publish uses
    it while the current table is still the one the upload was merged into, and works the
    checksum out again from the table it really commits otherwise."""
    from concurrent.futures import Future

    store = Store(tmp_path)
    store.publish("kerncijfers", kern_table(2), bestand="a.xlsx", bestand_sha256="a" * 64)
    merged, based_on = kern_table(3, 5.0), store.identity("kerncijfers")
    ahead = store_module.checksum_ahead(get_dataset("kerncijfers"), merged)
    expected = ahead.result()
    worked_out = []
    original = store_module.content_sha256
    monkeypatch.setattr(store_module, "content_sha256", lambda t: worked_out.append(1) or original(t))
    entry = store.publish(
        "kerncijfers",
        lambda current: merged,
        bestand="b.xlsx",
        bestand_sha256="b" * 64,
        computed=store_module.Computed(based_on, merged, ahead),
    )
    assert (entry.tabel_sha256, worked_out) == (expected, [])

    stale: Future[str] = Future()
    stale.set_result("f" * 64)  # what a publish must not record for another table
    entry = store.publish(
        "kerncijfers",
        lambda current: kern_table(4, 7.0),
        bestand="c.xlsx",
        bestand_sha256="c" * 64,
        computed=store_module.Computed(based_on, merged, stale),  # the table has moved on since
    )
    assert entry.tabel_sha256 == original(store.read_current("kerncijfers")) != "f" * 64
    assert worked_out == [1]
    assert_consistent(store)


def _commit_as_before_forms(store: Store, table: pa.Table, user: str) -> store_module.Entry:
    """A version as the store committed it before checksums had forms: the csv form, unnamed."""
    from etl.checksum import LEGACY_FORM

    ds = get_dataset("kerncijfers")
    iceberg = store._table(ds)
    table = store_module.conform(ds, table)
    files, _ = store_module._write_data_files(iceberg, table, None)
    checksum = content_sha256(table, LEGACY_FORM)
    entry = store_module.Entry(
        tijd="2026-11-30T10:00:00+00:00",
        gebruiker=user,
        actie="publicatie",
        dataset=ds.name,
        versie=0,
        rijen=table.num_rows,
        bestand="oud.xlsx",
        bestand_sha256="0" * 64,
        tabel_sha256=checksum,
        inhoud_sha256=checksum,
        inhoud_vorm=LEGACY_FORM,
    )
    assert "mechelen.inhoud-vorm" not in entry.properties()
    return store._commit(iceberg, entry, files)


def test_versions_checksummed_in_the_older_form_stay_verifiable(tmp_path: Path, catalog: str):
    """A version whose record holds a csv-form checksum (no form named): read back as that form,
    checked in that form on a rollback, and its content counts as unchanged when published again."""
    from etl.checksum import CONTENT_FORM, LEGACY_FORM

    store = Store(tmp_path)
    assert _commit_as_before_forms(store, kern_table(3), "ana") == 1
    old = store.history("kerncijfers")[0]
    assert old.inhoud_vorm == LEGACY_FORM and old.tabel_sha256 == content_sha256(kern_table(3), LEGACY_FORM)
    again = store.publish("kerncijfers", kern_table(3), bestand="a.xlsx", bestand_sha256="a" * 64)
    assert isinstance(again, Unchanged) and again.versie == 1
    new = store.publish("kerncijfers", kern_table(4, 2.0), bestand="b.xlsx", bestand_sha256="b" * 64)
    assert new.versie == 2 and new.inhoud_vorm == CONTENT_FORM
    assert store.history("kerncijfers")[1].inhoud_vorm == CONTENT_FORM
    back = store.rollback("kerncijfers", 1, gebruiker="bob")
    assert (back.tabel_sha256, back.inhoud_vorm) == (old.tabel_sha256, LEGACY_FORM)
    assert store.history("kerncijfers")[2].inhoud_vorm == LEGACY_FORM
    assert store.read_current("kerncijfers").equals(kern_table(3))
    assert_consistent(store)


def _metadata_files(store: Store) -> list[Path]:
    return list(Path(local_path(store.warehouse)).rglob("*.metadata.json"))


def test_old_metadata_files_are_removed_and_every_version_stays(tmp_path: Path):
    """Each commit writes a metadata file with the whole history: only the last ones are kept,
    and every version (its snapshot is in the current file) stays readable and restorable."""
    store = Store(tmp_path)
    for i in range(30):
        store.publish("kerncijfers", kern_table(2, float(i)), bestand="a.xlsx", bestand_sha256="a" * 64)
    assert 1 <= len(_metadata_files(store)) <= 21
    assert [e.versie for e in assert_consistent(store)] == list(range(1, 31))
    store.rollback("kerncijfers", 1)
    assert store.read_current("kerncijfers")["waarde"].to_pylist() == [0.0, 1.0]


def test_a_table_made_without_the_cleanup_gets_it(tmp_path: Path):
    """A table created before the store set its properties gets them on its next write."""
    from pyiceberg.catalog.sql import SqlCatalog

    store = Store(tmp_path)
    store.publish("kerncijfers", kern_table(2), bestand="a.xlsx", bestand_sha256="a" * 64)
    table = SqlCatalog("mechelen", uri=store.catalog_uri, warehouse=store.warehouse).load_table("mechelen.kerncijfers")
    with table.transaction() as txn:
        txn.remove_properties(*(k for k in store_module.TABLE_PROPERTIES if k.startswith("write.metadata.")))
    store_module._catalog.cache_clear()
    for i in range(25):
        store.publish("kerncijfers", kern_table(2, float(i + 2)), bestand="a.xlsx", bestand_sha256="a" * 64)
    assert len(_metadata_files(store)) <= 21
    assert len(assert_consistent(store)) == 26
