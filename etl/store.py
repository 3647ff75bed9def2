"""Published tables as Apache Iceberg tables: versions, audit and rollback.

Each dataset is the Iceberg table ``mechelen.<dataset>`` in a ``SqlCatalog`` (see
:mod:`etl.paths`: an SQLite file in the Parquet folder, or PostgreSQL when shared). A publish is
one Iceberg commit: new data files, then one snapshot (an ``overwrite`` that replaces every file)
whose summary carries the audit record — user, action, file name and sha256, rows, a checksum of
the table's content and the list of data files. The snapshots are the versions (numbered by their
sequence number); nothing else is kept beside them.

Iceberg gives what our own files and lock used to: data files are written under new names before
the catalog's compare-and-swap moves the table to the new metadata file, so a crash leaves the
previous version current and whole, and two writers cannot both win. The later writer gets a
conflict; it re-reads the new current table, redoes its merge and commits again (or, after
:data:`ATTEMPTS` conflicts, stops with a clear message) — an update is never lost.

Reading (history, the current table) goes through :mod:`etl.tables`, without pyiceberg; pyiceberg
is imported only to write.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import getpass
import json
import os
import random
import time
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from etl import paths
from etl.catalog import ALL_DATASETS, BRON_REGEL, Dataset, get_dataset
from etl.checksum import CONTENT_FORM, LEGACY_FORM, content_sha256
from etl.errors import Problem, SourceError
from etl.tables import (
    CATALOG_NAME,
    FILES_KEY,
    NAMESPACE,
    PREFIX,
    CatalogReader,
    FileSettings,
    Snapshot,
    TableState,
    file_settings,
    reader,
    table_state,
)

ATTEMPTS = 60  # commits tried under contention before a publish gives up
# pyiceberg would retry a conflicting commit by rebasing the snapshot; ours replace the whole table
# from a merge, so the merge itself is redone instead (Store._retrying).
# One data file per version (pyiceberg would split at 512 MiB of Arrow memory): the dashboards'
# full scans (DuckDB) measured ~40 % slower over two files of 10 M rows than over one.
PARQUET_FIELD_ID = b"PARQUET:field_id"  # the Arrow field metadata pyarrow writes as a Parquet field id
# Row groups of 256 Ki rows, not pyiceberg's 1 Mi: a query of one year (a filter on the sorted
# ``jaar``) then decodes little more than that year, on both threads (DuckDB scans row groups in
# parallel). Measured on the 10 M-row bench table: the pyramid's grouping 10,4 → 7,1 ms, full
# scans unchanged (81 → 80 ms), the file 1 % larger.
# Every commit writes a metadata file that holds the whole history: kept all, n versions took
# n such files (57 MB of them for 300 versions of a two-row table, measured). The versions
# themselves — every snapshot a rollback needs — live in the current file; Iceberg deletes the
# files that fall out of its log of the last 20.
TABLE_PROPERTIES = {
    "commit.retry.num-retries": "0",
    "write.target-file-size-bytes": str(8 << 30),
    "write.parquet.row-group-limit": str(256 << 10),
    "write.metadata.delete-after-commit.enabled": "true",
    "write.metadata.previous-versions-max": "20",
}


def default_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "onbekend"


def checksum_ahead(dataset: Dataset, table: pa.Table) -> Future[str]:
    """:func:`content_sha256` of ``table`` as a publish writes it (:func:`conform`), started now
    (:func:`_ahead`): a caller that may publish the table starts it while it still has other
    work (the upload's diff), and the publish then only writes (:class:`Computed`)."""
    return _ahead("checksum", lambda: content_sha256(conform(dataset, table)))


def encode_ahead(
    dataset: Dataset,
    table: pa.Table,
    based_on: str | None,
    dictionaries: Mapping[str, pa.DictionaryArray] | None = None,
) -> Future[Encoded] | None:
    """``table`` encoded as the data file a publish over the table version ``based_on`` (its
    metadata location) writes, started now as :func:`checksum_ahead` is. None for a table that
    does not exist yet. ``dictionaries``: columns of ``table`` also dictionary-encoded (see :func:`_encode`)."""
    if based_on is None:
        return None
    return _ahead("encode", lambda: _encode(conform(dataset, table), file_settings(based_on), dictionaries))


def _ahead(name: str, work: Callable[[], Any]) -> Future[Any]:
    """``work`` started in a thread of its own. A thread per call, not a shared pool: a pool's
    thread does not survive a fork, and a forked publisher would wait for it for ever."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
    try:
        return pool.submit(work)
    finally:
        pool.shutdown(wait=False)


@dataclass(frozen=True)
class Encoded:
    """A table encoded as one Parquet data file, for the table layout ``settings``."""

    settings: FileSettings
    data: pa.Buffer
    metadata: pq.FileMetaData


def _write_data_files(
    iceberg: Any, table: pa.Table, checksum: Future[str] | None, encoded: Future[Encoded] | None = None
) -> tuple[list[Any], str]:
    """``table``'s data file(s) for a commit to ``iceberg``, and its :func:`content_sha256`
    (``checksum``, when started before), computed beside the write: both spend their time in
    Arrow's C++ and hashlib (Parquet encoding, hashing), which run without the GIL, so on two
    cores the checksum costs no time. ``encoded``: the file encoded before (:func:`encode_ahead`),
    used when it was for the table's layout as it is now. Written before knowing whether the
    content is new: when it is not, the caller removes them."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        hashing = checksum or pool.submit(content_sha256, table)
        settings = _file_settings(iceberg)
        if not settings.partitioned:  # every table this module creates
            ahead = _ready(encoded)
            files = [_data_file(iceberg, ahead if ahead and ahead.settings == settings else _encode(table, settings))]
        else:  # partitioned by another engine: pyiceberg's writer splits the rows per partition
            from pyiceberg.io.pyarrow import _dataframe_to_data_files

            files = list(
                _dataframe_to_data_files(
                    table_metadata=iceberg.metadata, write_uuid=uuid.uuid4(), df=table, io=iceberg.io
                )
            )
        return files, hashing.result()


def _ready(encoded: Future[Encoded] | None) -> Encoded | None:
    """The file encoded ahead, or None when there is none or its encoding failed (say a metadata
    file in a form :func:`etl.tables.file_settings` does not read): the publish then encodes the
    file itself, and an error that is real shows there."""
    if encoded is None:
        return None
    try:
        return encoded.result()
    except Exception:
        return None


def _file_settings(iceberg: Any) -> FileSettings:
    """:class:`FileSettings` of a loaded pyiceberg table (as :func:`file_settings` reads them)."""
    metadata = iceberg.metadata
    return FileSettings(
        tuple((f.name, f.field_id, f.required) for f in metadata.schema().fields),
        tuple(sorted(metadata.properties.items())),
        not metadata.spec().is_unpartitioned(),
    )


def _encode(
    table: pa.Table, settings: FileSettings, dictionaries: Mapping[str, pa.DictionaryArray] | None = None
) -> Encoded:
    """``table`` as one Parquet data file of an (unpartitioned) Iceberg table: field ids as
    pyiceberg's own writer gives them, with its settings (:func:`_parquet_options`) and one
    choice of ours: the source line (``bron_regel``), different on every row and ascending, is
    delta-encoded instead of dictionary-encoded (a dictionary as large as the column: measured
    0.028 → 0.019 s and 1.0 → 0.4 MB for 200,000 rows). Written here rather than by pyiceberg (its
    per-batch schema casts and writer thread cost a third more). Readers (pyiceberg, pyarrow,
    DuckDB) read it as any other.

    ``dictionaries``: text columns of ``table`` also dictionary-encoded (an upload's, as converted),
    written in that form: the writer then hashes a dictionary, not every value (200,000 rows, five
    such columns: 0.025 → 0.014 s). Their Arrow type is then not stored in the file: readers read
    the Parquet schema, text as text, as from any other file."""
    declared = {name: (field_id, required) for name, field_id, required in settings.fields}
    encoded = {
        name: d for name, d in (dictionaries or {}).items() if name in table.column_names and len(d) == table.num_rows
    }
    columns = [encoded.get(name, column) for name, column in zip(table.column_names, table.columns, strict=True)]
    fields = [
        pa.field(
            f.name, columns[i].type, not declared[f.name][1], {PARQUET_FIELD_ID: str(declared[f.name][0]).encode()}
        )
        for i, f in enumerate(table.schema)
    ]
    table = pa.Table.from_arrays(columns, schema=pa.schema(fields))
    props = {**TABLE_PROPERTIES, **dict(settings.properties)}  # a table made before a property was ours gets it too
    delta = [name for name in table.column_names if name == BRON_REGEL.name]
    sink = pa.BufferOutputStream()
    writer = pq.ParquetWriter(
        sink,
        table.schema,
        use_dictionary=[name for name in table.column_names if name not in delta],
        column_encoding=dict.fromkeys(delta, "DELTA_BINARY_PACKED") or None,
        store_decimal_as_integer=True,
        store_schema=not encoded,  # else a dictionary type would be stored: read back as such
        **_parquet_options(props),
    )
    with writer:
        writer.write_table(table, row_group_size=_property(props, "PARQUET_ROW_GROUP_LIMIT"))
    return Encoded(settings, sink.getvalue(), writer.writer.metadata)


def _data_file(iceberg: Any, encoded: Encoded) -> Any:
    """The encoded file written as a new data file of ``iceberg``, and its Iceberg record:
    statistics from the file's footer, as pyiceberg's own writer gives them."""
    from pyiceberg.io.pyarrow import (
        compute_statistics_plan,
        data_file_statistics_from_parquet_metadata,
        parquet_path_to_id_mapping,
    )
    from pyiceberg.manifest import DataFile, DataFileContent, FileFormat
    from pyiceberg.table.locations import load_location_provider
    from pyiceberg.typedef import Record

    metadata = iceberg.metadata
    schema = metadata.schema()
    props = {**TABLE_PROPERTIES, **metadata.properties}
    provider = load_location_provider(table_location=metadata.location, table_properties=props)
    path = provider.new_data_location(data_file_name=f"00000-0-{uuid.uuid4()}.parquet")
    output = iceberg.io.new_output(path)
    with output.create(overwrite=False) as stream:
        stream.write(encoded.data)
    statistics = data_file_statistics_from_parquet_metadata(
        parquet_metadata=encoded.metadata,
        stats_columns=compute_statistics_plan(schema, props),
        parquet_column_mapping=parquet_path_to_id_mapping(schema),
    )
    return DataFile.from_args(
        content=DataFileContent.DATA,
        file_path=path,
        file_format=FileFormat.PARQUET,
        partition=Record(),
        file_size_in_bytes=encoded.data.size,
        sort_order_id=None,
        spec_id=metadata.default_spec_id,
        equality_ids=None,
        key_metadata=None,
        **statistics.to_serialized_dict(),
    )


def _parquet_options(props: dict[str, str]) -> dict[str, Any]:
    """The Parquet writer's settings from the table's properties, with pyiceberg's defaults: what
    its own writer applies (compression, page and dictionary sizes, rows per page)."""
    from pyiceberg.table import TableProperties

    codec = props.get(TableProperties.PARQUET_COMPRESSION, TableProperties.PARQUET_COMPRESSION_DEFAULT)
    level = props.get(TableProperties.PARQUET_COMPRESSION_LEVEL)
    return {
        "compression": "none" if codec == "uncompressed" else codec,
        "compression_level": None if level is None else int(level),
        "data_page_size": _property(props, "PARQUET_PAGE_SIZE_BYTES"),
        "dictionary_pagesize_limit": _property(props, "PARQUET_DICT_SIZE_BYTES"),
        "write_batch_size": _property(props, "PARQUET_PAGE_ROW_LIMIT"),
    }


def _property(props: dict[str, str], name: str) -> int:
    """A whole-number table property by its pyiceberg name (``TableProperties.<name>``), else
    pyiceberg's default (``<name>_DEFAULT``)."""
    from pyiceberg.table import TableProperties

    value = props.get(getattr(TableProperties, name))
    return int(value) if value is not None else getattr(TableProperties, f"{name}_DEFAULT")


def _remove(iceberg: Any, files: list[Any]) -> None:
    """Data files no snapshot references (a conflict, or content already current): removed
    rather than left as orphans."""
    for data_file in files:
        iceberg.io.delete(data_file.file_path)


def storage_schema(dataset: Dataset) -> pa.Schema:
    """The Iceberg table's schema: the catalog's columns, each optional. Whether a value may be
    missing is the validator's rule (it runs before every write); storage must also hold versions
    that predate a column — migrated ones, or older snapshots that a rollback brings back."""
    return pa.schema([field.with_nullable(True) for field in dataset.arrow_schema])


def conform(dataset: Dataset, table: pa.Table) -> pa.Table:
    """``table`` in the catalog's schema: its columns in order (a column the table predates
    comes back empty), types cast, metadata dropped (Iceberg's field ids included)."""
    columns = []
    for field in dataset.arrow_schema:
        if field.name in table.column_names:
            columns.append(table.column(field.name).cast(field.type))
        else:
            columns.append(pa.nulls(table.num_rows, field.type))
    return pa.Table.from_arrays(columns, schema=dataset.arrow_schema)


@dataclass(frozen=True)
class Computed:
    """A publish's table worked out before the publish (see :meth:`Store.publish`)."""

    based_on: str | None  # the current table it was worked out from (Store.identity)
    table: pa.Table
    checksum: Future[str] | None = None  # checksum_ahead(dataset, table), when started
    encoded: Future[Encoded] | None = None  # encode_ahead(dataset, table, based_on), when started


@dataclass(frozen=True)
class Entry:
    """One version: the audit record a snapshot carries."""

    tijd: str  # ISO 8601, UTC
    gebruiker: str
    actie: str  # "opbouw", "publicatie", "terugzetting" or "intrekking"
    dataset: str
    versie: int
    rijen: int
    bestand: str
    bestand_sha256: str
    tabel_sha256: str  # checksum of the content (content_sha256)
    van_versie: int | None = None  # for a rollback: the version restored
    inhoud_sha256: str | None = None  # the same content checksum (the name the audit used before Iceberg)
    inhoud_vorm: str = CONTENT_FORM  # how the checksum was worked out (see etl.checksum)

    def properties(self) -> dict[str, str]:
        props = {
            "tijd": self.tijd,
            "gebruiker": self.gebruiker,
            "actie": self.actie,
            "rijen": str(self.rijen),
            "bestand": self.bestand,
            "bestand-sha256": self.bestand_sha256,
            "inhoud-sha256": self.tabel_sha256,
        }
        if self.van_versie is not None:
            props["van-versie"] = str(self.van_versie)
        if self.tabel_sha256 and self.inhoud_vorm != LEGACY_FORM:  # no form: the first one
            props["inhoud-vorm"] = self.inhoud_vorm
        return {PREFIX + k: v for k, v in props.items()}

    @classmethod
    def of(cls, dataset: str, snapshot: Snapshot) -> Entry:
        s = {k.removeprefix(PREFIX): v for k, v in snapshot.summary.items()}
        return cls(
            tijd=s.get("tijd") or snapshot.tijd.isoformat(timespec="seconds"),
            gebruiker=s.get("gebruiker", "onbekend"),
            actie=s.get("actie") or f"extern ({s.get('operation', '?')})",  # committed by another engine
            dataset=dataset,
            versie=snapshot.versie,
            rijen=int(s.get("rijen") or s.get("total-records") or 0),
            bestand=s.get("bestand", ""),
            bestand_sha256=s.get("bestand-sha256", ""),
            tabel_sha256=s.get("inhoud-sha256", ""),
            van_versie=int(s["van-versie"]) if s.get("van-versie") else None,
            inhoud_sha256=s.get("inhoud-sha256") or None,
            inhoud_vorm=s.get("inhoud-vorm", LEGACY_FORM),
        )


WITHDRAWAL = "intrekking"


@dataclass(frozen=True)
class Unchanged(Entry):
    """What :meth:`Store.publish` returns when the content is that of the current version: that
    version's entry, and nothing was committed."""


class CommitConflict(Exception):
    """Another writer moved the table between our read and our commit."""


@functools.lru_cache(maxsize=8)
def _catalog(uri: str, warehouse: str) -> Any:
    from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

    for attempt in range(20):
        try:  # processes that start at once all create the catalog's tables: the losers retry
            catalog = _catalog_class()(CATALOG_NAME, uri=uri, warehouse=warehouse)
            catalog.create_namespace_if_not_exists(NAMESPACE)
            break
        except (OperationalError, IntegrityError, ProgrammingError):  # e.g. "relation … already exists"
            if attempt == 19:
                raise
            time.sleep(random.uniform(0.01, 0.1))
    _CATALOGS.append(catalog)
    return catalog


@functools.cache
def _catalog_class() -> type:
    from pyiceberg.catalog import Catalog
    from pyiceberg.catalog.sql import SqlCatalog
    from pyiceberg.table import Table

    class ParsedOnceCatalog(SqlCatalog):
        """pyiceberg's SQL catalog, parsing each metadata file once (see :func:`_parsed_metadata`):
        pyiceberg's commit loads the table it commits to again, which parsed the whole history a
        second time."""

        def _convert_orm_to_iceberg(self, orm_table: Any) -> Any:
            location, namespace, name = orm_table.metadata_location, orm_table.table_namespace, orm_table.table_name
            if not (location and namespace and name):
                return super()._convert_orm_to_iceberg(orm_table)  # pyiceberg names what is missing
            metadata = _parsed_metadata(location, tuple(sorted(self.properties.items())))
            return Table(
                identifier=(*Catalog.identifier_to_tuple(namespace), name),
                metadata=metadata,
                metadata_location=location,
                io=self._load_file_io(metadata.properties, location),
                catalog=self,
            )

    return ParsedOnceCatalog


@functools.lru_cache(maxsize=16)
def _parsed_metadata(location: str, properties: tuple[tuple[str, str], ...]) -> Any:
    """A table's metadata file, parsed. Shared safely: a metadata file never changes once written
    (each commit writes a new one, named by a UUID) and pyiceberg's model of it is frozen."""
    from pyiceberg.io import load_file_io
    from pyiceberg.serializers import FromInputFile

    io = load_file_io(properties=dict(properties), location=location)
    return FromInputFile.table_metadata(io.new_input(location))


def parquet_bytes(table: pa.Table) -> bytes:
    """A table as one Parquet file, as downloads and open data hand it out."""
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


@functools.cache
def _replace_all_class() -> type:
    from pyiceberg.manifest import ManifestEntry, ManifestEntryStatus
    from pyiceberg.table.update.snapshot import _OverwriteFiles

    class ReplaceAll(_OverwriteFiles):
        """pyiceberg's overwrite, for a commit that removes every live data file: no manifest of
        the parent is carried over. (pyiceberg 0.12 would carry each earlier commit's manifest of
        deleted entries on for ever, so every publish read one more manifest than the last.) The
        parent's live entries are read once, by :func:`_live_entries`, and marked deleted as they
        are; pyiceberg would read its manifests again to find them."""

        _live: tuple[Any, ...] = ()

        def delete_all(self, live: list[Any]) -> None:
            """Remove every entry of ``live`` (the parent snapshot's live data entries)."""
            self._live = tuple(live)
            for entry in live:
                self.delete_data_file(entry.data_file)

        def _existing_manifests(self) -> list:
            return []

        def _deleted_entries(self) -> list:
            return [
                ManifestEntry.from_args(
                    status=ManifestEntryStatus.DELETED,
                    snapshot_id=self._snapshot_id,
                    sequence_number=entry.sequence_number,
                    file_sequence_number=entry.file_sequence_number,
                    data_file=entry.data_file,
                )
                for entry in self._live
            ]

    return ReplaceAll


def _live_entries(table: Any) -> list[Any]:
    """The live data entries of the table's current snapshot, read from its manifests (without a
    scan's planning: every entry is wanted)."""
    from pyiceberg.manifest import DataFileContent

    snapshot = table.current_snapshot()
    if snapshot is None:
        return []
    return [
        entry
        for manifest in snapshot.manifests(table.io)
        for entry in manifest.fetch_manifest_entry(table.io, discard_deleted=True)
        if entry.data_file.content == DataFileContent.DATA
    ]


@functools.cache
def _transaction_class() -> type:
    from pyiceberg.table import Transaction

    class CachedTransaction(Transaction):
        """pyiceberg's transaction, with its metadata worked out once per staged state. pyiceberg
        0.12 replays the staged updates and deep-copies the whole metadata, every version of the
        history included, on each read of ``table_metadata`` — about twenty per commit — so each
        version kept made every later commit slower (measured, median commit of a small table:
        29 ms at versions 1–50, 272 ms at 251–300; with this class 11 and 28 ms). The fix proposed
        upstream (apache/iceberg-python#3302, #3784) caches it the same way: keyed on the identity
        of the table's metadata and of the staged updates, an immutable tuple that every staging
        replaces."""

        _cached: tuple[Any, Any, Any] | None = None

        @property
        def table_metadata(self) -> Any:
            base, updates = self._table.metadata, self._updates
            if not updates:  # nothing staged: the table's own (frozen) metadata, as Table.metadata gives it
                return base
            if self._cached is None or self._cached[0] is not base or self._cached[1] is not updates:
                self._cached = (base, updates, super().table_metadata)
            return self._cached[2]

    return CachedTransaction


def _replace_all(txn: Any, io: Any, props: dict[str, str]) -> Any:
    """The snapshot producer of a commit that replaces the whole table (see ReplaceAll)."""
    from pyiceberg.table.snapshots import Operation

    return _replace_all_class()(
        operation=Operation.OVERWRITE if txn.table_metadata.current_snapshot() is not None else Operation.APPEND,
        transaction=txn,
        io=io,
        snapshot_properties=props,
    )


def _forget_after_fork() -> None:
    """A forked child makes its own catalog connections (see etl.tables)."""
    for catalog in _CATALOGS:
        catalog.engine.dispose(close=False)
    _CATALOGS.clear()
    _catalog.cache_clear()


_CATALOGS: list[Any] = []
os.register_at_fork(after_in_child=_forget_after_fork)


def read_files(dataset: Dataset, files: tuple[str, ...], bijgewerkt: dt.datetime | None = None) -> pa.Table:
    """The rows of a version's data files, in the catalog schema."""
    if files:
        # Text read through the files' own dictionaries (Parquet stores them so): a third of the
        # time of decoding every value (200,000 rows: 0.021 → 0.007 s), cast to plain text after.
        texts = [c.name for c in dataset.columns if c.dtype == "string"]
        table = conform(dataset, pq.read_table(list(files) if len(files) > 1 else files[0], read_dictionary=texts))
    else:
        table = dataset.arrow_schema.empty_table()
    if bijgewerkt is not None:
        table = table.replace_schema_metadata({b"bijgewerkt": bijgewerkt.isoformat(timespec="seconds").encode()})
    return table


class Store:
    def __init__(self, folder: Path, catalog_uri: str | None = None, warehouse: str | None = None):
        self.folder = folder
        self.catalog_uri = catalog_uri or paths.catalog_uri(folder)
        self.warehouse = warehouse or paths.warehouse(folder)
        from etl.migrate import migrate_if_needed  # a data folder in the layout before Iceberg

        migrate_if_needed(self)

    # --- reading (no pyiceberg) ----------------------------------------------------------------
    @property
    def reader(self) -> CatalogReader:
        return reader(self.catalog_uri)

    def state(self, dataset: str) -> TableState | None:
        return self.reader.state(dataset)

    def entries(self, dataset: str | None = None) -> list[Entry]:
        if dataset is not None:
            state = self.state(dataset)
            return [] if state is None else [Entry.of(dataset, s) for s in state.snapshots]
        known = {d.name for d in ALL_DATASETS}
        out = [
            Entry.of(name, s)
            for name, location in self.reader.locations().items()
            if name in known
            for s in table_state(location).snapshots
        ]
        return sorted(out, key=lambda e: (e.tijd, e.dataset, e.versie))

    def history(self, dataset: str) -> list[Entry]:
        get_dataset(dataset)
        return self.entries(dataset)

    def exists(self, dataset: str) -> bool:
        state = self.state(dataset)
        return state is not None and bool(state.files)

    def current_files(self, dataset: str) -> tuple[str, ...]:
        state = self.state(dataset)
        return () if state is None else state.files

    def read_current(self, dataset: str) -> pa.Table | None:
        state = self.state(dataset)
        return None if state is None else self._read_state(get_dataset(dataset), state)

    def read_version(self, dataset: str, version: int) -> pa.Table:
        state = self.state(dataset)
        snapshot = None if state is None else state.version(version)
        if snapshot is None:
            raise SourceError(Problem(dataset, f"versie {version} bestaat niet; {self._versions_text(state)}"))
        return read_files(get_dataset(dataset), self._files(state, snapshot), snapshot.tijd)

    def identity(self, dataset: str) -> str | None:
        """The current metadata file: every commit writes a new one, so an equal identity means
        the very same table."""
        return self.reader.locations().get(dataset)

    @staticmethod
    def _files(state: TableState, snapshot: Snapshot) -> tuple[str, ...]:
        from etl.tables import local_path

        return tuple(local_path(f) for f in snapshot.files(state.metadata_location))

    def _read_state(self, dataset: Dataset, state: TableState) -> pa.Table | None:
        current = state.current
        if current is None or (not state.files and Entry.of(dataset.name, current).actie == WITHDRAWAL):
            return None
        return read_files(dataset, state.files, current.tijd)

    @staticmethod
    def _versions_text(state: TableState | None) -> str:
        versions = ", ".join(
            str(s.versie) for s in (state.snapshots if state else ()) if s.summary.get(PREFIX + "actie") != WITHDRAWAL
        )
        return f"beschikbare versies: {versions or 'geen'}"

    def copy_to(self, target: Store) -> None:
        """Every table with its versions and their records into ``target``'s catalog and warehouse.

        Iceberg's metadata names its files by absolute location, so a data folder copied file by
        file would still point at the original's files; this writes each version again instead."""
        for name in sorted(self.reader.locations()):
            state = self.state(name)
            if state is None or name not in {d.name for d in ALL_DATASETS}:
                continue
            ds = get_dataset(name)
            for snapshot in state.snapshots:
                e = Entry.of(name, snapshot)
                record = {k: getattr(e, k) for k in ("tijd", "gebruiker", "actie", "bestand", "bestand_sha256")}
                content = read_files(ds, self._files(state, snapshot))
                extra = {} if e.van_versie is None else {"van-versie": str(e.van_versie)}
                target.write(name, content, record, same_content_is_new=True, extra=extra)

    # --- writing (pyiceberg) -------------------------------------------------------------------
    def _table(self, dataset: Dataset) -> Any:
        """The Iceberg table, created on first use; its schema follows the catalog's columns, and
        a table made before one of :data:`TABLE_PROPERTIES` was ours gets it."""
        from pyiceberg.exceptions import CommitFailedException, NoSuchTableError, TableAlreadyExistsError
        from sqlalchemy.exc import OperationalError

        self.folder.mkdir(parents=True, exist_ok=True)  # the SQLite catalog's home
        catalog = _catalog(self.catalog_uri, self.warehouse)
        identifier = f"{NAMESPACE}.{dataset.name}"
        try:
            table = catalog.load_table(identifier)
        except NoSuchTableError:
            try:
                return catalog.create_table(identifier, schema=storage_schema(dataset), properties=TABLE_PROPERTIES)
            except TableAlreadyExistsError:  # created by a concurrent writer
                table = catalog.load_table(identifier)
        required = [f.name for f in table.schema().fields if f.required]
        if set(table.schema().column_names) != set(dataset.column_names) or required:
            with table.update_schema() as update:  # a column added to the catalog: add it to the table
                update.union_by_name(storage_schema(dataset))
                for name in required:  # a table made before columns were stored as optional
                    update.make_column_optional(name)
            table = catalog.load_table(identifier)
        missing = {k: v for k, v in TABLE_PROPERTIES.items() if k not in table.properties}
        if missing:
            try:
                with table.transaction() as txn:
                    txn.set_properties(missing)
            except (CommitFailedException, OperationalError):  # another writer first (or SQLite busy):
                pass  # the next load sets them
            table = catalog.load_table(identifier)
        return table

    def _commit(
        self,
        table: Any,
        entry: Entry,
        add: list[Any],
        extra: dict[str, str] | None = None,
        live: list[Any] | None = None,
    ) -> int:
        """One snapshot replacing every current data file (``live``, when listed before) by
        ``add``; returns its version."""
        from pyiceberg.exceptions import CommitFailedException, ValidationException
        from sqlalchemy.exc import OperationalError

        props = {
            **{PREFIX + k: v for k, v in (extra or {}).items()},
            **entry.properties(),
            FILES_KEY: json.dumps([f.file_path for f in add]),
        }
        txn = _transaction_class()(table)
        try:
            with _replace_all(txn, table.io, props) as overwrite:
                overwrite.delete_all(_live_entries(table) if live is None else live)
                for data_file in add:
                    overwrite.append_data_file(data_file)
            committed = txn.commit_transaction()
        except (CommitFailedException, ValidationException, OperationalError) as exc:  # Operational: SQLite busy
            raise CommitConflict(str(exc)) from exc
        return committed.current_snapshot().sequence_number

    def _retrying(self, dataset: str, attempt: Callable[[], Entry]) -> Entry:
        for n in range(ATTEMPTS):
            try:
                return attempt()
            except CommitConflict:
                time.sleep(random.uniform(0, min(0.05 * (n + 1), 0.5)))  # let the winner finish
        raise SourceError(
            Problem(
                dataset,
                f"niet gepubliceerd: de tabel werd {ATTEMPTS} keer na elkaar tegelijk door een andere publicatie "
                "gewijzigd; er is niets veranderd, probeer het opnieuw",
            )
        )

    def publish(
        self,
        dataset: str,
        table: pa.Table | Callable[[pa.Table | None], pa.Table],
        *,
        bestand: str,
        bestand_sha256: str,
        actie: str = "publicatie",
        gebruiker: str | None = None,
        computed: Computed | None = None,
    ) -> Entry:
        """Publish a new current version of ``dataset`` as one Iceberg commit.

        ``table`` may be a function of the current table: it is then applied to the table as
        it is at commit time — after a conflict, to the new current table — so two publishes
        that each merge into the current table never lose one another's rows. ``computed`` is
        the function's result worked out before (and its checksum, when started): used while
        the current table is still the one it was worked out from.

        Content equal to the current version's makes no new version: the current one comes
        back as :class:`Unchanged`.
        """
        record = {"gebruiker": gebruiker or default_user(), "actie": actie, "bestand": bestand}
        return self.write(dataset, table, {**record, "bestand_sha256": bestand_sha256}, computed=computed)

    def write(
        self,
        dataset: str,
        table: pa.Table | Callable[[pa.Table | None], pa.Table],
        record: dict[str, Any],
        *,
        computed: Computed | None = None,
        same_content_is_new: bool = False,
        extra: dict[str, str] | None = None,
    ) -> Entry:
        """:meth:`publish` with the audit record given whole (``tijd`` defaults to now) and
        ``extra`` summary properties; the migration uses it to carry old records over."""
        ds = get_dataset(dataset)

        def attempt() -> Entry:
            iceberg = self._table(ds)
            state = table_state(iceberg.metadata_location)
            new, ahead, encoded = table, None, None
            if callable(new):
                if computed is not None and computed.based_on == iceberg.metadata_location:
                    new, ahead, encoded = computed.table, computed.checksum, computed.encoded
                else:
                    new = new(self._read_state(ds, state))
            new = conform(ds, new)
            # Listed first: reading the manifests (Python) fits the wait for the threads encoding
            # the file and working out its checksum.
            live = _live_entries(iceberg)
            files, checksum = _write_data_files(iceberg, new, ahead, encoded)
            current = None if state.current is None else Entry.of(dataset, state.current)
            if current is not None and current.actie != WITHDRAWAL and not same_content_is_new:
                # a version committed by another engine has no checksum of ours, an older one may
                # have one of another form: then its content is compared
                known = current.tabel_sha256 and current.inhoud_vorm == CONTENT_FORM
                now = current.tabel_sha256 if known else content_sha256(self._read_state(ds, state))
                if now == checksum:
                    _remove(iceberg, files)
                    return Unchanged(**current.__dict__)
            entry = Entry(
                **{"tijd": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), **record},
                dataset=dataset,
                versie=0,
                rijen=new.num_rows,
                tabel_sha256=checksum,
                inhoud_sha256=checksum,
            )
            try:
                version = self._commit(iceberg, entry, files, extra, live)
            except CommitConflict:
                _remove(iceberg, files)
                raise
            return dataclasses.replace(entry, versie=version)

        return self._retrying(dataset, attempt)

    def withdraw(self, dataset: str, gebruiker: str | None = None, *, tijd: str | None = None) -> Entry:
        """Withdraw ("intrekken") a dataset fed only by uploads: a version without data, audited;
        the dataset is then absent for readers, and a rollback can bring any version back."""
        ds = get_dataset(dataset)
        if not ds.withdrawable:
            raise SourceError(
                Problem(dataset, f"‘{ds.title}’ wordt uit de brondocumenten opgebouwd en kan niet ingetrokken worden")
            )
        user = gebruiker or default_user()

        def attempt() -> Entry:
            iceberg = self._table(ds)
            state = table_state(iceberg.metadata_location)
            if state.current is None or Entry.of(dataset, state.current).actie == WITHDRAWAL:
                raise SourceError(Problem(dataset, "er is geen gepubliceerde versie om in te trekken"))
            entry = Entry(
                tijd=tijd or dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                gebruiker=user,
                actie=WITHDRAWAL,
                dataset=dataset,
                versie=0,
                rijen=0,
                bestand="",
                bestand_sha256="",
                tabel_sha256="",  # no table: nothing a rollback could restore
            )
            return dataclasses.replace(entry, versie=self._commit(iceberg, entry, []))

        return self._retrying(dataset, attempt)

    def rollback(self, dataset: str, version: int, gebruiker: str | None = None) -> Entry:
        """Make the content of ``version`` current again (its very data files), as a new version;
        refused when those files no longer hold what the version's checksum says."""
        ds = get_dataset(dataset)
        user = gebruiker or default_user()

        def attempt() -> Entry:
            iceberg = self._table(ds)
            state = table_state(iceberg.metadata_location)
            snapshot = state.version(version)
            if snapshot is None or Entry.of(dataset, snapshot).actie == WITHDRAWAL:  # a withdrawal has no table
                raise SourceError(Problem(dataset, f"versie {version} bestaat niet; {self._versions_text(state)}"))
            source = Entry.of(dataset, snapshot)
            try:
                content = read_files(ds, self._files(state, snapshot))
            except (OSError, pa.ArrowException) as exc:
                raise SourceError(Problem(dataset, f"versie {version} is beschadigd: {exc}")) from exc
            if source.tabel_sha256 and content_sha256(content, source.inhoud_vorm) != source.tabel_sha256:
                damaged = f"versie {version} is beschadigd (de inhoud klopt niet met de checksum)"
                raise SourceError(Problem(dataset, damaged))
            entry = Entry(
                tijd=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                gebruiker=user,
                actie="terugzetting",
                dataset=dataset,
                versie=0,
                rijen=content.num_rows,
                bestand=source.bestand,
                bestand_sha256=source.bestand_sha256,
                tabel_sha256=source.tabel_sha256 or content_sha256(content),
                van_versie=version,
                inhoud_vorm=source.inhoud_vorm if source.tabel_sha256 else CONTENT_FORM,
            )
            entry = dataclasses.replace(entry, inhoud_sha256=entry.tabel_sha256)
            files = [task.file for task in iceberg.scan(snapshot_id=snapshot.snapshot_id).plan_files()]
            return dataclasses.replace(entry, versie=self._commit(iceberg, entry, files))

        return self._retrying(dataset, attempt)
