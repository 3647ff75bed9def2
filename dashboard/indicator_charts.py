"""Plotly figures of the indicator pages: the city's trend with its target, the areas compared in
one period, the choropleth (offline: no basemap tiles, glyphs or topojson from the internet) and
the scatter of two indicators. House style from :mod:`dashboard.charts`. Each figure is built once
per distinct input and shared (:func:`dashboard.result_cache.shared_spec`): never change one in place."""

from __future__ import annotations

import json
import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import MUTED, NO_DATA, PALETTE, _layout
from dashboard.formatting import format_with_unit
from dashboard.result_cache import shared_spec

# Missing and suppressed areas on the map: grey, apart from the colour scale (and named in the hover).
NO_VALUE = {"ontbreekt": "#d9d9d9", "afgeschermd": "#8c8c8c"}
# Sequential scales (colour-blind safe, light → dark); the dark end is "better" when a direction is known.
_GOOD_HIGH = [[0, "#f7fbff"], [0.5, "#6baed6"], [1, "#08306b"]]
_NEUTRAL = [[0, "#fff7ec"], [0.5, "#fc8d59"], [1, "#7f0000"]]
# An empty map style: a white background and nothing fetched (no tiles, sprites or glyphs).
OFFLINE_STYLE = {
    "version": 8,
    "sources": {},
    "layers": [{"id": "achtergrond", "type": "background", "paint": {"background-color": "#ffffff"}}],
}


def _unit_axis(unit: str) -> dict:
    return {"title_text": unit, "gridcolor": "#e5e5e5", "ticksuffix": "%" if unit == "%" else "", "tickformat": ",~g"}


# Plotly measures every tick label and, when the labels need more room than the margins give,
# draws the chart a second time (automargin). Margins estimated from the labels' length give that
# room on the first draw; automargin stays on for the rare label that is wider than estimated.
CHAR_PX = 8.5  # a generous width of one digit at the house font size (14 px)
NAME_CHAR_PX = 7.2  # the mean width of a letter in an area's name (a wider name gets a second draw)
TICK_ROOM_PX = 24  # between the tick labels and the figure's edge
AXIS_TITLE_PX = 32  # a rotated axis title (the unit) beside the tick labels
BOTTOM_PX = 60  # the x axis' tick labels (horizontal) and its title
SLANTED = 0.7  # many periods: Plotly slants their labels, which then need this share of their width below
# More areas than MAX_BARS: the chart shows the EXTREMES highest and lowest (the table has them all).
MAX_BARS = 30
EXTREMES = 10
LABELLED_PERIODS = 12  # a longer trend labels its last value only (the others overlap on a phone)


def _first_draw_room(fig: go.Figure, left: float, bottom: float = BOTTOM_PX) -> None:
    fig.update_layout(margin_l=round(left), margin_b=round(bottom))


def _tick_chars(low: float, high: float, unit: str) -> int:
    """Characters of the widest tick label on an axis from ``low`` to ``high`` (",~g", Dutch separators)."""
    widest = max(abs(low), abs(high))
    digits = len(f"{widest:,.0f}") + (3 if widest < 10 else 0)  # "1.000"; "2,5" on a short range
    return digits + (low < 0) + (unit == "%")


@shared_spec
def trend(df: pd.DataFrame, title: str, unit: str, doel: float | None, doeljaar: int | None) -> go.Figure:
    """The city's values per period, with the target as a dashed line (and its year) when set.
    Each value is labelled when there are few periods, else the last one (every value in the hover)."""
    shown = df[df["waarde"].notna()]
    values = [format_with_unit(v, unit) for v in shown["waarde"]]
    labels = values if len(values) <= LABELLED_PERIODS else [""] * (len(values) - 1) + values[-1:]
    fig = go.Figure(
        go.Scatter(
            x=shown["periode"],
            y=shown["waarde"],
            mode="lines+markers+text",
            name="stad",
            line={"color": PALETTE[0], "width": 3},
            text=labels,
            customdata=values,
            textposition="top center",
            hovertemplate="%{x}: %{customdata}<extra></extra>",
        )
    )
    if doel is not None and pd.notna(doel):
        label = f"doel {format_with_unit(doel, unit)}" + (f" in {int(doeljaar)}" if pd.notna(doeljaar) else "")
        fig.add_hline(
            y=doel,
            line={"color": PALETTE[2], "dash": "dash", "width": 2},
            annotation_text=label,
            annotation_position="top left",
        )
    fig.update_traces(cliponaxis=False)
    fig.update_xaxes(title_text="periode", type="category", gridcolor="#e5e5e5")
    span = [v for v in [*shown["waarde"], doel] if v is not None and pd.notna(v)]
    low = high = 0.0
    if span:  # room above the highest label
        low, high = min(span), max(span)
        pad = (high - low) * 0.15 or abs(high) * 0.1 or 1
        low, high = (min(0, low) if low >= 0 and low < pad else low - pad), high + pad
        fig.update_yaxes(range=[low, high])
    fig.update_yaxes(**_unit_axis(unit))
    fig = _layout(fig, title, height=380, alt=_trend_alt(shown, unit, doel, doeljaar))
    slanted = SLANTED * CHAR_PX * max(map(len, shown["periode"])) if len(shown) > LABELLED_PERIODS else 0
    _first_draw_room(fig, CHAR_PX * _tick_chars(low, high, unit) + AXIS_TITLE_PX + TICK_ROOM_PX, BOTTOM_PX + slanted)
    return fig


