"""The frame every page shares: the house style, the contrast and print styles and the print fit,
injected once per page by the router (app.py).

Kept apart from :mod:`dashboard.ui` so that the router needs nothing but Streamlit: a visit to a page
without data (the login) does not import pandas, Plotly or DuckDB."""

from __future__ import annotations

import json

import streamlit as st

from dashboard.preload import CHART_CHUNK, chunk_file

# Streamlit cuts a tile's label and a page link's text to one line with an ellipsis
# ("Voortgang organisatiebeh…"); ours wrap instead, at every screen width. Pills that do not fit
# in a row wrap too, where Streamlit hid them behind a sideways scroll ("Naleving wet…"), and
# so does a pill's text wider than a phone ("Presentatie ‘Naar een vernieuwde directie Samen Leve…").
HOUSE_STYLE = """<style>
[data-testid="stMetricLabel"] .stMarkdownEllipsis, [data-testid="stMetricLabel"] p,
[data-testid="stPageLink"] span:not(.stIconMaterial), [data-testid="stPageLink"] p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
[data-testid="stButtonGroup"] > div { flex-wrap: wrap; overflow-x: visible; }
[data-testid="stButtonGroup"] button { height: auto; max-width: 100%; }
[data-testid="stButtonGroup"] button * { white-space: normal !important; text-overflow: clip !important; }
[data-testid="stHtml"] dl.mc-tiles {  /* above Streamlit's list indent */
  display: grid; grid-template-columns: repeat(var(--mc-slots), minmax(0, 1fr)); gap: 1rem; margin: 0; padding: 0;
}
.mc-tile { min-width: 0; }
.mc-tile dt { font-size: 0.875rem; font-weight: 400; margin: 0 0 0.25rem; }
.mc-tile dd { margin: 0; }
.mc-tile .mc-value { font-size: 2.25rem; line-height: 1.2; padding-bottom: 0.25rem; overflow-wrap: anywhere; }
.mc-tile .mc-note, .mc-tile .mc-source, .mc-tile .mc-change { font-size: 0.875rem; color: #595959; }
.mc-tile summary { cursor: pointer; color: #005a8e; width: fit-content; }
@media (max-width: 640px) { [data-testid="stButtonGroup"] > div { flex-wrap: wrap; overflow-x: visible; }
[data-testid="stButtonGroup"] button { height: auto; max-width: 100%; }
[data-testid="stButtonGroup"] button * { white-space: normal !important; text-overflow: clip !important; }
[data-testid="stHtml"] dl.mc-tiles { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
@media print { .mc-tile { break-inside: avoid; } }
</style>"""


# Injected once per page by the router (app.py). Screen: Streamlit's faded captions (grey at 60 % opacity,
# 3,9:1 on white) and its faded link blue fall short of WCAG AA's 4,5:1; ours are darker. Print: the
# browser's own print gives a clean A4 — no sidebar, header or widgets, the app's scroll container
# unrolled so every page prints, and no chart, tile or table row cut across two pages.
PAGE_CSS = """<style>
[data-testid="stCaptionContainer"] { color: #595959; opacity: 1; }
[data-testid="stCaptionContainer"] a { color: #005a8e; }
@media print {
  @page { size: A4; margin: 12mm; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stDownloadButton"], [data-testid="stButton"], [data-testid="stSelectbox"],
  [data-testid="stMultiSelect"], [data-testid="stTextInput"], [data-testid="stSlider"], [data-testid="stButtonGroup"],
  [data-testid="stExpander"], [data-testid="stPageLink"], [data-testid="stElementToolbar"],
  [data-testid="stBottom"], .modebar-container { display: none !important; }
  html, body, .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"],
  [data-testid="stMainBlockContainer"] {
    position: static !important; overflow: visible !important; height: auto !important;
    max-height: none !important; min-height: 0 !important;
  }
  [data-testid="stMain"] { margin: 0 !important; padding: 0 !important; width: 100% !important; }
  [data-testid="stMainBlockContainer"] { max-width: none !important; padding: 0 !important; }
  [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]),
  [data-testid="stFullScreenFrame"]:has([data-testid="stPlotlyChart"]),
  [data-testid="stPlotlyChart"] { height: auto !important; }
  [data-testid="stPlotlyChart"], [data-testid="stMetric"], [data-testid="stVerticalBlockBorderWrapper"],
  [data-testid="stCaptionContainer"], [data-testid="stMarkdown"], tr { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
}
</style>"""


