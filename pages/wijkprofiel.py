"""Wijkprofiel: one wijk, every indicator against the city — the latest value, the difference,
the change since the previous period and the trend — grouped by theme."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import indicator_ui, queries
from dashboard.formatting import format_with_unit
from dashboard.permalink import check_param
from dashboard.router import ensure_router
from dashboard.ui import load

ensure_router()

st.title("Wijkprofiel")
st.markdown("Alle indicatoren van één wijk naast de stad: wat een schepen leest voor een wijkbezoek.")
areas = load(queries.get_indicator_areas)
if areas is None or areas.empty:
    st.info("Er zijn nog geen cijfers per wijk gepubliceerd.", icon=":material/info:")
    st.stop()
names = areas["gebied"].tolist()
check_param("wijk", names, "wijk")
wijk = st.selectbox("Wijk", names, key="wijk", bind="query-params")
profile = load(queries.get_wijkprofiel, wijk)
if profile is None or profile.empty:
    st.stop()
indicator_ui.demo_notice(profile)


def signed(value: float, unit: str) -> str:
    return ("+" if value > 0 else "") + format_with_unit(value, unit)


for thema, rows in profile.groupby("thema", sort=True):
    st.subheader(thema)
    table = pd.DataFrame(
        {
            "Indicator": rows["titel"],
            "Periode": rows["periode"],
            wijk: [
                indicator_ui.value_text(v, s, u)
                for v, s, u in zip(rows["waarde"], rows["status"], rows["eenheid"], strict=True)
            ],
            "Stad": [
                indicator_ui.value_text(v, "ontbreekt", u) for v, u in zip(rows["stad"], rows["eenheid"], strict=True)
            ],
            "Verschil met de stad": [
                signed(v - c, u) if pd.notna(v) and pd.notna(c) else "—"
                for v, c, u in zip(rows["waarde"], rows["stad"], rows["eenheid"], strict=True)
            ],
            "Sinds vorige periode": [
                f"{signed(v - p, u)} (t.o.v. {pp})" if pd.notna(v) and pd.notna(p) else "—"
                for v, p, pp, u in zip(
                    rows["waarde"], rows["vorige_waarde"], rows["vorige_periode"], rows["eenheid"], strict=True
                )
            ],
            "Trend": [list(t) if t is not None and len(t) > 1 else None for t in rows["trend"]],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={"Trend": st.column_config.LineChartColumn("Trend", width="small")},
    )
st.caption(
    "Een afgeschermde waarde (klein aantal) wordt nooit getoond. Richting en definitie van elke indicator: "
    "zie Indicatoren."
)
