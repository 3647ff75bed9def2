"""The house charts: a one-sentence text alternative made from the data, and whole-number axes."""

from __future__ import annotations

import pandas as pd

from dashboard import charts

FTE = pd.DataFrame({"afdeling": ["Sociale dienst", "Burgerzaken", "Staf"], "fte": [93.47, 55.0, 105.28]})


def test_bar_chart_names_the_largest_of_the_total_and_the_highlight():
    fig = charts.horizontal_bar(FTE, "afdeling", "fte", "VTE", "VTE", highlight="Burgerzaken")
    assert charts.alt_text(fig) == "Staf heeft de meeste VTE: 105,28 van 253,75; Burgerzaken: 55."


def test_stacked_pyramid_and_lines_describe_their_data():
    counts = pd.DataFrame(
        {"domein": ["A", "A", "B"], "soort": ["realisatie", "planning", "realisatie"], "aantal": [2, 1, 2]}
    )
    fig = charts.stacked_bar(counts, "domein", "soort", "aantal", "t", "aantal punten", ["realisatie", "planning"])
    assert charts.alt_text(fig) == "A heeft de meeste punten: 3 van 5 (2 realisatie, 1 planning)."
    assert (fig.layout.xaxis.tick0, fig.layout.xaxis.dtick) == (0, 1)  # not "0 1 1 2 2" on a 0–3 axis
    pyramid = pd.DataFrame(
        {
            "band_start": [90, 90, 95, 95],
            "band": ["90-94", "90-94", "95+", "95+"],  # the band's own label (an open top band too)
            "geslacht": ["M", "V", "M", "V"],
            "aantal": [10, 12, 30, 1000],
        }
    )
    assert charts.alt_text(charts.piramide(pyramid, "p")) == (
        "1.052 inwoners (40 mannen, 1.012 vrouwen); de grootste leeftijdsgroep is 95+ jaar met 1.030 inwoners."
    )
    groups = pd.DataFrame(
        {"jaar": [2020, 2021, 2020, 2021], "groep": ["0-17", "0-17", "65+", "65+"], "aantal": [5, 6, 7, 9]}
    )
    assert charts.alt_text(charts.lines(groups, "jaar", "aantal", "groep", "g", "inwoners")) == (
        "Van 2020 tot 2021: 0-17 van 5 naar 6, 65+ van 7 naar 9 inwoners."
    )


def test_empty_chart_says_so():
    assert charts.alt_text(charts.horizontal_bar(FTE.iloc[:0], "afdeling", "fte", "t", "VTE")) == charts.NO_DATA
