"""Plotly figures in the house style: Dutch titles, units on the axes, Belgian number format,
a colour-blind-safe palette (Okabe–Ito), and lean traces (only the rows that are drawn)."""

from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from dashboard.formatting import PLOTLY_SEPARATORS, format_auto

# Okabe & Ito (2008), safe for the common forms of colour blindness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
MUTED = "#9DB9D3"
# All text in a chart (titles, ticks, value labels, legend): 12,5:1 on white. Streamlit's theme would
# draw the tick labels in a grey of 3,7:1, under WCAG AA's 4,5:1 for text.
TEXT = "#31333F"
FONT = "Source Sans Pro, Arial, sans-serif"
CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"], "locale": "nl"}


TITLE_LINE = 36  # characters of an 18 px title that fit a 390 px wide phone screen
TITLE_LINE_HEIGHT = 24  # px
# Characters of a 14 px category label per line: with a 390 px wide phone screen the labels may take
# about half the width, and the bars keep the other half.
LABEL_LINE = 22


def wrap_title(title: str, width: int = TITLE_LINE) -> list[str]:
    """The title in lines of at most ``width`` characters, broken between words (Plotly does not
    wrap titles, so a long one is cut off on a phone)."""
    return textwrap.wrap(title, width, break_long_words=False, break_on_hyphens=False) or [""]


def wrap_label(label: str, width: int = LABEL_LINE) -> str:
    """A category label in lines of at most ``width`` characters (Plotly's ``<br>``), broken between
    words: Plotly neither wraps nor shortens tick labels, so a long one pushed the bars off a phone's
    screen or was cut at the chart's edge."""
    return "<br>".join(textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False)) or label


def count_axis(top: float) -> dict:
    """Axis settings for counts: whole numbers only. Plotly's automatic step on a short range is
    0,5, which a whole-number format turns into "0, 1, 1, 2, 2"; a step of 1 avoids that."""
    return {"tickformat": ",d"} | ({"tick0": 0, "dtick": 1} if top < 10 else {})


def year_axis(years: pd.Series) -> dict:
    """A "jaar" axis: every year on a span under 10 years (see :func:`count_axis`), else Plotly's
    step, which fits the width (every 5 years on a phone); years without a thousands separator."""
    span = float(years.max() - years.min()) if len(years) else 0.0
    return {"title_text": "jaar", "gridcolor": "#e5e5e5"} | count_axis(span) | {"tickformat": "d"}


def _layout(fig: go.Figure, title: str, height: int, alt: str, legend: bool = False) -> go.Figure:
    """The house layout; ``alt`` is the chart's text alternative (see :func:`alt_text`)."""
    lines = wrap_title(title)
    extra = TITLE_LINE_HEIGHT * (len(lines) - 1)
    # The title hangs from the top; the legend hangs just under it (placed in the figure, not on
    # the plot: a legend that wraps to more rows on a phone grew upwards over the title) and
    # Plotly moves the plot down as far as the legend needs.
    title_bottom = 16 + TITLE_LINE_HEIGHT * len(lines) + 10
    fig.update_layout(
        meta={"alt": alt},
        title={
            "text": "<br>".join(lines),
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 16},
            "font": {"size": 18},
        },
        separators=PLOTLY_SEPARATORS,
        font={"family": FONT, "size": 14, "color": TEXT},
        title_font_color=TEXT,
        legend_font_color=TEXT,
        height=height + extra,
        margin={"l": 10, "r": 30, "t": (70 if legend else 60) + extra, "b": 50},
        plot_bgcolor="white",
        showlegend=legend,
        legend={
            "orientation": "h",
            "yref": "container",
            "yanchor": "top",
            "y": 1 - title_bottom / (height + extra),
            "x": 0,
            "title": None,
        },
    )
    # Room for the tick labels wherever the figure is drawn (Streamlit's theme sets this, a PDF export does not).
    fig.update_xaxes(automargin=True, tickfont_color=TEXT, title_font_color=TEXT)
    fig.update_yaxes(automargin=True, tickfont_color=TEXT, title_font_color=TEXT)
    return fig


