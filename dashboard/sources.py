"""What a figure says about its source, derived from the rows it shows.

Rows read from a document in data/raw name the document by its title (the catalog's
:data:`etl.catalog.DOCUMENTS`), with file name and line as detail. Rows from an upload name the
upload: its file (and sheet), when and by whom it was published (from the audit log). The
reference date (peildatum) comes first: for document rows the document's date (the catalog's
``reference_date``), for uploaded rows their own (the catalog's ``reference_column``); then the
date the platform published the table, named as such.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.config import parquet_dir
from dashboard.db import data_version
from dashboard.formatting import format_date
from etl.catalog import Dataset, document_for, get_dataset
from etl.store import Entry, Store

BRUSSELS = ZoneInfo("Europe/Brussels")


def local_date(moment: dt.datetime) -> str:
    """dd/mm/yyyy in Brussels (a naive time is UTC, as the store writes it)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return format_date(moment.astimezone(BRUSSELS))


def source_name(bron: str) -> str:
    """What a reader sees for a row's ``bron``: the document's title, or the uploaded file."""
    doc = document_for(bron)
    return doc.label if doc else f"bestand ‘{bron}’"


@st.cache_data(show_spinner=False, max_entries=4)
def _publications(folder: str, version: tuple) -> dict[tuple[str, str], Entry]:
    """(dataset, file) → its latest publication in the audit log."""
    out: dict[tuple[str, str], Entry] = {}
    for entry in Store(Path(folder)).entries():
        if entry.actie == "publicatie":
            out[(entry.dataset, entry.bestand)] = entry
    return out


def publication(dataset: str, bron: str) -> Entry | None:
    """The upload that published rows with this ``bron`` (file › sheet), if the audit log has it."""
    folder = parquet_dir()
    return _publications(str(folder), data_version(folder)).get((dataset, bron))


def _published(entry: Entry | None) -> str:
    if entry is None:
        return "opgeladen"
    try:
        when = local_date(dt.datetime.fromisoformat(entry.tijd))
    except ValueError:
        when = entry.tijd
    return f"opgeladen en gepubliceerd op {when} door {entry.gebruiker}"


def format_reference(values: pd.Series) -> str:
    """Reference values as a reader writes them: ``2023``, ``2021–2023``, ``01/01/2024``."""
    values = values.dropna()
    if values.empty:
        return ""
    if all(isinstance(v, dt.date) for v in values):
        first, last = min(values), max(values)
        return format_date(first) if first == last else f"{format_date(first)}–{format_date(last)}"
    first, last = int(values.min()), int(values.max())
    return str(first) if first == last else f"{first}–{last}"


def _lines(regels: list[int], word: str) -> str:
    unique = sorted(set(regels))
    if not unique:
        return ""
    if len(unique) == 1:
        return f", {word} {unique[0]}"
    if len(unique) <= 6:
        return f", {word}s " + ", ".join(map(str, unique))
    return f", {word}s {unique[0]}–{unique[-1]}"


def _own(ds: Dataset, rows: pd.DataFrame) -> str:
    """The rows' own reference (their ``reference_column``), or "" when they have none."""
    return format_reference(rows[ds.reference_column]) if ds.reference_column in rows.columns else ""


@dataclass(frozen=True)
class RowSource:
    """One source of the rows shown: ``where`` names it (with lines), ``reference`` its peildatum."""

    where: str
    reference: str


def row_sources(ds: Dataset, rows: pd.DataFrame) -> list[RowSource]:
    """The sources of ``rows`` (which carry ``bron``), in the order they first appear."""
    out = []
    for bron, part in rows.groupby("bron", sort=False):
        regels = [int(r) for r in part["bron_regel"].dropna()] if "bron_regel" in part else []
        own = _own(ds, part)
        doc = document_for(str(bron))
        if doc is not None:
            where = doc.label + _lines(regels, "regel")
        else:
            where = source_name(str(bron)) + _lines(regels, "rij") + ", " + _published(publication(ds.name, str(bron)))
        out.append(RowSource(where, reference(ds, str(bron), own)))
    return out


