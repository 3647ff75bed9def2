"""THE STORE BEFORE ICEBERG, kept verbatim as a test fixture: it makes data folders in the old
layout for the migration test (tests/store/test_migrate.py). Not used by the product.

Published tables, their versions and the audit log.

Layout, inside the Parquet folder::

    <dataset>.parquet                  the current table (what DuckDB and the pages read)
    _versions/<dataset>/v000001.parquet every version ever published, never changed afterwards
    _versions/<dataset>/.lock          serialises writers of one dataset (flock)
    _audit.jsonl                       append-only: one JSON line per publish or rollback

A publish writes its version file (atomically), then appends the audit line (fsync), then
replaces the current table with a copy of the version (temp file, fsync, ``os.replace``, fsync
of the folder). A crash between the audit line and the replace leaves the previous table in
place and readable; :func:`recover` (run before every write and by ``history``) finishes the
replace from the version file the audit names, so the audit log and the data always agree.
A rollback publishes the bytes of an earlier version again, as a new version. A publish whose
content is that of the current version (same :func:`content_sha256`) writes nothing and returns
:class:`Unchanged`. A withdrawal (:meth:`Store.withdraw`) logs an ``intrekking`` and removes the
current table, so the dataset is as before its first publication; its versions stay.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import getpass
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from etl import io
from etl.catalog import get_dataset
from etl.errors import Problem, SourceError

AUDIT = "_audit.jsonl"
VERSIONS = "_versions"
_VERSION_FILE = re.compile(r"^v(\d{6})\.parquet$")


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def content_sha256(table: pa.Table) -> str:
    """A checksum of a table's content (schema and values, not its metadata such as the publish
    time): equal for two tables with the same rows. Computed over a Parquet encoding, which
    stores no bytes for missing values, so equal tables give equal bytes."""
    sink = pa.BufferOutputStream()
    pq.write_table(table.replace_schema_metadata(None).combine_chunks(), sink)
    return hashlib.sha256(sink.getvalue()).hexdigest()


def default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "onbekend"


@dataclass(frozen=True)
class Entry:
    """One line of the audit log."""

    tijd: str
    gebruiker: str
    actie: str  # "opbouw", "publicatie", "terugzetting" or "intrekking"
    dataset: str
    versie: int
    rijen: int
    bestand: str
    bestand_sha256: str
    tabel_sha256: str
    van_versie: int | None = None  # for a rollback: the version restored
    inhoud_sha256: str | None = None  # content_sha256 of the table (absent in lines older than it)

    def as_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False, sort_keys=True)


WITHDRAWAL = "intrekking"


@dataclass(frozen=True)
class Unchanged(Entry):
    """What :meth:`Store.publish` returns when the content is that of the current version: that
    version's entry, and nothing was written."""


