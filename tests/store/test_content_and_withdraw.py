"""Publishing the current content again makes no version; a dataset that only uploads feed can be
withdrawn (issue 12, items 8 and 9), from the store and from the command line. On Iceberg (issue 16)
a withdrawal is one commit, so the crash recovery of the old store has nothing left to finish."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from etl.__main__ import main
from etl.catalog import get_dataset
from etl.checksum import CONTENT_FORM, LEGACY_FORM
from etl.errors import SourceError
from etl.store import Store, Unchanged, content_sha256
from tests.store.test_store import kern_table
from tests.upload import files

BEVOLKING = "bevolking_leeftijd"


def population(aantal: int = 100, years: tuple[int, ...] = (2023, 2024)) -> pa.Table:
    rows = [
        {
            "jaar": year,
            "leeftijd": str(age),
            "geslacht": "V",
            "wijk": None,
            "aantal": aantal + age,
            "soort": "waargenomen",
            "bron": "bevolking.xlsx › Blad1",
            "bron_regel": 2 + age,
        }
        for year in years
        for age in range(3)
    ]
    return pa.Table.from_pylist(rows, schema=get_dataset(BEVOLKING).arrow_schema)


def publish(store: Store, table: pa.Table, dataset: str = BEVOLKING):
    return store.publish(dataset, table, bestand="b.xlsx", bestand_sha256="b" * 64, gebruiker="ana")


def test_identical_content_makes_no_version(tmp_path: Path):
    store = Store(tmp_path)
    first = publish(store, population())
    committed = store.identity(BEVOLKING)
    again = publish(store, population())
    assert isinstance(again, Unchanged) and again.versie == first.versie == 1
    assert store.identity(BEVOLKING) == committed  # nothing committed
    assert len(store.history(BEVOLKING)) == 1
    # The same rows in other chunks and with other metadata are the same content.
    chunked = pa.concat_tables([population().slice(0, 2), population().slice(2)])
    assert isinstance(publish(store, chunked.replace_schema_metadata({"x": "y"})), Unchanged)
    # One value changed is a new version.
    changed = publish(store, population(aantal=101))
    assert not isinstance(changed, Unchanged) and changed.versie == 2


def test_identical_after_rollback_and_for_entries_without_checksum(tmp_path: Path):
    store = Store(tmp_path)
    publish(store, kern_table(3), "kerncijfers")
    publish(store, kern_table(4), "kerncijfers")
    store.rollback("kerncijfers", 1, gebruiker="ana")
    assert isinstance(publish(store, kern_table(3), "kerncijfers"), Unchanged)
    # A version without our checksum (committed by another engine): the current table is compared.
    from pyiceberg.catalog.sql import SqlCatalog

    plain = SqlCatalog("mechelen", uri=store.catalog_uri, warehouse=store.warehouse)
    plain.load_table("mechelen.kerncijfers").overwrite(kern_table(5))
    assert isinstance(publish(store, kern_table(5), "kerncijfers"), Unchanged)
    last = store.history("kerncijfers")[-1].versie  # pyiceberg's overwrite made two snapshots
    assert publish(store, kern_table(2), "kerncijfers").versie == last + 1


def test_content_checksum_ignores_metadata_not_values():
    table = population()
    assert content_sha256(table) == content_sha256(table.replace_schema_metadata({"bijgewerkt": "nu"}))
    assert content_sha256(table) != content_sha256(population(aantal=99))


def test_content_checksum_is_the_one_recorded_in_existing_versions():
    """Rollback verifies a version against the checksum its snapshot recorded, in the form the
    record names: the checksum of the same content in one form may never change, however it is
    computed (the csv form's were computed before the CSV was streamed into the hash; the large
    table spans several of its batches and several chunks)."""
    assert (
        content_sha256(population(), LEGACY_FORM) == "95f06deb758b53b8a7ead1843e06d7da505404bfd1f1af26e1727574e8f95858"
    )
    large = pa.concat_tables([population()] * 6000)
    assert large.num_rows == 36000 and large.column("aantal").num_chunks > 1
    assert content_sha256(large, LEGACY_FORM) == "f2c5ef833d45bf907d1692c165a8dbac9002c8207d8ec82b41386ccc9a5bd3df"
    assert (
        content_sha256(population(), CONTENT_FORM) == "27d0b81457db341c9da3ebc649c6e2ee6716b49662aa775694b42551270d5fd6"
    )
    assert content_sha256(large, CONTENT_FORM) == "3c4572e90a62c09808a710025da245867341cd3520622ce09a1ff99356e9d6f6"


def test_withdraw_a_first_publication(tmp_path: Path):
    store = Store(tmp_path)
    publish(store, population())
    entry = store.withdraw(BEVOLKING, gebruiker="ana")
    assert (entry.actie, entry.versie, entry.gebruiker, entry.rijen) == ("intrekking", 2, "ana", 0)
    assert not store.exists(BEVOLKING) and store.read_current(BEVOLKING) is None  # as before the first upload
    assert store.read_version(BEVOLKING, 1).num_rows == 6  # the version is kept
    assert [(e.versie, e.actie) for e in store.history(BEVOLKING)] == [(1, "publicatie"), (2, "intrekking")]
    with pytest.raises(SourceError, match="geen gepubliceerde versie"):
        store.withdraw(BEVOLKING)
    # Publishing again, or restoring the withdrawn version, works as after any version.
    assert publish(store, population()).versie == 3
    store.withdraw(BEVOLKING)
    with pytest.raises(SourceError, match="versie 4 bestaat niet"):
        store.rollback(BEVOLKING, 4)
    back = store.rollback(BEVOLKING, 1)
    assert back.versie == 5 and store.read_current(BEVOLKING).num_rows == 6


def test_datasets_built_from_documents_cannot_be_withdrawn(tmp_path: Path):
    store = Store(tmp_path)
    publish(store, kern_table(3), "kerncijfers")
    with pytest.raises(SourceError, match="brondocumenten"):
        store.withdraw("kerncijfers")
    assert store.exists("kerncijfers")
    assert not get_dataset("kerncijfers").withdrawable and get_dataset(BEVOLKING).withdrawable


def bevolking_xlsx() -> bytes:
    return files.xlsx([["jaar", "leeftijd", "geslacht", "aantal"], [2024, "0", "V", "1.000"], [2024, "1", "V", 998]])


def test_cli_says_when_nothing_changed_and_withdraws(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    data = tmp_path / "data"
    upload = tmp_path / "bevolking.xlsx"
    upload.write_bytes(bevolking_xlsx())
    assert main(["--data", str(data), "ingest", str(upload), "--dataset", BEVOLKING]) == 0
    assert "gepubliceerd als versie 1" in capsys.readouterr().out
    assert main(["--data", str(data), "ingest", str(upload), "--dataset", BEVOLKING]) == 0
    assert "ongewijzigd" in capsys.readouterr().out
    assert [e.versie for e in Store(data).history(BEVOLKING)] == [1]

    assert main(["--data", str(data), "withdraw", BEVOLKING]) == 2  # asks for a confirmation
    assert "--yes" in capsys.readouterr().err
    assert Store(data).exists(BEVOLKING)
    assert main(["--data", str(data), "withdraw", BEVOLKING, "--yes", "--user", "ana"]) == 0
    assert "ingetrokken" in capsys.readouterr().out
    assert not Store(data).exists(BEVOLKING)
    assert main(["--data", str(data), "withdraw", "kerncijfers", "--yes"]) == 2
    assert "brondocumenten" in capsys.readouterr().err


def test_cli_history_shows_brussels_time(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    store = Store(tmp_path)
    record = {"gebruiker": "ana", "actie": "publicatie", "bestand": "b.xlsx", "bestand_sha256": "b" * 64}
    # summer time: UTC+2, the next day
    store.write(BEVOLKING, population(), {**record, "tijd": "2026-07-01T22:30:00+00:00"})
    assert main(["--data", str(tmp_path), "history", BEVOLKING]) == 0
    out = capsys.readouterr().out
    assert "02/07/2026 00:30" in out and "22:30" not in out
