"""Wijkprofiel: one wijk, every indicator against the city — the latest value, the difference,
the change since the previous period and the trend — grouped by theme."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import indicator_ui, permalink, queries
from dashboard.formatting import format_with_unit
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
wijk = permalink.selectbox(st, "Wijk", names, "wijk")
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
            indicator_ui.waarde_text(row.waarde, row.status, row.eenheid),
            delta=f"stad: {indicator_ui.waarde_text(row.stad, 'gewoon', row.eenheid)}",
            delta_color="off",
            delta_arrow="off",
        )


def versus_stad(value: float, city: float, unit: str, aggregatie: str) -> str:
    if pd.isna(value) or pd.isna(city):
        return "—"
    if aggregatie == "som":
        return f"{format_with_unit(100 * value / city, '%')} van de stad" if city else "—"
    return indicator_ui.difference_text(value - city, unit)


def profile_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Every indicator of the wijk as text: the wijk's value, the city's, the difference and the trend."""
    return pd.DataFrame(
        {
            "Thema": rows["thema"],
            "Indicator": rows["titel"],
            "Periode": rows["periode"],
            wijk: [
                indicator_ui.waarde_text(v, s, u)
                for v, s, u in zip(rows["waarde"], rows["status"], rows["eenheid"], strict=True)
            ],
            "Stad": [
                indicator_ui.waarde_text(v, "ontbreekt", u) for v, u in zip(rows["stad"], rows["eenheid"], strict=True)
            ],
            "Verschil met de stad": [
                versus_stad(v, c, u, a)
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


# One table for every theme (one element where there were one per theme), a theme filter in the URL.
themas = sorted(profile["thema"].unique())
st.subheader("Alle indicatoren")
thema = permalink.selectbox(st, "Thema", [indicator_ui.ALLE, *themas], "thema") if len(themas) > 1 else themas[0]
shown = profile if thema == indicator_ui.ALLE else profile[profile["thema"] == thema]
st.dataframe(
    profile_table(shown),  # in theme order (the query sorts)
    hide_index=True,
    width="stretch",
    column_config={"Trend": st.column_config.LineChartColumn("Trend", width="small")},
)
st.caption(
    "Een afgeschermde waarde (klein aantal) wordt nooit getoond. Richting en definitie van elke indicator: "
    "zie Indicatoren."
)
