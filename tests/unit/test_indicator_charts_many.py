"""Issue 14: the indicator charts stay readable and cheap to draw with many wijken and periods —
over 30 wijken the 10 highest and 10 lowest (with a row counting those between and those without
a value), a long trend labels its last value only (every value stays in the hover)."""

from __future__ import annotations

import pandas as pd

from dashboard.indicator_charts import EXTREMES, gebieden_bar, trend


def test_many_wijken_show_the_highest_and_lowest_with_the_rest_counted():
    n = 100
    df = pd.DataFrame(
        {
            "gebied": [f"Wijk {i:03d}" for i in range(n)],
            "waarde": [float(i) if i != 50 else None for i in range(n)],
            "status": ["afgeschermd" if i == 50 else "gewoon" for i in range(n)],
        }
    )
    fig = gebieden_bar(df, "Groen per wijk, 2024", "%", 40.0)
    bars = fig.data[0]
    assert list(bars.y[-EXTREMES:]) == [f"Wijk {i:03d}" for i in range(90, 100)]  # highest on top
    assert list(bars.y[1 : EXTREMES + 1]) == [f"Wijk {i:03d}" for i in range(10)]
    assert bars.y[0] == "1 zonder waarde (zie tabel)" and bars.y[EXTREMES + 1] == "… 79 wijken ertussen"
    assert len(bars.y) == 2 * EXTREMES + 2
    assert "de 10 hoogste en de 10 laagste van 100 wijken" in fig.layout.title.text.replace("<br>", " ")
    assert "Hoogste: Wijk 099 (99%); laagste: Wijk 000 (0%)" in fig.layout.meta["alt"]  # about all wijken


def test_few_wijken_are_all_shown():
    df = pd.DataFrame({"gebied": ["A", "B", "C"], "waarde": [1.0, 3.0, None], "status": ["gewoon"] * 2 + ["ontbreekt"]})
    assert list(gebieden_bar(df, "T", "personen", None).data[0].y) == ["C", "A", "B"]


def test_a_long_trend_labels_its_last_value_and_keeps_all_in_the_hover():
    city = pd.DataFrame(
        {"periode": [str(y) for y in range(2005, 2025)], "waarde": [float(y - 2000) for y in range(2005, 2025)]}
    )
    line = trend(city, "T — stad", "%", None, None).data[0]
    assert [t for t in line.text if t] == ["24%"]
    assert list(line.customdata) == [f"{y - 2000}%" for y in range(2005, 2025)]
    short = trend(city.tail(4), "T — stad", "%", None, None).data[0]
    assert list(short.text) == ["21%", "22%", "23%", "24%"]
