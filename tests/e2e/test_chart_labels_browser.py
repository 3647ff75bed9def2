"""Charts keep every text on screen, on a phone (390 px) as on a desktop (1400 px): the
figures are drawn by plotly.js in Chromium at the width Streamlit gives them, and each category and
value label must lie inside the chart. Before the fix, Beleid's theme labels ran off the chart's
left edge at 390 px, and the label of Indicatoren's longest wijk bar ("280 personen") and the city's
reference line's note off its right; Tijdlijn's legend, wrapped to four rows, covered its title.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard import charts
from dashboard.indicator_charts import gebieden_bar

PLOTLY_JS = Path(go.__file__).resolve().parent.parent / "package_data" / "plotly.min.js"
# The width of the main column Streamlit gives a chart: the window minus its paddings (measured in
# Chromium on Beleid: 390 → 358 px on a phone, 1400 → 940 px with the sidebar open).
COLUMN_WIDTHS = {390: 358, 1400: 940}

THEMAS = pd.DataFrame(
    {
        "thema_label": [
            "1. Werk professioneel",
            "4. Werk mensgericht – Een stad voor jong en oud",
            "4. Werk mensgericht – Sociaal opwaartse mobiliteit",
        ],
        "aantal": [21, 14, 12],
    }
)
WIJKEN = pd.DataFrame(
    {
        "gebied": ["Centrum", "West", "Oost", "Noord"],
        "waarde": [280.0, 240.0, 20.0, None],
        "status": ["gewoon", "gewoon", "gewoon", "afgeschermd"],
    }
)
EVENTS = pd.DataFrame(
    {
        "groep": ["Integratie diensten", "Integratie diensten", "Realisatie", "Zonder kop (003)"],
        "jaar": [2016, 2017, 2018, 2018],
        "bron_regel": [10, 11, 12, 5],
        "doc": ["000", "000", "000", "003"],
        "jaar_bron": ["gelezen", "afgeleid", "ander document", "gelezen"],
        "gebeurtenis": ["a", "b", "c", "d"],
        "bron": ["000.txt"] * 3 + ["003.txt"],
        "opmerking": [None] * 4,
    }
)
FIGURES = {
    "themas": lambda: charts.horizontal_bar(
        THEMAS, "thema_label", "aantal", "Aanbevelingen per thema", "aanbevelingen", 0
    ),
    "wijken": lambda: gebieden_bar(WIJKEN, "Werkzoekenden per wijk", "personen", 168.0),
    "tijdlijn": lambda: charts.tijdlijn(EVENTS, "Mijlpalen 2016–2018, per kop"),  # a legend of four entries
}

# Every text of the chart (title, ticks, bar labels, legend, notes), with the chart's box:
# [text, left, right, chart left, chart right].
TEXTS = ".gtitle, .xtick text, .ytick text, .bartext, .legendtext, .annotation-text"
_BOXES_JS = """selector => {
  const svg = document.querySelector('.main-svg').getBoundingClientRect();
  return [...document.querySelectorAll(selector)].map(el => {
    const box = el.getBoundingClientRect();
    return [el.textContent, box.left, box.right, svg.left, svg.right];
  });
}"""


LEGENDS = {"wijken", "tijdlijn"}  # the figures with a legend
# Top and bottom of the title, the legend and the plot area.
_VERTICAL_JS = """() => Object.fromEntries(Object.entries(
  {title: '.gtitle', legend: '.legend', plot: '.cartesianlayer .bg, .nsewdrag'}).map(([k, s]) => {
    const box = document.querySelector(s).getBoundingClientRect();
    return [k, [box.top, box.bottom]];
  }))"""


@pytest.mark.parametrize("window", sorted(COLUMN_WIDTHS))
@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_bar_label_is_inside_the_chart(browser, name: str, window: int):
    fig = FIGURES[name]()
    fig.update_layout(width=COLUMN_WIDTHS[window])
    page = browser.new_page(viewport={"width": window, "height": 1000})
    try:
        page.set_content("<div id='chart'></div>")
        page.add_script_tag(path=str(PLOTLY_JS))
        page.evaluate("spec => Plotly.newPlot('chart', spec.data, spec.layout)", json.loads(fig.to_json(engine="json")))
        boxes = page.evaluate(_BOXES_JS, TEXTS)
        page_boxes = page.evaluate(_VERTICAL_JS) if name in LEGENDS else {}
    finally:
        page.close()
    assert boxes, "no labels drawn"
    if name == "wijken":  # an area without a value shows its status instead of a bar; the city is named
        assert {"afgeschermd", "stad: 168 personen"} <= {text for text, *_ in boxes}
    if name in LEGENDS:  # a legend wraps to more rows on a phone: it stays under the title
        title, legend, plot = (page_boxes[k] for k in ("title", "legend", "plot"))
        assert title[1] <= legend[0] and legend[1] <= plot[0], f"{name} at {window} px: {page_boxes}"
    cut = [
        text
        for text, left, right, chart_left, chart_right in boxes
        if left < chart_left - 0.5 or right > chart_right + 0.5
    ]
    assert not cut, f"{name} at {window} px: labels outside the chart: {cut}"