# A chart keeps the width it was drawn at on screen; printing lays the page out at A4's width, so
# just before printing each chart is zoomed by (A4 text width / screen width of the main column),
# and reset afterwards. The A4 text width: 210 mm − 2 × 12 mm margin = 186 mm ≈ 703 CSS px.
PRINT_FIT_JS = """<script>
(() => {
  if (window.mechelenPrintFit) return;
  window.mechelenPrintFit = true;
  const PRINT_WIDTH_PX = 703;
  const charts = () => document.querySelectorAll('[data-testid="stPlotlyChart"] .plot-container');
  window.addEventListener("beforeprint", () => {
    const main = document.querySelector('[data-testid="stMainBlockContainer"]');
    if (!main) return;
    const style = getComputedStyle(main);
    const width = main.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const zoom = Math.min(1, PRINT_WIDTH_PX / width);
    charts().forEach((el) => { el.style.zoom = String(zoom); });
  });
  window.addEventListener("afterprint", () => charts().forEach((el) => { el.style.zoom = ""; }));
})();
</script>"""


# Streamlit draws a popover's content at the end of the page: a keyboard user who opens one (Enter
# on its button) would reach its widgets only after every element below the button. So focus moves
# to its first widget when it opens, and back to its button when Escape closes it.
POPOVER_FOCUS_JS = """<script>
(() => {
  if (window.mechelenPopoverFocus) return;
  window.mechelenPopoverFocus = true;
  const FOCUSABLE = 'input, button, select, textarea, a[href], [tabindex]:not([tabindex="-1"])';
  let opener = null;
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest('[data-testid="stPopoverButton"]');
    if (!button) return;
    opener = button;
    let frames = 0;  // the content is drawn a few frames after the click
    const focusFirst = () => {
      if (button.getAttribute("aria-expanded") !== "true") return;
      const bodies = document.querySelectorAll('[data-testid="stPopoverBody"]');
      const first = bodies[bodies.length - 1]?.querySelector(FOCUSABLE);
      if (first) first.focus();
      else if (frames++ < 60) requestAnimationFrame(focusFirst);
    };
    requestAnimationFrame(focusFirst);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !opener || !event.target.closest?.('[data-testid="stPopoverBody"]')) return;
    const back = opener;
    setTimeout(() => back.isConnected && back.focus(), 0);
  }, true);
})();
</script>"""


def plotly_chunk() -> str | None:
    """The file name of Streamlit's Plotly chart code (``PlotlyChart.<hash>.js``, 4,7 MB), or None
    when this Streamlit version does not have exactly one such file."""
    return chunk_file(CHART_CHUNK)


def preload_js(chunk: str) -> str:
    """A script that starts loading ``chunk`` now, from the folder of Streamlit's own code (the
    page's module script, so also under a server base path)."""
    return f"""<script>
(() => {{
  const main = document.querySelector('script[type="module"][src*="/static/js/index."]');
  if (main) import(new URL({json.dumps(chunk)}, main.src)).catch(() => {{}});
}})();
</script>"""


def page_styles(preload_charts: bool = False, menu: str = "") -> None:
    """The house style (wrapping tile labels), contrast and print styles and the print fit: once,
    for every page, as one element (each element is work for the browser on every visit). In
    the sidebar, because an element with a script takes room; there it is out of the way (and
    never printed); its styles apply to the whole page.

    ``preload_charts``: the page draws Plotly charts. Streamlit loads its chart code only when the
    first chart's message has arrived and the elements before it are drawn; this starts it with
    the frame, while the page's other messages are still on their way (the module is evaluated
    once; Streamlit's own import then finds it). Not on pages without a chart: there it would be
    work for nothing. ``menu``: the page menu (:mod:`dashboard.navigation`), first in the sidebar."""
    chunk = plotly_chunk() if preload_charts else None
    preload = preload_js(chunk) if chunk else ""
    st.sidebar.html(
        menu + HOUSE_STYLE + PAGE_CSS + PRINT_FIT_JS + POPOVER_FOCUS_JS + preload, unsafe_allow_javascript=True
    )
