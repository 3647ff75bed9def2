"""What the upload page may do, in one place: check a file, publish it, list and restore versions.

All writing goes through the ETL's publish and store code (the same path as the CLI)."""

from __future__ import annotations

import pandas as pd

from dashboard import auth
from dashboard.config import parquet_dir
from dashboard.formatting import format_moment
from etl import publish as etl_publish
from etl.catalog import Dataset, upload_datasets
from etl.errors import SourceError
from etl.store import WITHDRAWAL, Entry, Store, Unchanged
from etl.templates import template_xlsx
from etl.upload.result import Progress
from etl.upload.workbook import open_workbook

ACTIONS = {
    "opbouw": "opbouw uit documenten",
    "publicatie": "publicatie (upload)",
    "terugzetting": "terugzetting",
    WITHDRAWAL: "intrekking",
}


def store() -> Store:
    return Store(parquet_dir())


def datasets() -> list[Dataset]:
    return upload_datasets()


def template(dataset: Dataset, layout: str | None = None) -> bytes:
    return template_xlsx(dataset, layout)


def sheets(filename: str, data: bytes) -> list[tuple[str, str]]:
    """(name, visibility) of each sheet; empty when the file cannot be opened (checked later)."""
    try:
        return [(s.name, s.visible) for s in open_workbook(filename, data).sheets]
    except SourceError:
        return []


def check(filename: str, data: bytes, dataset: str, sheet: str | None, progress: Progress) -> etl_publish.Prepared:
    auth.require("analist")
    return etl_publish.prepare(filename, data, dataset, store(), sheet=sheet, progress=progress)


def publish(prepared: etl_publish.Prepared) -> Entry:
    auth.require("analist")
    return etl_publish.publish(prepared, store(), user=auth.current_user())


def is_unchanged(entry: Entry) -> bool:
    """The publish found the content of the current version: no new version was made."""
    return isinstance(entry, Unchanged)


def _rows(entries: list[Entry]) -> pd.DataFrame:
    rows = [
        {
            "Versie": e.versie,
            "Tijd": format_moment(e.tijd),
            "Actie": ACTIONS.get(e.actie, e.actie) + (f" van versie {e.van_versie}" if e.van_versie else ""),
            "Gebruiker": e.gebruiker,
            "Bestand": e.bestand,
            "Rijen": e.rijen,
            "sha256 bestand": e.bestand_sha256[:12] + "…" if e.bestand_sha256 else "",
        }
        for e in reversed(entries)
    ]
    return pd.DataFrame(rows)


def history(dataset: str) -> pd.DataFrame:
    auth.require("analist")
    return _rows(store().history(dataset))


def audit_log() -> pd.DataFrame:
    auth.require("beheer")
    entries = store().entries()
    return _rows(entries).assign(Dataset=[e.dataset for e in reversed(entries)]) if entries else pd.DataFrame()


def rollback(dataset: str, version: int) -> Entry:
    auth.require("analist")
    return store().rollback(dataset, version, gebruiker=auth.current_user())


def restorable(dataset: str) -> list[int]:
    """Versions a rollback can restore, newest first: those with a table (a withdrawal has none)
    other than the one shown now; after a withdrawal, every version with a table."""
    auth.require("analist")
    entries = store().history(dataset)
    current = entries[-1].tabel_sha256 if entries and entries[-1].actie != WITHDRAWAL else None
    return [e.versie for e in reversed(entries) if e.actie != WITHDRAWAL and e.tabel_sha256 != current]


def withdrawable(dataset: Dataset) -> bool:
    """Whether the page offers to withdraw it: only uploads feed it and it is published now."""
    auth.require("analist")
    entries = store().history(dataset.name)
    return dataset.withdrawable and bool(entries) and entries[-1].actie != WITHDRAWAL


def withdraw(dataset: str) -> Entry:
    auth.require("analist")
    return store().withdraw(dataset, gebruiker=auth.current_user())
