"""The wijken chart leaves room for the label of its longest bar (it was cut at the chart's edge)."""

from __future__ import annotations

import pandas as pd

from dashboard.indicator_charts import gebieden_bar


def test_the_longest_bar_leaves_room_for_its_label():
    df = pd.DataFrame(
        {
            "gebied": ["Centrum", "West", "Oost"],
            "waarde": [280.0, 240.0, None],
            "status": ["gewoon", "gewoon", "afgeschermd"],
        }
    )
    fig = gebieden_bar(df, "Werkzoekenden per wijk", "personen", 168.0)
    low, high = fig.layout.xaxis.range
    assert low == 0
    assert high >= 280 * 1.2  # "280 personen": twelve characters right of the bar
