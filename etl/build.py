"""``etl build``: every dataset from the source documents, all validated before any is written."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from etl import upsert
from etl.catalog import DATASETS, Dataset
from etl.errors import Problem, SourceError
from etl.extract import kerncijfers, memorandum, samen_leven, sociaal_beleid, tijdlijn, voortgang
from etl.indicators import kerncijfers as kern_indicators
from etl.store import Store, Unchanged
from etl.text import Document, find_source, read_document
from etl.validate import references, to_table

Docs = dict[str, Document]  # by file-name prefix, e.g. "000_"

# How each catalog dataset is extracted. The catalog says which documents it reads.
EXTRACTORS: dict[str, Callable[[Docs], list[dict]]] = {
    "fte_afdeling": lambda d: samen_leven.extract_fte_afdeling(d["000_"]),
    "teams": lambda d: samen_leven.extract_teams(d["000_"]),
    "kerncijfers": lambda d: kerncijfers.extract_kerncijfers(d["001_"]),
    "bevolking_projectie": lambda d: kerncijfers.extract_bevolking_projectie(d["001_"]),
    "doelen": lambda d: kerncijfers.extract_doelen(d["001_"]),
    "aanbevelingen": lambda d: memorandum.extract_aanbevelingen(d["001_"]),
    "acties": lambda d: memorandum.extract_acties(d["001_"]),
    "voortgang": lambda d: voortgang.extract_voortgang(d["004_"]),
    "tijdlijn": lambda d: tijdlijn.reconcile(
        samen_leven.extract_tijdlijn(d["000_"]) + sociaal_beleid.extract_tijdlijn(d["003_"])
    ),
    # The kerncijfers are indicators too: derived from the kerncijfers rows, with their provenance.
    "indicatoren": lambda d: kern_indicators.indicator_rows(kerncijfers.extract_kerncijfers(d["001_"])),
    "indicatorwaarden": lambda d: kern_indicators.waarde_rows(kerncijfers.extract_kerncijfers(d["001_"])),
}


@dataclass(frozen=True)
class BuildResult:
    tables: dict[str, pa.Table]
    status: dict[str, str]  # per dataset: what the build did with it, in Dutch
    seconds: float


def load_documents(raw: Path, datasets: tuple[Dataset, ...] = DATASETS) -> Docs:
    prefixes = sorted({p for d in datasets for p in d.source_files})
    return {prefix: read_document(find_source(raw, prefix)) for prefix in prefixes}


def extract_all(raw: Path, docs: Docs | None = None) -> dict[str, pa.Table]:
    """Extract and validate every dataset; raise SourceError listing every problem found."""
    docs = docs if docs is not None else load_documents(raw)
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


def cross_checks(tables: dict[str, pa.Table]) -> list[Problem]:
    """References between datasets the catalog declares (``Column.refers``): every team's afdeling
    has an FTE figure, every action a recommendation."""
    return [p for dataset in DATASETS for p in references(dataset, tables[dataset.name], tables)]


def _source_digest(docs: Docs, dataset: Dataset) -> tuple[str, str]:
    """Names of the documents a dataset is read from, and one sha256 over their contents."""
    names = [docs[p].name for p in dataset.source_files]
    digest = hashlib.sha256()
    for prefix in dataset.source_files:
        digest.update("\n".join(line.text for line in docs[prefix].lines).encode())
    return ", ".join(names), digest.hexdigest()


def _takes_uploads(dataset: Dataset) -> bool:
    """Extracted from documents and added to by uploads row by row (upsert), like the indicators."""
    return dataset.upload is not None and dataset.upload.mode == "upsert"


def _with_uploaded_rows(dataset: Dataset, table: pa.Table, store: Store, docs: Docs) -> tuple[pa.Table, int]:
    """The extracted rows plus the current rows that came from uploads (their ``bron`` is not one of
    the dataset's documents); an uploaded row wins over an extracted one with the same key."""
    current = store.read_current(dataset.name)
    if current is None:
        return table, 0
    documents = pa.array([docs[p].name for p in dataset.source_files])
    uploaded = current.filter(pc.invert(pc.is_in(current.column("bron"), value_set=documents)))
    if uploaded.num_rows == 0:
        return table, 0
    return upsert.merge_tables(dataset, uploaded, table), uploaded.num_rows


def build(raw: Path, out: Path, force: bool = False) -> BuildResult:
    """Extract and validate everything, then publish each changed table as a new version.

    Nothing is written when any dataset has a problem. A dataset whose current version came
    from an analyst (an upload or a rollback) is left alone unless ``force``: a rebuild from
    the documents must not silently undo their work. A dataset that uploads add to row by row
    (the indicators, the kerncijfers) gets its document rows renewed and keeps the uploaded ones.
    """
    started = time.perf_counter()
    docs = load_documents(raw)
    tables = extract_all(raw, docs)
    store = Store(out)
    status: dict[str, str] = {}
    for dataset in DATASETS:
        table = tables[dataset.name]
        entries = store.entries(dataset.name)
        kept = 0
        if _takes_uploads(dataset) and not force:  # uploaded rows stay; the document's rows are renewed
            table, kept = _with_uploaded_rows(dataset, table, store, docs)
        elif entries and entries[-1].actie != "opbouw" and not force:
            last = entries[-1]
            status[dataset.name] = f"overgeslagen: versie {last.versie} komt van een {last.actie} (gebruik --force)"
            continue
        current = store.read_current(dataset.name)
        unchanged = current is not None and current.replace_schema_metadata(None).equals(
            table.replace_schema_metadata(None)
        )
        if entries and unchanged:
            status[dataset.name] = "ongewijzigd"
            continue
        bestand, digest = _source_digest(docs, dataset)
        entry = store.publish(
            dataset.name, table, bestand=bestand, bestand_sha256=digest, actie="opbouw", gebruiker="etl build"
        )
        if isinstance(entry, Unchanged):  # same content as the current version (see Store.publish)
            status[dataset.name] = "ongewijzigd"
            continue
        extra = f", {kept} rijen uit uploads behouden" if kept else ""
        status[dataset.name] = f"geschreven (versie {entry.versie}{extra})"
    return BuildResult(tables, status, time.perf_counter() - started)