def _label_positions(values: pd.Series) -> list[str]:
    """Where each bar's label goes: inside the end of a bar at least half as long as the longest,
    outside the others (and the status of an area without a bar). Then no label needs room beyond
    the longest bar, at any screen width: a label outside the longest bar was cut at the chart's
    edge on a phone, whatever room the axis range left for it."""
    top = values.max()
    if not (values.min() >= 0 and top > 0):  # negative values, or none: every label outside, as Plotly places them
        return ["outside"] * len(values)
    return ["inside" if v >= top / 2 else "outside" for v in values.fillna(0)]


@shared_spec
def gebieden_bar(df: pd.DataFrame, title: str, unit: str, city: float | None, reference: str = "stad") -> go.Figure:
    """Areas sorted by value (largest on top), the city's value (``reference`` names it) as a
    reference line. Missing or suppressed areas are listed with their status instead of a bar.

    Over :data:`MAX_BARS` areas the chart shows the :data:`EXTREMES` highest and lowest with a row
    that counts the areas between them (and one that counts those without a value): a hundred
    bars are neither readable on a phone nor cheap to draw; the table under the chart has them all."""
    data = df.assign(_v=df["waarde"].fillna(float("-inf"))).sort_values("_v")
    rows = list(zip(data["gebied"], data["waarde"], data["status"], strict=True))
    if len(rows) > MAX_BARS:
        title += f": de {EXTREMES} hoogste en de {EXTREMES} laagste van {len(rows)} wijken"
        valued = [r for r in rows if pd.notna(r[1])]
        missing, between = len(rows) - len(valued), len(valued) - 2 * EXTREMES
        rows = (
            ([(f"{missing} zonder waarde (zie tabel)", None, "")] if missing else [])
            + valued[:EXTREMES]
            + [(f"… {between} wijken ertussen", None, "")]
            + valued[-EXTREMES:]
        )
    names = [n for n, _, _ in rows]
    labels = [format_with_unit(v, unit) if pd.notna(v) else s for _, v, s in rows]
    fig = go.Figure(
        go.Bar(
            x=[v if pd.notna(v) else 0 for _, v, _ in rows],
            y=names,
            orientation="h",
            marker_color=[PALETTE[0] if pd.notna(v) else MUTED for _, v, _ in rows],
            text=labels,
            textposition=_label_positions(pd.Series([v for _, v, _ in rows], dtype=float)),
            insidetextanchor="end",
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
            showlegend=False,
        )
    )
    has_city = city is not None and pd.notna(city)
    if has_city:
        line = {"color": PALETTE[5], "dash": "dash", "width": 2}
        fig.add_vline(x=city, line=line, layer="below")  # behind the bars: not through their labels
        # Named in the legend above the plot, not beside the line: a text there ran off a phone's screen.
        fig.add_trace(
            go.Scatter(x=[None], y=[None], mode="lines", line=line, name=f"{reference}: {format_with_unit(city, unit)}")
        )
    fig.update_xaxes(**_unit_axis(unit))
    values = data["waarde"].dropna()
    if len(values) and values.min() >= 0 and values.max() > 0:
        # The labels need no room past the longest bar (see _label_positions); Plotly's autorange
        # would still reserve some, in pixels, and on a phone squeeze the bars to half the width.
        fig.update_xaxes(range=[0, values.max() * 1.03])
    alt = _areas_alt(data["gebied"], data["waarde"], unit)
    if alt != NO_DATA and city is not None and pd.notna(city):
        alt = alt[:-1] + f"; {reference}: {format_with_unit(city, unit)}."
    fig = _layout(fig, title, height=max(260, 34 * len(rows) + 110), alt=alt, legend=has_city)
    _first_draw_room(fig, NAME_CHAR_PX * max(map(len, names)) + TICK_ROOM_PX)
    return fig


