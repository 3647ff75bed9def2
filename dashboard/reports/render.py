"""A :class:`~dashboard.reports.model.Report` as an A4 PDF.

Charts: Plotly's ``kaleido`` (≥ 1) draws each figure as SVG in Debian's Chromium, one session per
process (:mod:`dashboard.chart_server`).

Page: WeasyPrint lays out the HTML with the SVGs inline, so every chart is vector paths and text in
the PDF. Chromium's print-to-PDF would do as well, but needs Playwright (today a test-only
dependency) driving a second browser; WeasyPrint is a library call with Debian's pango. Measured
(``make bench``, section ``report``), the Personeel report warm: chart ~0,3 s, layout ~0,6 s.
"""

from __future__ import annotations

import functools
import html
import logging
import threading

import plotly.graph_objects as go

from dashboard.chart_server import CHARTS
from dashboard.formatting import format_date
from dashboard.reports.model import Report

# The page's font, in the charts too: Chromium then measures the labels in the font WeasyPrint draws.
PDF_FONT = "DejaVu Sans"
CHART_WIDTH_PX = 760  # the A4 text width (180 mm) at 96 dpi, plus a little: the SVG is scaled to fit


CSS = """
@page {
    size: A4; margin: 16mm 15mm 18mm 15mm;
    @bottom-left { content: string(title); font: 8pt "DejaVu Sans", sans-serif; color: #444; }
    @bottom-right { content: "pagina " counter(page) " van " counter(pages); font: 8pt "DejaVu Sans", sans-serif;
                    color: #444; }
}
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 9.5pt; color: #1a1a1a; line-height: 1.35; }
h1 { font-size: 18pt; margin: 0 0 2mm 0; string-set: title content(); color: #0b3a5e; }
h2 { font-size: 12pt; margin: 6mm 0 2mm 0; color: #0b3a5e; break-after: avoid; }
.meta { font-size: 8.5pt; color: #333; margin: 0 0 1mm 0; }
.meta a { color: #0b3a5e; word-break: break-all; }
.intro { margin: 3mm 0; }
.figures { display: flex; flex-wrap: wrap; gap: 3mm; margin: 4mm 0; }
.figure { border: 0.3mm solid #b8c4cf; border-radius: 1.5mm; padding: 2mm 3mm; min-width: 38mm; flex: 1;
          break-inside: avoid; }
.figure .label { font-size: 8pt; color: #333; }
.figure .value { font-size: 15pt; font-weight: bold; color: #0b3a5e; }
.figure .note { font-size: 7pt; color: #444; margin-top: 1mm; }
figure { margin: 5mm 0; break-inside: avoid; }
figure svg { width: 100%; height: auto; }
figcaption { font-size: 8pt; color: #333; border-top: 0.2mm solid #ccc; padding-top: 1mm; }
figcaption .alt { font-style: italic; color: #1a1a1a; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; margin: 2mm 0 4mm 0; }
thead { display: table-header-group; }
th { text-align: left; background: #e8eef3; }
th, td { border-bottom: 0.2mm solid #ccc; padding: 1mm 1.5mm; vertical-align: top; }
tr { break-inside: avoid; }
.note { font-size: 8pt; color: #333; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _svg_body(svg: str, title: str) -> str:
    """Kaleido's SVG as an inline element, labelled with the chart's text alternative."""
    return svg.replace("<svg ", f'<svg role="img" aria-label="{_e(title)}" ', 1)


def to_html(report: Report, svgs: list[str]) -> str:
    made = report.made
    parts = [f"<h1>{_e(report.title)}</h1>"]
    if made is not None:
        parts.append(f'<p class="meta">Gemaakt op {format_date(made)} om {made:%H:%M} (Brussel)</p>')
    filters = "; ".join(f"{_e(label)}: {_e(value)}" for label, value in report.filters) or "geen"
    parts.append(f'<p class="meta">Filters: {filters}</p>')
    if report.permalink:
        link = _e(report.permalink)
        parts.append(f'<p class="meta">Link naar deze weergave: <a href="{link}">{link}</a></p>')
    if report.intro:
        parts.append(f'<p class="intro">{_e(report.intro)}</p>')
    if report.figures:
        tiles = "".join(
            f'<div class="figure"><div class="label">{_e(f.label)}</div><div class="value">{_e(f.value)}</div>'
            + (f'<div class="note">{_e(f.source)}</div>' if f.source else "")
            + (f'<div class="note">{_e(f.note)}</div>' if f.note else "")
            + "</div>"
            for f in report.figures
        )
        parts.append(f'<h2>Kerncijfers</h2><div class="figures">{tiles}</div>')
        if report.figures_note:
            parts.append(f'<p class="note">{_e(report.figures_note)}</p>')
    for chart, svg, caption in zip(report.charts, svgs, report.captions, strict=True):
        parts.append(
            f"<figure>{_svg_body(svg, chart.alt)}<figcaption>"
            f'<div class="alt">{_e(chart.alt)}</div><div>{_e(caption)}</div></figcaption></figure>'
        )
    for table in report.tables:
        head = "".join(f"<th>{_e(c)}</th>" for c in table.columns)
        body = "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>" for row in table.rows)
        parts.append(f"<h2>{_e(table.title)}</h2><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        if table.note:
            parts.append(f'<p class="note">{_e(table.note)}</p>')
    return (
        '<!DOCTYPE html><html lang="nl-BE"><head><meta charset="utf-8">'
        f"<title>{_e(report.title)}</title></head><body>" + "".join(parts) + "</body></html>"
    )


def chart_svgs(report: Report) -> list[str]:
    svgs = []
    for chart in report.charts:
        fig = go.Figure(chart.fig).update_layout(font_family=PDF_FONT)
        fig.update_yaxes(ticklabelstandoff=6)  # WeasyPrint sets the labels a hair wider than Chromium measured
        svgs.append(CHARTS.svg(fig, CHART_WIDTH_PX, int(fig.layout.height or 450)))
    return svgs


def _svg_presentation_note(record: logging.LogRecord) -> bool:
    """WeasyPrint reads the charts' SVG style attributes (fill, stroke, …) as CSS too and warns that
    CSS has no such property, once per element; its SVG renderer applies them. Only those go."""
    return not record.getMessage().endswith("unknown property.")


@functools.cache
def _stylesheet():
    """WeasyPrint (imported here: ~0,4 s that only a report needs), its font configuration and our
    stylesheet, made once per process: fonts are then looked up once, not per report."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    logging.getLogger("weasyprint").addFilter(_svg_presentation_note)
    fonts = FontConfiguration()
    return weasyprint, fonts, weasyprint.CSS(string=CSS, font_config=fonts)


def to_pdf(report: Report) -> bytes:
    if not _stylesheet.cache_info().currsize:  # the first report: WeasyPrint loads while the charts are drawn
        loading = threading.Thread(target=_stylesheet, name="weasyprint-load", daemon=True)
        loading.start()
        svgs = chart_svgs(report)
        loading.join()
    else:
        svgs = chart_svgs(report)
    weasyprint, fonts, css = _stylesheet()
    return weasyprint.HTML(string=to_html(report, svgs)).write_pdf(stylesheets=[css], font_config=fonts)
