"""Once: a data folder in the layout before Iceberg becomes Iceberg tables.

That layout kept ``_versions/<dataset>/v000001.parquet`` (every version) and ``_audit.jsonl`` (one
JSON line per publish or rollback) beside ``<dataset>.parquet``. Each audit line becomes a
snapshot, in order, carrying the same record (its time, user, action, file, sha256); then the old
files move to ``_voor_iceberg/`` (kept, never read again), so the migration runs once.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow.parquet as pq

from etl.catalog import UnknownDataset, get_dataset

if TYPE_CHECKING:
    from etl.store import Store

LEGACY_AUDIT = "_audit.jsonl"
LEGACY_VERSIONS = "_versions"
MOVED = "_voor_iceberg"


def needs_migration(folder: Path) -> bool:
    return (folder / LEGACY_AUDIT).exists()


@contextlib.contextmanager
def _locked(folder: Path):
    with open(folder / ".migratie.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _audit_lines(folder: Path) -> list[dict]:
    out = []
    for line in (folder / LEGACY_AUDIT).read_text(encoding="utf-8").splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue  # a line torn by a crash was never a version
    return out


def migrate_if_needed(store: Store) -> dict[str, int]:
    """Carry the versions over (under a lock: two processes starting at once migrate once).
    Returns the number of versions migrated per dataset."""
    folder = store.folder
    if not needs_migration(folder):
        return {}
    from etl.store import WITHDRAWAL, conform

    migrated: dict[str, int] = {}
    numbers: dict[tuple[str, int], int] = {}  # (dataset, old version) → new version
    with _locked(folder):
        if not needs_migration(folder):
            return {}
        for line in _audit_lines(folder):
            try:
                ds = get_dataset(line["dataset"])
            except (UnknownDataset, KeyError):
                continue
            old = int(line["versie"])
            if line.get("actie") == WITHDRAWAL:  # a version without a table
                numbers[(ds.name, old)] = store.withdraw(ds.name, line["gebruiker"], tijd=line["tijd"]).versie
                migrated[ds.name] = migrated.get(ds.name, 0) + 1
                continue
            version_file = folder / LEGACY_VERSIONS / ds.name / f"v{old:06d}.parquet"
            if not version_file.exists():
                continue
            van = numbers.get((ds.name, line.get("van_versie") or 0))
            record = {
                "tijd": line["tijd"],
                "gebruiker": line["gebruiker"],
                "actie": line["actie"],
                "bestand": line["bestand"],
                "bestand_sha256": line["bestand_sha256"],
                **({"van_versie": van} if van else {}),
            }
            table = conform(ds, pq.read_table(version_file))
            entry = store.write(ds.name, table, record, same_content_is_new=True, extra={"oude-versie": str(old)})
            numbers[(ds.name, old)] = entry.versie
            migrated[ds.name] = migrated.get(ds.name, 0) + 1
        target = folder / MOVED
        target.mkdir(exist_ok=True)
        for name in [LEGACY_AUDIT, LEGACY_VERSIONS, *(p.name for p in folder.glob("*.parquet"))]:
            if (folder / name).exists():
                shutil.move(str(folder / name), str(target / name))
    return migrated
