"""What the upload page may do, in one place: check a file, publish it, list and restore versions.

All writing goes through the ETL's publish and store code (the same path as the CLI)."""

from __future__ import annotations

import pandas as pd

from dashboard import auth
from dashboard.config import parquet_dir
from etl import publish as etl_publish
from etl.catalog import Dataset, upload_datasets
from etl.errors import SourceError
from etl.ingest import Progress
from etl.spreadsheet import open_workbook
from etl.store import Entry, Store
from etl.templates import template_xlsx

ACTIONS = {"opbouw": "opbouw uit documenten", "publicatie": "publicatie (upload)", "terugzetting": "terugzetting"}


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


def _rows(entries: list[Entry]) -> pd.DataFrame:
    rows = [
        {
            "Versie": e.versie,
            "Tijd (UTC)": e.tijd.replace("T", " ").replace("+00:00", ""),
            "Actie": ACTIONS.get(e.actie, e.actie) + (f" van versie {e.van_versie}" if e.van_versie else ""),
            "Gebruiker": e.gebruiker,
            "Bestand": e.bestand,
            "Rijen": e.rijen,
            "sha256 bestand": e.bestand_sha256[:12] + "…",
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