def horizontal_bar(
    df: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    unit: str,
    decimals: int = 2,
    highlight: str | None = None,
    sort: bool = True,
) -> go.Figure:
    """Bars, largest on top (or in the given order, first on top), labelled the Belgian way.

    ``highlight`` marks one category in a stronger colour and a bold label, so the selection is
    not told by colour alone.
    """
    data = df.sort_values(value, ascending=True) if sort else df.iloc[::-1]
    labels = [format_auto(v, decimals) for v in data[value]]
    colours = [PALETTE[0] if highlight in (None, c) else MUTED for c in data[category]]
    ticks = [f"<b>{wrap_label(c)}</b>" if c == highlight else wrap_label(c) for c in data[category]]
    fig = go.Figure(
        go.Bar(
            x=data[value],
            y=ticks,
            orientation="h",
            marker_color=colours,
            text=labels,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{text} " + unit + "<extra></extra>",
        )
    )
    # room on the right for the value labels outside the longest bar
    top = float(data[value].max()) if len(data) else 1.0
    fig.update_xaxes(title_text=unit, showgrid=True, gridcolor="#e5e5e5", range=[0, top * 1.15], **count_axis(top))
    fig.update_yaxes(title_text=None)
    return _layout(fig, title, height=120 + 48 * len(data), alt=_most(data, category, value, unit, decimals, highlight))


