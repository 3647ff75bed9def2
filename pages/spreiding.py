"""Spreiding (analysts): two indicators against each other, one dot per wijk, in one period."""

from __future__ import annotations

import streamlit as st

from dashboard import indicator_charts, indicator_ui, queries
from dashboard.permalink import check_param
from dashboard.router import ensure_router
from dashboard.ui import load

ensure_router()

st.title("Twee indicatoren per wijk")
lijst = indicator_ui.indicator_list()
if lijst is None:
    st.stop()
left, right = st.columns(2)
with left:
    code_x = indicator_ui.choose_indicator(lijst, key="x", label="Horizontaal", search=False)
with right:
    code_y = indicator_ui.choose_indicator(lijst, key="y", label="Verticaal", search=False)
meta_x, meta_y = load(queries.get_indicator, code_x), load(queries.get_indicator, code_y)
vx, vy = load(queries.get_indicator_values, code_x, "wijk"), load(queries.get_indicator_values, code_y, "wijk")
if meta_x is None or meta_y is None or vx is None or vy is None:
    st.stop()
periods = sorted(set(vx["periode"]) & set(vy["periode"]), reverse=True) if not vx.empty and not vy.empty else []
if not periods:
    st.info("Deze twee indicatoren hebben geen gemeenschappelijke periode met cijfers per wijk.")
    st.stop()
check_param("jaar", periods, "jaar")
periode = st.selectbox("Jaar (periode)", periods, key="jaar", bind="query-params")
indicator_ui.demo_notice(lijst[lijst["code"].isin([code_x, code_y])])
points = load(queries.get_scatter, code_x, code_y, periode)
if points is None or points.empty:
    st.info("Geen wijk heeft voor beide indicatoren een waarde in deze periode.")
    st.stop()
label_x = f"{meta_x['titel']} ({meta_x['eenheid']})"
label_y = f"{meta_y['titel']} ({meta_y['eenheid']})"
st.plotly_chart(indicator_charts.scatter(points, f"{periode}: per wijk", label_x, label_y), key="chart_spreiding")
st.caption(f"{len(points)} wijken met een waarde voor beide; afgeschermde en ontbrekende waarden tellen niet mee.")
