"""Headline figures (tiles): the most recent figure among the datasets the catalog declares for
it (:data:`etl.catalog.HEADLINES`), with where it came from."""

from __future__ import annotations

import pandas as pd

from dashboard import queries
from dashboard.formatting import format_with_unit
from dashboard.sources import cite, publication, short, source_name
from dashboard.ui import load
from etl.catalog import HEADLINES, Headline, document_for, get_dataset


def headline(indicator: str) -> Headline:
    return next(h for h in HEADLINES if h.indicator == indicator)


def latest(item: Headline) -> pd.Series | None:
    """The figure with the most recent reference year among the declared sources; on a tie, the
    source listed first. None when no source has it."""
    found = load(queries.get_headline, item.indicator, item.sources)
    if found is None or found.empty:
        return None
    ranked = found.assign(_rang=found["dataset"].map(item.sources.index))
    return ranked.sort_values(["jaar", "_rang"], ascending=[False, True]).iloc[0]


def jaar_label(row: pd.Series) -> str:
    """The year as its source gives it; a year the sentence does not name is the document's."""
    return f"memorandum {row['jaar']}" if row.get("jaar_bron") == "referentiedatum" else str(row["jaar"])


def value(row: pd.Series) -> str:
    unit = None if row["eenheid"] in ("inwoners", "aantal") else row["eenheid"]
    return format_with_unit(row["waarde"], unit)


def source(row: pd.Series) -> str:
    """Which source the tile shows, for on the tile: ``Memorandum … (001), peildatum 2018``."""
    return short(row["dataset"], pd.DataFrame([row]))


def detail(row: pd.Series) -> str:
    """The provenance behind a tile (its help): the sentence and the file and line it was read
    from, or the upload (file, date, publisher) whose rows were summed."""
    ds = get_dataset(row["dataset"])
    bron = str(row["bron"])
    if document_for(bron) is not None:
        quote = f"“{row['citaat']}” — " if isinstance(row.get("citaat"), str) and row["citaat"] else ""
        return f"{row['label']}: {quote}{cite(bron, [int(row['bron_regel'])])}"
    entry = publication(ds.name, bron)
    who = f", gepubliceerd door {entry.gebruiker}" if entry else ""
    others = int(row.get("bronnen", 1)) - 1
    more = f" en {others} andere bestand{'en' if others > 1 else ''}" if others > 0 else ""
    return f"{row['label']} {row['jaar']}: som van de rijen in ‘{ds.title}’ uit {source_name(bron)}{more}{who}."
