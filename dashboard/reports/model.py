"""What a page's report holds, and how a page declares it.

A page declares its report once, in ``dashboard/reports/<page>.py``, as a :class:`PageReport`: its
title, the filters it takes (the same keys as the page's link parameters) and a function that
builds the :class:`Report` — key figures, charts (with their data, so the caption and the text
alternative come from the rows drawn) and tables — from the queries. The page shows the same
key figures and charts from the same functions, so page and report cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import alt_text
from dashboard.db import MissingDataset
from etl.catalog import get_dataset

T = TypeVar("T")


class ReportError(ValueError):
    """A report asked for with an unknown page, parameter or value (the message is Dutch)."""


@dataclass(frozen=True)
class Kerncijfer:
    label: str
    value: str
    note: str = ""  # where the figure comes from: the tile's help on the page, small print in the report
    source: str = ""  # which source, with its peildatum, shown with the tile (Overzicht)
    change: str = ""  # under the value: its change since an earlier period (Indicatoren)


@dataclass(frozen=True)
class ChartSpec:
    """A chart as :func:`dashboard.ui.chart_block` shows it and the report prints it."""

    fig: go.Figure
    data: pd.DataFrame
    dataset: str
    key: str
    columns: dict[str, str]
    formats: dict[str, Callable] | None = None
    sources: pd.DataFrame | None = None  # the rows summed into ``data``, when it holds sums: the caption's ``bron``

    @property
    def alt(self) -> str:
        return alt_text(self.fig)

    @property
    def regels(self) -> list[int] | None:
        return self.data["bron_regel"].tolist() if "bron_regel" in self.data.columns else None


def optional(query: Callable[..., T], *args: object) -> T | None:
    """A query whose dataset may not exist yet: None then (the report leaves that part out)."""
    try:
        return query(*args)
    except MissingDataset:
        return None


def table_source(dataset: str, rows: pd.DataFrame) -> str:
    """Under a table: its dataset, the document and the file its rows come from (lines per row)."""
    ds = get_dataset(dataset)
    files = ", ".join(dict.fromkeys(rows["bron"])) if "bron" in rows.columns and len(rows) else ""
    return f"Bron: {ds.title} — {ds.source}" + (f" (bestand {files}; regel per rij)." if files else ".")


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]
    note: str = ""


@dataclass
class Report:
    """Everything the PDF shows; made in the script run (or by the CLI), drawn later without ``st``."""

    title: str
    filters: list[tuple[str, str]] = field(default_factory=list)  # (label, value as shown)
    permalink: str = ""
    figures: list[Kerncijfer] = field(default_factory=list)
    figures_note: str = ""  # under the key figures: the source of the rows they show
    charts: list[ChartSpec] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)  # one per chart: source and provenance line
    tables: list[Table] = field(default_factory=list)
    intro: str = ""
    made: dt.datetime | None = None  # set when the report is built


@dataclass(frozen=True)
class Param:
    """A filter of a page: the link parameter's label, its allowed values (None = free text; the
    function gets the values resolved so far, for options that depend on an earlier filter) and
    its default (shown when the parameter is absent)."""

    label: str
    options: Callable[[Mapping[str, object]], Sequence[str]] | None = None
    default: str | Callable[[], str | None] | None = None  # a function for a default taken from the data
    multiple: bool = False

    def default_value(self) -> str | None:
        return self.default() if callable(self.default) else self.default


@dataclass(frozen=True)
class PageReport:
    name: str  # as on the command line and in the URL path (Overzicht: "overzicht")
    title: str
    build: Callable[[Mapping[str, object]], Report]
    params: dict[str, Param] = field(default_factory=dict)
    url_path: str | None = None  # defaults to name

    def resolve(self, given: Mapping[str, Sequence[str]]) -> dict[str, object]:
        """Check the given parameter values (each a list, as in a URL) against the declaration;
        returns name → value (a list for ``multiple``, else a string or None)."""
        unknown = sorted(set(given) - set(self.params))
        if unknown:
            known = ", ".join(self.params) or "geen"
            raise ReportError(
                f"onbekende parameter ‘{unknown[0]}’ voor pagina ‘{self.name}’ (bekende parameters: {known})"
            )
        resolved: dict[str, object] = {}
        for key, param in self.params.items():
            values = [v.strip() for v in given.get(key, [])]
            if len(values) > 1 and not param.multiple:
                raise ReportError(f"parameter ‘{key}’ mag maar één waarde hebben (gekregen: {', '.join(values)})")
            if param.options is not None:
                options = list(param.options(resolved))
                bad = [v for v in values if v not in options]
                if bad and not options:
                    raise ReportError(f"‘{key}’ ({param.label}) heeft hier geen waarden: er zijn nog geen gegevens")
                if bad:
                    shown = ", ".join(options[:12]) + (" …" if len(options) > 12 else "")
                    raise ReportError(f"onbekende waarde ‘{bad[0]}’ voor ‘{key}’ ({param.label}); kies uit: {shown}")
            if param.multiple:
                resolved[key] = values
            else:
                resolved[key] = values[0] if values else param.default_value()
        return resolved

    def filters(self, values: Mapping[str, object]) -> list[tuple[str, str]]:
        """The filters in force, as the report lists them (defaults too: the reader sees them all);
        a filter without a value (None: it does not apply to the data there is) is left out."""
        shown = []
        for key, param in self.params.items():
            value = values.get(key)
            if value is None:
                continue
            if isinstance(value, list):
                text = ", ".join(value) if value else "alle"
            else:
                text = str(value) if value not in (None, "") else "geen"
            shown.append((param.label, text))
        return shown

    def permalink(self, base_url: str, values: Mapping[str, object]) -> str:
        """The page's link with the filters that differ from the default (as the page writes them)."""
        query: list[tuple[str, str]] = []
        for key, param in self.params.items():
            value = values.get(key)
            if isinstance(value, list):
                query.extend((key, v) for v in value)
            elif value not in (None, "", param.default_value()):
                query.append((key, str(value)))
        path = self.url_path if self.url_path is not None else self.name
        link = f"{base_url.rstrip('/')}/{path}"
        return f"{link}?{urlencode(query)}" if query else link