class Store:
    def __init__(self, folder: Path):
        self.folder = folder

    # --- paths -------------------------------------------------------------------------------
    def current(self, dataset: str) -> Path:
        return self.folder / f"{dataset}.parquet"

    def versions_dir(self, dataset: str) -> Path:
        return self.folder / VERSIONS / dataset

    def version_path(self, dataset: str, version: int) -> Path:
        return self.versions_dir(dataset) / f"v{version:06d}.parquet"

    @property
    def audit_path(self) -> Path:
        return self.folder / AUDIT

    # --- reading -----------------------------------------------------------------------------
    def entries(self, dataset: str | None = None) -> list[Entry]:
        if not self.audit_path.exists():
            return []
        out = []
        for line in self.audit_path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            try:
                entry = Entry(**json.loads(line))
            except (ValueError, TypeError):
                continue  # a line torn by a crash while appending is not an entry
            if dataset is None or entry.dataset == dataset:
                out.append(entry)
        return out

    def history(self, dataset: str) -> list[Entry]:
        get_dataset(dataset)
        with self.lock(dataset):
            self._recover(dataset)
            return self.entries(dataset)

    def read_current(self, dataset: str) -> pa.Table | None:
        path = self.current(dataset)
        return pq.read_table(path) if path.exists() else None

    def identity(self, dataset: str) -> tuple[int, int, int] | None:
        """Which file is the current table (inode, size, mtime): every install is a new file
        (``os.replace``), so an equal identity means the very same table."""
        try:
            st = self.current(dataset).stat()
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    # --- writing -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def lock(self, dataset: str) -> Iterator[None]:
        folder = self.versions_dir(dataset)
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / ".lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _next_version(self, dataset: str) -> int:
        on_disk = [
            int(m.group(1)) for p in self.versions_dir(dataset).glob("v*.parquet") if (m := _VERSION_FILE.match(p.name))
        ]
        logged = [e.versie for e in self.entries(dataset)]
        return max([0, *on_disk, *logged]) + 1

    def _append_audit(self, entry: Entry) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.audit_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, (entry.as_json() + "\n").encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)

    def _install(self, dataset: str, version: int) -> None:
        """Make the current table a byte copy of a version file."""
        io.write_bytes_atomic(self.version_path(dataset, version).read_bytes(), self.current(dataset))

    def _recover(self, dataset: str) -> None:
        """Finish a publish that a crash interrupted after its audit line (see the module doc), and
        remove the temporary files a crash left (only this dataset's writers make them, under the lock)."""
        for stale in [
            *self.folder.glob(f".{dataset}.parquet.*.tmp"),
            *self.versions_dir(dataset).glob(".v*.parquet.*.tmp"),
        ]:
            stale.unlink(missing_ok=True)
        entries = self.entries(dataset)
        if not entries:
            return
        last = entries[-1]
        current = self.current(dataset)
        if last.actie == WITHDRAWAL:
            self._remove_current(dataset)
            return
        if current.exists() and sha256_file(current) == last.tabel_sha256:
            return
        version = self.version_path(dataset, last.versie)
        if version.exists() and sha256_file(version) == last.tabel_sha256:
            self._install(dataset, last.versie)

    def _remove_current(self, dataset: str) -> None:
        path = self.current(dataset)
        if path.exists():
            path.unlink()
            io.fsync_dir(path.parent)

    def _current_content(self, dataset: str) -> tuple[Entry, str] | None:
        """The last entry and the content checksum of the current table, when there is one."""
        entries = self.entries(dataset)
        if not entries or entries[-1].actie == WITHDRAWAL:
            return None
        last = entries[-1]
        if last.inhoud_sha256:
            return last, last.inhoud_sha256
        table = self.read_current(dataset)  # an entry from before content checksums
        return (last, content_sha256(table)) if table is not None else None

    def publish(
        self,
        dataset: str,
        table: pa.Table | Callable[[pa.Table | None], pa.Table],
        *,
        bestand: str,
        bestand_sha256: str,
        actie: str = "publicatie",
        gebruiker: str | None = None,
        computed: tuple[tuple[int, int, int] | None, pa.Table] | None = None,
    ) -> Entry:
        """Publish a new current version of ``dataset``.

        ``table`` may be a function of the current table: it is then called under the lock, so
        two publishes that each merge into the current table never lose one another's rows.
        ``computed`` is (identity of the current table, the function's result) worked out
        before: used when, under the lock, the current table is still that one. When the table's
        content is the current version's, nothing is written and :class:`Unchanged` is returned.
        """
        stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.lock(dataset):
            self._recover(dataset)
            if callable(table):
                if computed is not None and computed[0] == self.identity(dataset):
                    table = computed[1]
                else:
                    table = table(self.read_current(dataset))
            checksum = content_sha256(table)
            current = self._current_content(dataset)
            if current is not None and current[1] == checksum:
                return Unchanged(**current[0].__dict__)
            table = table.replace_schema_metadata({**(table.schema.metadata or {}), b"bijgewerkt": stamp.encode()})
            version = self._next_version(dataset)
            path = self.version_path(dataset, version)
            io.write_parquet_atomic(table, path)
            entry = Entry(
                tijd=stamp,
                gebruiker=gebruiker or default_user(),
                actie=actie,
                dataset=dataset,
                versie=version,
                rijen=table.num_rows,
                bestand=bestand,
                bestand_sha256=bestand_sha256,
                tabel_sha256=sha256_file(path),
                inhoud_sha256=checksum,
            )
            self._append_audit(entry)
            self._install(dataset, version)
            return entry

    def rollback(self, dataset: str, version: int, gebruiker: str | None = None) -> Entry:
        """Make ``version`` current again, byte for byte; recorded as a new version."""
        get_dataset(dataset)
        with self.lock(dataset):
            self._recover(dataset)
            known = {e.versie: e for e in self.entries(dataset) if e.actie != WITHDRAWAL}
            source = self.version_path(dataset, version)
            if version not in known or not source.exists():
                versions = ", ".join(str(v) for v in sorted(known)) or "geen"
                raise SourceError(Problem(dataset, f"versie {version} bestaat niet; beschikbare versies: {versions}"))
            if sha256_file(source) != known[version].tabel_sha256:
                raise SourceError(
                    Problem(dataset, f"versie {version} is beschadigd (sha256 klopt niet met het auditlog)")
                )
            new_version = self._next_version(dataset)
            target = self.version_path(dataset, new_version)
            io.write_bytes_atomic(source.read_bytes(), target)
            entry = Entry(
                tijd=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                gebruiker=gebruiker or default_user(),
                actie="terugzetting",
                dataset=dataset,
                versie=new_version,
                rijen=pq.ParquetFile(target).metadata.num_rows,
                bestand=known[version].bestand,
                bestand_sha256=known[version].bestand_sha256,
                tabel_sha256=known[version].tabel_sha256,
                van_versie=version,
                inhoud_sha256=known[version].inhoud_sha256,
            )
            self._append_audit(entry)
            self._install(dataset, new_version)
            return entry

    def withdraw(self, dataset: str, gebruiker: str | None = None) -> Entry:
        """Withdraw a dataset that only uploads feed: the audit logs an ``intrekking`` (a version
        number without a table), then the current table is removed. Its versions stay, so a
        rollback can bring one back."""
        ds = get_dataset(dataset)
        if not ds.withdrawable:
            raise SourceError(
                Problem(dataset, f"‘{ds.title}’ wordt uit de brondocumenten opgebouwd en kan niet ingetrokken worden")
            )
        with self.lock(dataset):
            self._recover(dataset)
            entries = self.entries(dataset)
            if not entries or entries[-1].actie == WITHDRAWAL or not self.current(dataset).exists():
                raise SourceError(Problem(dataset, "er is geen gepubliceerde versie om in te trekken"))
            entry = Entry(
                tijd=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                gebruiker=gebruiker or default_user(),
                actie=WITHDRAWAL,
                dataset=dataset,
                versie=self._next_version(dataset),
                rijen=0,
                bestand="",
                bestand_sha256="",
                tabel_sha256="",
            )
            self._append_audit(entry)
            self._remove_current(dataset)
            return entry