def reference(ds: Dataset, bron: str, own: str) -> str:
    """The peildatum of rows from ``bron``: a document's is the document's own date (what its
    figures describe; a row's year may be a projection's target); an upload's rows carry their
    own (``own``, from the dataset's ``reference_column``)."""
    doc = document_for(bron)
    if doc is not None:
        return ds.reference_date or doc.reference_date or "niet opgegeven"
    return own or "niet opgegeven"


def caption_text(ds: Dataset, rows: pd.DataFrame | None, regels: list[int] | None, updated) -> str:
    """The caption under a figure: source (from the rows when they name it), peildatum, then the
    date the platform published the table."""
    if rows is not None and "bron" in rows.columns and not rows.empty:
        sources = row_sources(ds, rows)
        references = {s.reference for s in sources}
        if len(references) == 1:
            where = "; ".join(s.where for s in sources)
            text = f"Bron: {ds.title} — {where}. Peildatum: {references.pop()}."
        else:
            where = "; ".join(f"{s.where} (peildatum {s.reference})" for s in sources)
            text = f"Bron: {ds.title} — {where}."
    else:
        text = f"Bron: {ds.title} — {ds.source}{_lines(regels or [], 'regel')}."
        text += f" Peildatum: {ds.reference_date or 'zie gegevens'}."
    if updated:
        text += f" Gepubliceerd op het platform: {local_date(updated)}."
    return text


def caption(ds: Dataset, rows: pd.DataFrame | None, regels: list[int] | None, updated, markdown: bool = True) -> str:
    """:func:`caption_text` with the licence (public data) and the demo-data warning: the whole
    line under a chart, as Markdown on the page or as plain text in the report."""
    text = caption_text(ds, rows, regels, updated)
    if ds.public:
        text += f" Licentie: [{ds.licence}]({ds.licence_uri})." if markdown else f" Licentie: {ds.licence}."
    if ds.synthetic:
        text += " **DEMOGEGEVENS, geen echte cijfers.**" if markdown else " DEMOGEGEVENS, geen echte cijfers."
    return text


def _summary(ds: Dataset) -> list[tuple[str, str]]:
    """(source name, peildatum) per source file of the dataset's current rows."""
    out = []
    for row in queries.get_sources(ds.name).itertuples():
        own = format_reference(pd.Series([row.van, row.tot])) if ds.reference_column else ""
        out.append((source_name(str(row.bron)), reference(ds, str(row.bron), own)))
    return out


def reference_summary(ds: Dataset) -> str:
    """The peildata of a dataset's rows, e.g. ``2022; 2023`` after an upload of a 2023 report."""
    return "; ".join(dict.fromkeys(ref for _, ref in _summary(ds)))


def source_summary(ds: Dataset) -> str:
    """Where a dataset's rows come from now: documents by title, uploads by file."""
    return "; ".join(dict.fromkeys(name for name, _ in _summary(ds)))


def line_word(bron: str) -> str:
    """What a position in ``bron`` is called: a line of a document, a row of an upload."""
    return "regel" if document_for(bron) is not None else "rij"


def cite(bron: str, regels: list[int]) -> str:
    """Provenance detail: the source's name, then its file and line(s) (rows, for an upload)."""
    return f"{source_name(bron)} (bestand {bron}{_lines(regels, line_word(bron))})"


def short(dataset: str, rows: pd.DataFrame | None = None) -> str:
    """One line for a tile: which source its figure comes from, with its peildatum, e.g.
    ``Memorandum Groep Mechelen 2018 (001), peildatum 2018``. From ``rows`` (with ``bron``) when
    given, else from all of the dataset's current rows."""
    ds = get_dataset(dataset)
    if rows is None or "bron" not in rows.columns:
        pairs = _summary(ds)
    else:
        pairs = [
            (source_name(str(b)), reference(ds, str(b), _own(ds, part))) for b, part in rows.groupby("bron", sort=False)
        ]
    return "; ".join(dict.fromkeys(f"{name}, peildatum {ref}" for name, ref in pairs))
