"""Indicatoren: choose a theme and an indicator; the city's trend with its target or the areas
compared in the chosen period against the city (one chart at a time), the values as a table,
the definition one click away. The link keeps the indicator, the period and the chart
(``?indicator=…&jaar=…&grafiek=wijken``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import indicator_charts, indicator_ui, permalink, queries
from dashboard.router import ensure_router
from dashboard.ui import kerncijfers, load, on_request

ensure_router()

st.title("Indicatoren")
st.markdown("Cijfers per thema, voor de stad en per wijk, over de jaren heen.")
lijst = indicator_ui.indicator_list()
if lijst is None:
    st.stop()
code = indicator_ui.choose_indicator(lijst)
meta = load(queries.get_indicator, code)
values = load(queries.get_indicator_values, code)
if meta is None or values is None or values.empty:
    st.info("Voor deze indicator zijn nog geen waarden gepubliceerd.", icon=":material/info:")
    st.stop()
unit = meta["eenheid"]
periods = sorted(values["periode"].unique(), reverse=True)
city = values[values["gebied_type"] == "stad"].sort_values("periode")
# The period beside the city's value (its explanation behind "Toelichting"): each element is work
# for the browser on every visit. The target is in the trend (a dashed line) and in the explanation.
head, figure = st.columns([1, 2])
periode = permalink.selectbox(head, "Jaar (periode)", periods, "jaar")
city_value = indicator_ui.city_value(city, periode)
with figure:
    kerncijfers([indicator_ui.city_tile(meta, city, periode, city_value)])
indicator_ui.demo_notice(meta)

areas = values[(values["gebied_type"] != "stad") & (values["periode"] == periode)]
# One chart at a time, the other one click away (and in the link): each chart is a large part of
# what the browser does on every visit.
views = {"verloop": "Verloop voor de stad", "wijken": f"Wijken in {periode}"}
view = permalink.segmented(st, "Grafiek", list(views), "grafiek", format_func=views.get)
if view == "verloop" and not city.empty:
    st.plotly_chart(
        indicator_charts.trend(city, f"{meta['titel']} — stad", unit, meta["doel"], meta["doeljaar"]),
        key="chart_trend",
    )
    indicator_ui.caption(city, meta)
elif view == "wijken" and not areas.empty:
    # A count that adds up to the city is compared with the city's mean per wijk, not its total.
    per_area = meta["aggregatie"] == "som" and city_value is not None
    reference = (city_value / len(areas), "stad, gemiddeld per wijk") if per_area else (city_value, "stad")
    st.plotly_chart(
        indicator_charts.gebieden_bar(areas, f"{meta['titel']} per wijk, {periode}", unit, *reference),
        key="chart_wijken",
    )
    indicator_ui.caption(areas, meta)
else:
    st.caption("Geen cijfers voor de stad." if view == "verloop" else f"Geen cijfers per wijk voor {periode}.")

on_request(  # what the charts show
    "Toon als tabel, herkomst en download",
    "indicator_waarden",
    lambda: indicator_ui.waarden_table(pd.concat([city, areas]), meta, f"indicator_{code}_{periode}"),
)
