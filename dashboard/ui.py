"""Small UI building blocks shared by the pages: source captions and empty states."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from dashboard.db import MissingDataset
from etl.catalog import get_dataset


def source_caption(dataset_name: str, regels: list[int] | None = None) -> None:
    """Under a chart: dataset title, source document (and lines), licence, reference date."""
    ds = get_dataset(dataset_name)
    where = ds.source
    if regels:
        unique = sorted(set(regels))
        where += (
            ", regel " + ", ".join(str(r) for r in unique) if len(unique) <= 6 else f", regels {unique[0]}–{unique[-1]}"
        )
    demo = " · **DEMOGEGEVENS, geen echte cijfers**" if ds.synthetic else ""
    st.caption(f"Bron: {ds.title} — {where}. Peildatum: {ds.reference_date or 'onbekend'}.{demo}")


def missing_dataset(exc: MissingDataset) -> None:
    ds = get_dataset(exc.name)
    st.info(
        f"De dataset ‘{ds.title}’ is nog niet beschikbaar. Bouw de tabellen op met `make etl` "
        "(of `python -m etl build`) of laat een analist de gegevens opladen.",
        icon="ℹ️",
    )


T = TypeVar("T")


def load(query: Callable[..., T], *args: object) -> T | None:
    """Run a query; when its dataset does not exist yet, show the empty state and return None."""
    try:
        return query(*args)
    except MissingDataset as exc:
        missing_dataset(exc)
        return None
