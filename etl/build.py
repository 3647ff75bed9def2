"""``etl build``: every dataset from the source documents, all validated before any is written."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from etl import io
from etl.catalog import DATASETS, Dataset
from etl.errors import Problem, SourceError
from etl.extract import kerncijfers, memorandum, samen_leven, sociaal_beleid, voortgang
from etl.text import Document, find_source, read_document
from etl.validate import to_table

Docs = dict[str, Document]  # by file-name prefix, e.g. "000_"

# How each catalog dataset is extracted. The catalog says which documents it reads.
EXTRACTORS: dict[str, Callable[[Docs], list[dict]]] = {
    "fte_afdeling": lambda d: samen_leven.extract_fte_afdeling(d["000_"]),
    "teams": lambda d: samen_leven.extract_teams(d["000_"]),
    "kerncijfers": lambda d: kerncijfers.extract_kerncijfers(d["001_"]),
    "bevolking_projectie": lambda d: kerncijfers.extract_bevolking_projectie(d["001_"]),
    "aanbevelingen": lambda d: memorandum.extract_aanbevelingen(d["001_"]),
    "acties": lambda d: memorandum.extract_acties(d["001_"]),
    "voortgang": lambda d: voortgang.extract_voortgang(d["004_"]),
    "tijdlijn": lambda d: samen_leven.extract_timeline(d["000_"]) + sociaal_beleid.extract_timeline(d["003_"]),
}


@dataclass(frozen=True)
class BuildResult:
    tables: dict[str, pa.Table]
    seconds: float


def load_documents(raw: Path, datasets: tuple[Dataset, ...] = DATASETS) -> Docs:
    prefixes = sorted({p for d in datasets for p in d.source_files})
    return {prefix: read_document(find_source(raw, prefix)) for prefix in prefixes}


def extract_all(raw: Path) -> dict[str, pa.Table]:
    """Extract and validate every dataset; raise SourceError listing every problem found."""
    docs = load_documents(raw)
    tables: dict[str, pa.Table] = {}
    problems: list[Problem] = []
    for dataset in DATASETS:
        try:
            tables[dataset.name] = to_table(dataset, EXTRACTORS[dataset.name](docs))
        except SourceError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SourceError(problems)
    problems = cross_checks(tables)
    if problems:
        raise SourceError(problems)
    return tables


def _refers(child: pa.Table, column: str, parent: pa.Table, parent_column: str, what: str) -> list[Problem]:
    known = set(parent.column(parent_column).to_pylist())
    out = []
    for row in child.select([column, "bron", "bron_regel"]).to_pylist():
        if row[column] not in known:
            out.append(Problem(row["bron"], f"{what} {row[column]!r} bestaat niet", row["bron_regel"], column))
    return out


def cross_checks(tables: dict[str, pa.Table]) -> list[Problem]:
    """References between datasets: every team's afdeling has an FTE figure, every action a recommendation."""
    return _refers(tables["teams"], "afdeling", tables["fte_afdeling"], "afdeling", "afdeling") + _refers(
        tables["acties"], "aanbeveling_nr", tables["aanbevelingen"], "nr", "aanbeveling"
    )


def with_build_metadata(table: pa.Table, stamp: str) -> pa.Table:
    """Record in the file itself when it was written: pages show it as "laatst bijgewerkt"."""
    metadata = {**(table.schema.metadata or {}), b"bijgewerkt": stamp.encode()}
    return table.replace_schema_metadata(metadata)


def build(raw: Path, out: Path) -> BuildResult:
    """Extract, validate, then write all tables; on any problem nothing in ``out`` changes."""
    started = time.perf_counter()
    tables = extract_all(raw)
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    tables = {name: with_build_metadata(table, stamp) for name, table in tables.items()}
    moves = []
    try:
        for name, table in tables.items():
            target = out / f"{name}.parquet"
            moves.append((io.write_temp_parquet(table, target), target))
    except BaseException:
        for tmp, _ in moves:
            tmp.unlink(missing_ok=True)
        raise
    io.replace_all(moves)
    return BuildResult(tables, time.perf_counter() - started)
