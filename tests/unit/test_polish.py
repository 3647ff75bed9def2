"""Streamlit's rough edges where our code sets them (issue 12, item 12): whole numbers in
downloads, count axes in whole steps, titles that fit a phone, singular and plural."""

from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from dashboard import charts
from dashboard.downloads import to_csv_bytes, to_xlsx_bytes
from dashboard.formatting import plural

# a float column: one missing value or one fraction makes pandas store 86194 as 86194.0
KERN = pd.DataFrame({"indicator": ["inwoners", "aandeel", "onbekend"], "waarde": [86194.0, 33.3, None]})


def test_whole_numbers_download_without_decimals():
    lines = to_csv_bytes(KERN).decode("utf-8-sig").splitlines()
    assert lines == ["indicator;waarde", "inwoners;86194", "aandeel;33,3", "onbekend;"]
    dotted = to_csv_bytes(KERN, belgian_decimals=False).decode("utf-8-sig").splitlines()
    assert dotted[1:3] == ["inwoners;86194", "aandeel;33.3"]
    sheet = load_workbook(io.BytesIO(to_xlsx_bytes(KERN))).active
    assert sheet["B2"].value == 86194 and isinstance(sheet["B2"].value, int)
    assert sheet["B3"].value == 33.3 and sheet["B4"].value is None


def _ticks(fig, axis: str) -> dict:
    return fig.layout[axis].to_plotly_json()


def test_count_axes_step_in_whole_numbers():
    small = pd.DataFrame(
        {"domein": ["A", "A", "B"], "soort": ["realisatie", "planning", "realisatie"], "aantal": [1, 1, 1]}
    )
    fig = charts.stacked_bar(small, "domein", "soort", "aantal", "t", "aantal punten", ["realisatie", "planning"])
    assert _ticks(fig, "xaxis")["dtick"] == 1 and _ticks(fig, "xaxis")["tickformat"] == ",d"
    bars = charts.horizontal_bar(small, "domein", "aantal", "t", "aanbevelingen", 0)
    assert _ticks(bars, "xaxis")["dtick"] == 1
    big = pd.DataFrame({"domein": ["A", "B"], "aantal": [120, 57]})
    assert "dtick" not in _ticks(charts.horizontal_bar(big, "domein", "aantal", "t", "x", 0), "xaxis")
    years = pd.DataFrame({"jaar": [2021, 2022], "aantal": [3, 4], "groep": ["0-17", "0-17"]})
    line = charts.lines(years, "jaar", "aantal", "groep", "t", "inwoners")
    assert _ticks(line, "xaxis")["dtick"] == 1 and _ticks(line, "yaxis")["dtick"] == 1


def test_long_titles_wrap_to_fit_a_phone():
    title = "Punten per domein — voortgangsrapport 2022 (zoekterm ‘audit’)"
    fig = charts.horizontal_bar(pd.DataFrame({"c": ["a"], "v": [1]}), "c", "v", title, "x", 0)
    lines = fig.layout.title.text.split("<br>")
    assert len(lines) > 1 and all(len(line) <= charts.TITLE_LINE for line in lines)
    assert " ".join(lines) == title
    assert fig.layout.margin.t > 60  # room for the second line
    short = charts.horizontal_bar(pd.DataFrame({"c": ["a"], "v": [1]}), "c", "v", "Kort", "x", 0)
    assert short.layout.title.text == "Kort"


def test_singular_and_plural():
    assert plural(1, "punt", "punten") == "1 punt"
    assert plural(0, "punt", "punten") == "0 punten"
    assert plural(1234, "aanbeveling", "aanbevelingen") == "1.234 aanbevelingen"


def test_timeline_years_step_with_the_width_on_a_long_span():
    def events(years: list[int]) -> pd.DataFrame:
        n = len(years)
        return pd.DataFrame(
            {
                "jaar": years,
                "groep": ["Kop"] * n,
                "doc": ["a.pptx"] * n,
                "jaar_bron": ["gelezen"] * n,
                "gebeurtenis": [f"g{i}" for i in range(n)],
                "bron": ["a.pptx"] * n,
                "bron_regel": list(range(2, n + 2)),
                "opmerking": [None] * n,
            }
        )

    long = charts.tijdlijn(events([2003, 2010, 2019]), "t")
    assert "dtick" not in _ticks(long, "xaxis") and _ticks(long, "xaxis")["tickformat"] == "d"  # 16 ticks crowd a phone
    short = charts.tijdlijn(events([2015, 2017]), "t")
    assert _ticks(short, "xaxis")["dtick"] == 1  # not "2015, 2015, 2016" at a step of 0,5