@shared_spec
def choropleth(df: pd.DataFrame, title: str, unit: str, richting: str) -> go.Figure:
    """Areas coloured by value (legend in the unit), darker = better when ``richting`` says which
    way is better; areas without a value in grey, suppressed darker than missing, named in the hover."""
    features = [
        {"type": "Feature", "id": code, "properties": {"naam": naam}, "geometry": json.loads(geo)}
        for code, naam, geo in zip(df["code"], df["naam"], df["geometrie"], strict=True)
    ]
    geojson = {"type": "FeatureCollection", "features": features}
    scale = _GOOD_HIGH if richting != "neutraal" else _NEUTRAL
    valued = df[df["waarde"].notna()]
    fig = go.Figure()
    if not valued.empty:
        hover = [
            f"<b>{n}</b><br>{format_with_unit(v, unit)}<br>rang {int(r)} van {int(t)}"
            for n, v, r, t in zip(valued["naam"], valued["waarde"], valued["rang"], valued["gerangschikt"], strict=True)
        ]
        fig.add_trace(
            go.Choroplethmap(
                geojson=geojson,
                locations=valued["code"],
                z=valued["waarde"],
                colorscale=scale,
                reversescale=richting == "lager is beter",
                marker={"line": {"color": "#333333", "width": 1}, "opacity": 0.9},
                colorbar={"title": {"text": unit}, "ticksuffix": "%" if unit == "%" else ""},
                text=hover,
                hovertemplate="%{text}<extra></extra>",
                name="waarde",
            )
        )
    for status, colour in NO_VALUE.items():
        rows = df[df["waarde"].isna() & (df["status"].fillna("ontbreekt") == status)]
        if rows.empty:
            continue
        fig.add_trace(
            go.Choroplethmap(
                geojson=geojson,
                locations=rows["code"],
                z=[0] * len(rows),
                colorscale=[[0, colour], [1, colour]],
                showscale=False,
                marker={"line": {"color": "#333333", "width": 1}},
                text=[f"<b>{n}</b><br>{status}" for n in rows["naam"]],
                hovertemplate="%{text}<extra></extra>",
                name=status,
            )
        )
    lon, lat, zoom = _view(features)
    fig.update_layout(map={"style": OFFLINE_STYLE, "center": {"lon": lon, "lat": lat}, "zoom": zoom})
    fig = _layout(fig, title, height=560, alt=_areas_alt(df["naam"], df["waarde"], unit))
    fig.update_layout(margin={"l": 0, "r": 0, "t": 60, "b": 0})
    return fig


def _view(features: list[dict]) -> tuple[float, float, float]:
    """Centre and zoom that fit every area."""
    xs, ys = [], []

    def walk(coords) -> None:
        if coords and isinstance(coords[0], (int, float)):
            xs.append(coords[0])
            ys.append(coords[1])
        else:
            for c in coords:
                walk(c)

    for f in features:
        walk(f["geometry"]["coordinates"])
    if not xs:
        return 4.48, 51.03, 11
    span = max(max(xs) - min(xs), (max(ys) - min(ys)) * 1.6, 1e-4)
    zoom = max(1.0, min(16.0, math.log2(360 * 640 / (512 * span))))  # ~640 px for the whole width
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, zoom


@shared_spec
def scatter(df: pd.DataFrame, title: str, x_label: str, y_label: str) -> go.Figure:
    fig = go.Figure(
        go.Scatter(
            x=df["x"],
            y=df["y"],
            mode="markers+text",
            text=df["gebied"],
            textposition="top center",
            marker={"size": 12, "color": PALETTE[0]},
            hovertemplate="%{text}<br>" + x_label + ": %{x}<br>" + y_label + ": %{y}<extra></extra>",
        )
    )
    fig.update_xaxes(title_text=x_label, gridcolor="#e5e5e5")
    fig.update_yaxes(title_text=y_label, gridcolor="#e5e5e5")
    alt = f"{len(df)} gebieden met hun {x_label} en {y_label}." if len(df) else NO_DATA
    return _layout(fig, title, height=480, alt=alt)


# --- text alternatives (see dashboard.charts.alt_text): one sentence from the data drawn ----------


def _trend_alt(shown: pd.DataFrame, unit: str, doel: float | None, doeljaar: int | None) -> str:
    if shown.empty:
        return NO_DATA
    first, last = shown.iloc[0], shown.iloc[-1]
    text = (
        f"Van {first['periode']} tot {last['periode']}: van {format_with_unit(first['waarde'], unit)} "
        f"naar {format_with_unit(last['waarde'], unit)}"
    )
    if doel is not None and pd.notna(doel):
        text += f"; doel {format_with_unit(doel, unit)}" + (f" in {int(doeljaar)}" if pd.notna(doeljaar) else "")
    return text + "."


def _areas_alt(names: pd.Series, values: pd.Series, unit: str) -> str:
    """ "Hoogste: Demowijk A (12,5 %); laagste: Demowijk B (3 %); 2 gebieden zonder waarde." """
    valued = values.notna()
    if not valued.any():
        return NO_DATA
    top, low = values[valued].idxmax(), values[valued].idxmin()
    text = (
        f"Hoogste: {names[top]} ({format_with_unit(values[top], unit)}); "
        f"laagste: {names[low]} ({format_with_unit(values[low], unit)})"
    )
    if missing := int((~valued).sum()):
        text += f"; {missing} {'gebied' if missing == 1 else 'gebieden'} zonder waarde"
    return text + "."
