"""The preview's totals are per reference year: inhabitants summed over years are no figure
(issue 12, item 4: 537.625 "inwoners" over six years)."""

from __future__ import annotations

from pathlib import Path

from etl.publish import prepare, publish
from etl.store import Store
from tests.upload import files

HEADER = ["jaar", "leeftijd", "geslacht", "aantal"]


def population(years: dict[int, int]) -> bytes:
    """Three ages per year, ``years[year] + age`` inhabitants each."""
    return files.xlsx([HEADER, *[[y, str(age), "V", n + age] for y, n in years.items() for age in range(3)]])


def test_headline_sums_per_reference_year(tmp_path: Path):
    store = Store(tmp_path)
    publish(prepare("2023.xlsx", population({2022: 10, 2023: 100}), "bevolking_leeftijd", store), store)
    prepared = prepare("2024.xlsx", population({2023: 200, 2024: 1000}), "bevolking_leeftijd", store)
    assert prepared.ok
    headline = prepared.diff.headline.set_index("maat")
    assert list(headline.index) == [
        "aantal rijen",
        "som aantal (inwoners), jaar 2022",
        "som aantal (inwoners), jaar 2023",
        "som aantal (inwoners), jaar 2024",
    ]
    assert headline.loc["aantal rijen", ["voor", "na"]].tolist() == [6, 9]
    assert headline.loc["som aantal (inwoners), jaar 2022", ["voor", "na", "verschil"]].tolist() == [33, 33, 0]
    assert headline.loc["som aantal (inwoners), jaar 2023", ["voor", "na", "verschil"]].tolist() == [303, 603, 300]
    assert headline.loc["som aantal (inwoners), jaar 2024", ["voor", "na", "verschil"]].tolist() == [0, 3003, 3003]


def test_headline_without_reference_year_sums_the_table(tmp_path: Path):
    """A dataset without a reference year in the catalog (a snapshot, like VTE per afdeling)."""
    prepared = prepare("vte.xlsx", files.fte_xlsx(), "fte_afdeling", Store(tmp_path))
    headline = prepared.diff.headline.set_index("maat")
    assert headline.loc["som fte (VTE)", "na"] == 52.86 + 55 + 93.47
