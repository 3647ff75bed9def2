"""The wijken chart keeps every label readable: the longest bar's label ("280 personen") was cut at
the chart's edge. Long bars now carry their label inside, short ones and areas without a value
outside (where there is room at any width; tests/e2e/test_chart_labels_browser.py draws it)."""

from __future__ import annotations

import pandas as pd

from dashboard.indicator_charts import gebieden_bar

AREAS = pd.DataFrame(
    {
        "gebied": ["Centrum", "West", "Zuid", "Oost"],
        "waarde": [280.0, 240.0, 20.0, None],
        "status": ["gewoon", "gewoon", "gewoon", "afgeschermd"],
    }
)


def test_long_bars_carry_their_label_inside_short_ones_outside():
    fig = gebieden_bar(AREAS, "Werkzoekenden per wijk", "personen", 168.0)
    bar = fig.data[0]
    placed = dict(zip(bar.y, zip(bar.text, bar.textposition, strict=True), strict=True))
    assert placed["Centrum"] == ("280 personen", "inside")
    assert placed["West"] == ("240 personen", "inside")
    assert placed["Zuid"] == ("20 personen", "outside")
    assert placed["Oost"] == ("afgeschermd", "outside")  # no bar: its status where the bar would be


def test_negative_values_keep_every_label_outside():
    df = AREAS.assign(waarde=[-3.0, 2.0, 1.0, None])
    assert set(gebieden_bar(df, "Saldo per wijk", "personen", 0.0).data[0].textposition) == {"outside"}


def test_the_axis_ends_just_past_the_longest_bar():
    low, high = gebieden_bar(AREAS, "Werkzoekenden per wijk", "personen", 168.0).layout.xaxis.range
    assert low == 0 and 280 < high <= 280 * 1.05
