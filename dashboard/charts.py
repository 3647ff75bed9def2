"""Plotly figures in the house style: Dutch titles, units on the axes, Belgian number format,
a colour-blind-safe palette (Okabe–Ito), and lean traces (only the rows that are drawn)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.formatting import PLOTLY_SEPARATORS, format_auto

# Okabe & Ito (2008), safe for the common forms of colour blindness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
FONT = "Source Sans Pro, Arial, sans-serif"


def _layout(fig: go.Figure, title: str, height: int) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 18}},
        separators=PLOTLY_SEPARATORS,
        font={"family": FONT, "size": 14},
        height=height,
        margin={"l": 10, "r": 30, "t": 60, "b": 50},
        plot_bgcolor="white",
        showlegend=False,
    )
    return fig


def horizontal_bar(df: pd.DataFrame, category: str, value: str, title: str, unit: str, decimals: int = 2) -> go.Figure:
    """Bars sorted largest on top, each labelled with its value the Belgian way."""
    data = df.sort_values(value, ascending=True)
    labels = [format_auto(v, decimals) for v in data[value]]
    fig = go.Figure(
        go.Bar(
            x=data[value],
            y=data[category],
            orientation="h",
            marker_color=PALETTE[0],
            text=labels,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text} " + unit + "<extra></extra>",
        )
    )
    # room on the right for the value labels outside the longest bar
    fig.update_xaxes(
        title_text=unit, showgrid=True, gridcolor="#e5e5e5", tickformat=",d", range=[0, float(data[value].max()) * 1.15]
    )
    fig.update_yaxes(title_text=None)
    return _layout(fig, title, height=120 + 48 * len(data))
