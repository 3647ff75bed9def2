"""Kaart: the chosen indicator per wijk as a choropleth of the uploaded boundaries — offline (no
basemap), legend in the indicator's unit, darker = better where the direction is known, hover
with value and rank, areas without a value (missing, suppressed) in grey."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import indicator_charts, indicator_ui, permalink, queries
from dashboard.router import ensure_router
from dashboard.ui import load, on_request

ensure_router()

st.title("Kaart")
lijst = indicator_ui.indicator_list()
if lijst is None:
    st.stop()
met_wijken = load(queries.get_indicators_with_areas, "wijk")
if met_wijken:  # only what can be drawn: a city-only indicator (a kerncijfer) has no wijken to colour
    lijst = lijst[lijst["code"].isin(met_wijken)]
code = indicator_ui.choose_indicator(lijst, search=False)
meta = load(queries.get_indicator, code)
values = load(queries.get_indicator_values, code, "wijk")
if meta is None or values is None or values.empty:
    st.info("Deze indicator heeft geen cijfers per wijk.", icon=":material/info:")
    st.stop()
periods = sorted(values["periode"].unique(), reverse=True)
periode = permalink.selectbox(st, "Jaar (periode)", periods, "jaar")
indicator_ui.demo_notice(meta)
areas = load(queries.get_kaart_waarden, code, periode)
if areas is None:
    st.stop()
if areas.empty:
    st.info("Er zijn nog geen wijkgrenzen: een analist laadt ze op als GeoJSON (dataset ‘gebieden’).")
    st.stop()
unit = meta["eenheid"]
scale = {"hoger is beter": "donkerder is beter", "lager is beter": "donkerder is beter (lager)"}
st.plotly_chart(
    indicator_charts.choropleth(areas, f"{meta['titel']}, {periode}", unit, meta["richting"]),
    key="chart_kaart",
    config={"displaylogo": False, "scrollZoom": False},
)
legend = scale.get(meta["richting"], "neutraal: donkerder is hoger")
st.caption(f"Kleur: {legend}. Lichtgrijs: geen cijfer; donkergrijs: afgeschermd (klein aantal).")
indicator_ui.caption(areas[areas["bron"].notna()], meta)


def table() -> None:
    shown = areas.assign(
        Waarde=[indicator_ui.waarde_text(v, s, unit) for v, s in zip(areas["waarde"], areas["status"], strict=True)],
        Rang=[
            f"{int(r)} van {int(t)}" if pd.notna(r) else "—"
            for r, t in zip(areas["rang"], areas["gerangschikt"], strict=True)
        ],
    )
    st.dataframe(shown[["naam", "Waarde", "Rang"]].rename(columns={"naam": "Wijk"}), hide_index=True, width="stretch")


on_request("Toon als tabel", "kaart_waarden", table)