def stacked_bar(
    df: pd.DataFrame, category: str, stack: str, value: str, title: str, unit: str, order: list[str]
) -> go.Figure:
    """Horizontal stacked bars, first category on top; each segment carries its number."""
    fig = go.Figure()
    categories = list(dict.fromkeys(df[category]))[::-1]
    for i, part in enumerate(order):
        sub = df[df[stack] == part].set_index(category).reindex(categories)
        fig.add_trace(
            go.Bar(
                name=part,
                x=sub[value].fillna(0),
                y=categories,
                orientation="h",
                marker_color=PALETTE[i % len(PALETTE)],
                marker_pattern_shape=["", "/", ".", "x"][i % 4],  # not by colour alone
                text=[format_auto(v, 0) if v == v else "" for v in sub[value]],
                textposition="inside",
                insidetextanchor="middle",
                hovertemplate="%{y} – " + part + ": %{x} " + unit + "<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    totals = df.groupby(category, sort=False)[value].sum().reset_index()
    top_total = float(totals[value].max()) if len(totals) else 1.0
    fig.update_xaxes(title_text=unit, showgrid=True, gridcolor="#e5e5e5", **count_axis(top_total))
    alt = _most(totals, category, value, unit.removeprefix("aantal ").split(" (")[0], 0)
    top = totals.loc[totals[value].idxmax(), category] if len(totals) else None
    parts = [f"{format_auto(v, 0)} {s}" for s, v in df[df[category] == top].set_index(stack)[value].items()]
    if parts:
        alt = alt[:-1] + f" ({', '.join(parts)})."
    return _layout(fig, title, height=140 + 44 * len(categories), alt=alt, legend=True)


def vertical_bar(df: pd.DataFrame, category: str, value: str, title: str, unit: str, signed: bool = False) -> go.Figure:
    labels = [("+" if signed and v > 0 else "") + format_auto(v, 0) for v in df[value]]
    fig = go.Figure(
        go.Bar(
            x=df[category],
            y=df[value],
            marker_color=[PALETTE[i % len(PALETTE)] for i in range(len(df))],
            text=labels,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{text} " + unit + "<extra></extra>",
        )
    )
    top = float(df[value].max()) if len(df) else 1.0
    fig.update_yaxes(title_text=unit, gridcolor="#e5e5e5", range=[0, top * 1.2], **count_axis(top))
    fig.update_xaxes(title_text=None, type="category")
    pairs = [f"{c}: {t} {unit}" for c, t in zip(df[category], labels, strict=True)]
    return _layout(fig, title, height=420, alt="; ".join(pairs) + "." if pairs else NO_DATA)


def piramide(df: pd.DataFrame, title: str) -> go.Figure:
    """Age pyramid: men to the left, women to the right, one bar per ``band`` (its label, e.g.
    "15-19" or "95+") in the order of ``band_start``, absolute numbers on hover."""
    fig = go.Figure()
    bands = df.sort_values(["band_start", "band"])["band"].drop_duplicates().tolist()
    for i, (sex, label, sign) in enumerate((("M", "Mannen", -1), ("V", "Vrouwen", 1))):
        sub = df[df["geslacht"] == sex].sort_values(["band_start", "band"])
        fig.add_trace(
            go.Bar(
                name=label,
                y=sub["band"],
                x=sign * sub["aantal"],
                customdata=[format_auto(v, 0) for v in sub["aantal"]],
                orientation="h",
                marker_color=PALETTE[i],
                marker_pattern_shape="" if sex == "V" else "/",
                hovertemplate=label + " %{y} jaar: %{customdata} inwoners<extra></extra>",
            )
        )
    top = float(df["aantal"].max()) if len(df) else 1.0
    ticks = [round(top * f, -2) for f in (-1, -0.5, 0, 0.5, 1)]
    fig.update_layout(barmode="relative", bargap=0.05)
    fig.update_xaxes(
        title_text="inwoners",
        tickvals=ticks,
        ticktext=[format_auto(abs(t), 0) for t in ticks],
        gridcolor="#e5e5e5",
    )
    fig.update_yaxes(title_text="leeftijd (jaar)", categoryorder="array", categoryarray=bands)
    return _layout(fig, title, height=520, alt=_pyramid_alt(df), legend=True)


def lines(
    df: pd.DataFrame, x: str, y: str, series: str, title: str, unit: str, dash_from: int | None = None
) -> go.Figure:
    """One line per series; years from ``dash_from`` on (projection) are drawn dashed."""
    fig = go.Figure()
    for i, (name, sub) in enumerate(df.groupby(series, sort=True)):
        sub = sub.sort_values(x)
        parts = (
            [(sub, "solid")]
            if dash_from is None
            else [(sub[sub[x] <= dash_from], "solid"), (sub[sub[x] >= dash_from], "dash")]
        )
        for j, (part, dash) in enumerate(parts):
            if part.empty:
                continue
            fig.add_trace(
                go.Scatter(
                    x=part[x],
                    y=part[y],
                    name=str(name),
                    legendgroup=str(name),
                    showlegend=j == 0,
                    mode="lines+markers",
                    line={"color": PALETTE[i % len(PALETTE)], "dash": dash, "width": 3},
                    marker={"symbol": ["circle", "square", "diamond", "triangle-up"][i % 4]},
                    hovertemplate=f"{name} – %{{x}}: %{{y:,d}} {unit}<extra></extra>",
                )
            )
    fig.update_xaxes(**year_axis(df[x]))
    fig.update_yaxes(title_text=unit, gridcolor="#e5e5e5", **count_axis(float(df[y].max()) if len(df) else 0.0))
    return _layout(fig, title, height=440, alt=_lines_alt(df, x, y, series, unit), legend=True)


# --- text alternatives: one sentence per chart, made from the data it draws -----------------------

NO_DATA = "De grafiek heeft geen gegevens."


def alt_text(fig: go.Figure) -> str:
    """The one-sentence text alternative that the house charts carry in ``layout.meta``."""
    meta = fig.layout.meta
    return str(meta.get("alt", "")) if isinstance(meta, dict) else ""


def _most(df: pd.DataFrame, category: str, value: str, unit: str, decimals: int, highlight: str | None = None) -> str:
    """ "Sociale dienst heeft de meeste VTE: 93,47 van 253,75." (and the highlighted category's value)."""
    if df.empty:
        return NO_DATA
    top = df.loc[df[value].idxmax()]
    text = (
        f"{top[category]} heeft de meeste {unit}: {format_auto(top[value], decimals)} "
        f"van {format_auto(df[value].sum(), decimals)}"
    )
    if highlight is not None and highlight != top[category] and (df[category] == highlight).any():
        chosen = df.loc[df[category] == highlight, value].iloc[0]
        text += f"; {highlight}: {format_auto(chosen, decimals)}"
    return text + "."


def _pyramid_alt(df: pd.DataFrame) -> str:
    if df.empty:
        return NO_DATA
    per_sex = df.groupby("geslacht")["aantal"].sum()
    bands = df.groupby("band", sort=False)["aantal"].sum()  # the band's own label, e.g. "95+"
    return (
        f"{format_auto(per_sex.sum(), 0)} inwoners ({format_auto(per_sex.get('M', 0), 0)} mannen, "
        f"{format_auto(per_sex.get('V', 0), 0)} vrouwen); de grootste leeftijdsgroep is {bands.idxmax()} jaar "
        f"met {format_auto(bands.max(), 0)} inwoners."
    )


def _lines_alt(df: pd.DataFrame, x: str, y: str, series: str, unit: str) -> str:
    if df.empty:
        return NO_DATA
    first, last = df[x].min(), df[x].max()
    parts = []
    for name, sub in df.sort_values(x).groupby(series, sort=True):
        parts.append(f"{name} van {format_auto(sub[y].iloc[0], 0)} naar {format_auto(sub[y].iloc[-1], 0)}")
    return f"Van {first} tot {last}: " + ", ".join(parts) + f" {unit}."


def _timeline_alt(df: pd.DataFrame) -> str:
    if df.empty:
        return NO_DATA
    inferred = int((df["jaar_bron"] != "gelezen").sum())
    return (
        f"{format_auto(len(df), 0)} gebeurtenissen van {int(df['jaar'].min())} tot {int(df['jaar'].max())} "
        f"in {df['groep'].nunique()} groepen; bij {format_auto(inferred, 0)} is het jaar niet gelezen maar afgeleid "
        "of uit een ander document."
    )


# How a timeline marker shows how its year is known: filled when the document prints the year,
# hollow when it was inferred from a slide's reading order, a diamond when another document dates it.
YEAR_MARKERS = {
    "gelezen": ("circle", "jaar gelezen"),
    "afgeleid": ("circle-open", "jaar afgeleid"),
    "ander document": ("diamond", "jaar uit ander document"),
}


def tijdlijn(df: pd.DataFrame, title: str) -> go.Figure:
    """Events per year, one lane per heading (``groep``); colour = source document (``doc``),
    marker = how the year is known (:data:`YEAR_MARKERS`). Events sharing a lane and a year are
    spread vertically so none hides another; the hover names the document and line."""
    lanes = sorted(dict.fromkeys(df.sort_values(["jaar", "bron_regel"])["groep"]), key=lambda g: g.startswith("Zonder"))
    # Each lane is as tall as its busiest year (one row per event) plus a gap; the first lane on top.
    rows = {g: int(df[df["groep"] == g].groupby("jaar").size().max()) for g in lanes}
    base, top = {}, 0
    for groep in reversed(lanes):
        base[groep] = top
        top += rows[groep] + 1
    y = pd.Series(0.0, index=df.index)
    for (groep, _jaar), part in df.groupby(["groep", "jaar"]):
        y[part.index] = [base[groep] + (rows[groep] - 1) / 2 + (len(part) - 1) / 2 - i for i in range(len(part))]
    fig = go.Figure()
    for i, doc in enumerate(sorted(df["doc"].unique())):
        for jaar_bron, (symbol, label) in YEAR_MARKERS.items():
            part = df[(df["doc"] == doc) & (df["jaar_bron"] == jaar_bron)]
            if part.empty:
                continue
            fig.add_trace(
                go.Scatter(
                    x=part["jaar"],
                    y=y[part.index],
                    mode="markers",
                    name=f"{doc} · {label}",
                    marker={
                        "symbol": symbol,
                        "size": 13,
                        "color": PALETTE[i % len(PALETTE)],
                        "line": {"width": 2.5, "color": PALETTE[i % len(PALETTE)]},
                    },
                    customdata=list(
                        zip(
                            part["gebeurtenis"],
                            [label] * len(part),
                            part["bron"],
                            part["bron_regel"],
                            part["opmerking"].fillna(""),
                            strict=True,
                        )
                    ),
                    hovertemplate="<b>%{customdata[0]}</b><br>%{x} (%{customdata[1]})<br>"
                    "%{customdata[2]}, regel %{customdata[3]}<br>%{customdata[4]}<extra></extra>",
                )
            )
    fig.update_xaxes(**year_axis(df["jaar"]))
    fig.update_yaxes(
        tickvals=[base[g] + (rows[g] - 1) / 2 for g in lanes], ticktext=lanes, range=[-1, top - 1], showgrid=False
    )
    for groep in lanes[1:]:  # a thin line between lanes
        fig.add_hline(y=base[groep] + rows[groep], line={"color": "#e5e5e5", "width": 1})
    return _layout(fig, title, height=190 + 24 * top, alt=_timeline_alt(df), legend=True)
