"""Reports ("Rapport (PDF)"): one module per page declares its report (see :mod:`.model`).

A new page adds ``dashboard/reports/<page>.py`` with a ``PAGE = PageReport(...)``; it is found
here by name, for the page's button and for ``python -m etl report``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from collections.abc import Mapping, Sequence
from functools import cache

from dashboard import queries
from dashboard.reports.model import PageReport, Report, ReportError
from dashboard.sources import caption
from etl.catalog import get_dataset
from etl.times import BRUSSELS

__all__ = ["PageReport", "Report", "ReportError", "all_pages", "build_report", "get_page"]

_NOT_PAGES = {"model", "render"}


@cache
def all_pages() -> dict[str, PageReport]:
    """Every page's report declaration, by name."""
    pages = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name not in _NOT_PAGES:
            page = importlib.import_module(f"{__name__}.{info.name}").PAGE
            pages[page.name] = page
    return dict(sorted(pages.items()))


def get_page(name: str) -> PageReport:
    pages = all_pages()
    if name not in pages:
        raise ReportError(f"onbekende pagina ‘{name}’; kies uit: {', '.join(pages)}")
    return pages[name]


def build_report(page: PageReport, values: Mapping[str, object], base_url: str) -> Report:
    """The page's report for these (resolved) filter values, with the date, filters, permalink and
    a source line for every chart. Runs the queries, so it needs a role that may read them."""
    report = page.build(values)
    report.title = report.title or page.title
    report.filters = page.filters(values)
    report.permalink = page.permalink(base_url, values)
    report.made = dt.datetime.now(BRUSSELS)
    report.captions = [
        caption(
            get_dataset(chart.dataset),
            chart.data if chart.sources is None else chart.sources,
            chart.regels,
            queries.get_updated(chart.dataset),
            markdown=False,
        )
        for chart in report.charts
    ]
    return report


def report_for(name: str, given: Mapping[str, Sequence[str]], base_url: str) -> Report:
    """Check page and parameters (raises :class:`ReportError`), then build the report."""
    page = get_page(name)
    return build_report(page, page.resolve(given), base_url)
