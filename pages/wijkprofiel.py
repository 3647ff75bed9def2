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


# At a glance: where the wijk differs most from the city (relatively). A count that adds up to the
# city (aggregatie som) is a part of it, not comparable with it: it shows as its share instead.
comparable = profile[profile["aggregatie"] != "som"]
gap = ((comparable["waarde"] - comparable["stad"]) / comparable["stad"].abs().where(comparable["stad"] != 0)).abs()
glance = comparable.assign(_gap=gap)[gap > 0].nlargest(4, "_gap")
if not glance.empty:
    st.subheader("Opvallend: het grootste verschil met de stad")
    for column, row in zip(st.columns(4), glance.itertuples(), strict=False):
        column.metric(
            f"{row.titel} ({row.periode})",
            indicator_ui.value_text(row.waarde, row.status, row.eenheid),
            delta=f"stad: {indicator_ui.value_text(row.stad, 'gewoon', row.eenheid)}",
            delta_color="off",
            delta_arrow="off",
        )


def versus_city(value: float, city: float, unit: str, aggregatie: str) -> str:
    if pd.isna(value) or pd.isna(city):
        return "—"
    if aggregatie == "som":
        return f"{format_with_unit(100 * value / city, '%')} van de stad" if city else "—"
    return indicator_ui.difference_text(value - city, unit)


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
                versus_city(v, c, u, a)
                for v, c, u, a in zip(rows["waarde"], rows["stad"], rows["eenheid"], rows["aggregatie"], strict=True)
            ],
            "Sinds vorige periode": [
                f"{indicator_ui.difference_text(v - p, u)} (t.o.v. {pp})" if pd.notna(v) and pd.notna(p) else "—"
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
