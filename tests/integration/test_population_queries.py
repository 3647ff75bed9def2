"""The population queries over a table that mixes kinds of rows: per sex or totals, per wijk or
for the whole city. A year counts only its most detailed rows, never two kinds at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import queries
from tests.fixtures import copy_data, write_rows


def row(jaar: int, leeftijd: str, aantal: int, geslacht: str | None = None, wijk: str | None = None) -> dict:
    soort = "waargenomen" if jaar < 2030 else "projectie"
    return {"jaar": jaar, "leeftijd": leeftijd, "geslacht": geslacht, "wijk": wijk, "aantal": aantal, "soort": soort}


ROWS = [
    # 2024: per sex for the city, and city totals (geslacht empty) that must not be added to them
    row(2024, "3", 100, "M"),
    row(2024, "3", 110, "V"),
    row(2024, "3", 210),
    row(2024, "70", 40, "M"),
    row(2024, "70", 60, "V"),
    # 2025: per wijk and sex, plus whole-city rows per sex that must not be added to them
    row(2025, "0-4", 5, "M", "Nekkerspoel"),
    row(2025, "0-4", 7, "V", "Nekkerspoel"),
    row(2025, "20", 30, "M", "Battel"),
    row(2025, "20", 20, "V", "Battel"),
    row(2025, "95+", 1, "V", "Battel"),
    row(2025, "0-4", 12, "M"),
    # 2030: only totals
    row(2030, "10", 1000),
]


def use_rows(rows: list[dict], built_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A data folder whose ``bevolking_leeftijd`` holds ``rows`` (as from one file)."""
    data = copy_data(built_data, tmp_path / "data")
    write_rows(
        data, "bevolking_leeftijd", [{**r, "bron": "test.xlsx", "bron_regel": i + 2} for i, r in enumerate(rows)]
    )
    monkeypatch.setenv("MECHELEN_DATA_DIR", str(data))


@pytest.fixture
def mixed(built_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_rows(ROWS, built_data, tmp_path, monkeypatch)


@pytest.mark.usefixtures("mixed")
def test_pyramid_counts_each_person_once():
    p2024 = queries.get_piramide(2024)
    assert p2024.to_dict("records") == [
        {"band_start": 0, "band": "0-4", "geslacht": "M", "aantal": 100},
        {"band_start": 0, "band": "0-4", "geslacht": "V", "aantal": 110},
        {"band_start": 70, "band": "70-74", "geslacht": "M", "aantal": 40},
        {"band_start": 70, "band": "70-74", "geslacht": "V", "aantal": 60},
    ]
    p2025 = queries.get_piramide(2025)
    assert p2025.to_dict("records") == [
        {"band_start": 0, "band": "0-4", "geslacht": "M", "aantal": 5},  # the city row (12) is left out
        {"band_start": 0, "band": "0-4", "geslacht": "V", "aantal": 7},
        {"band_start": 20, "band": "20-24", "geslacht": "M", "aantal": 30},
        {"band_start": 20, "band": "20-24", "geslacht": "V", "aantal": 20},
        {"band_start": 95, "band": "95+", "geslacht": "V", "aantal": 1},  # an open band keeps its label
    ]


@pytest.mark.usefixtures("mixed")
def test_groups_per_year_count_each_person_once():
    groups = queries.get_bevolking_per_groep()
    got = {(r.jaar, r.groep): r.aantal for r in groups.itertuples()}
    assert got == {
        (2024, "0-17"): 210,
        (2024, "65+"): 100,
        (2025, "0-17"): 12,
        (2025, "18-64"): 50,
        (2025, "65+"): 1,
        (2030, "0-17"): 1000,
    }
    assert set(groups.loc[groups["jaar"] == 2030, "soort"]) == {"projectie"}
    assert groups["over_grens"].isna().all()  # single years and bands within one group


BANDS = [
    # 2026 in 5-year bands per sex: "15-19" straddles 18, "60+" straddles 65, "95+" is open
    *(row(2026, band, n, sex) for band, n in (("10-14", 10), ("15-19", 20), ("20-24", 30)) for sex in "MV"),
    row(2026, "60+", 5, "V"),
    row(2026, "95+", 2, "V"),
    row(2026, "65-69", 4, "M"),
    row(2026, "15-24", 3, "M"),  # a band wider than the pyramid's
    # 2027 in single years: grouped exactly
    row(2027, "17", 7, "M"),
    row(2027, "18", 8, "M"),
    row(2027, "95+", 1, "V"),
]


@pytest.fixture
def banded(built_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_rows(BANDS, built_data, tmp_path, monkeypatch)


@pytest.mark.usefixtures("banded")
def test_a_band_across_a_group_boundary_is_in_no_group():
    groups = queries.get_bevolking_per_groep()
    y2026 = groups[groups["jaar"] == 2026]
    fitted = {r.groep: r.aantal for r in y2026.itertuples() if isinstance(r.groep, str)}
    assert fitted == {"0-17": 20, "18-64": 60, "65+": 6}  # 10-14; 20-24; 65-69 and 95+
    across = {r.over_grens: r.aantal for r in y2026.itertuples() if not isinstance(r.groep, str)}
    assert across == {"15-19": 40, "15-24": 3, "60+": 5}  # never counted as minors, nor as 65+
    y2027 = {r.groep: r.aantal for r in groups[groups["jaar"] == 2027].itertuples()}
    assert y2027 == {"0-17": 7, "18-64": 8, "65+": 1}


@pytest.mark.usefixtures("banded")
def test_pyramid_bands_keep_their_own_label():
    got = {(r.band, r.geslacht): r.aantal for r in queries.get_piramide(2026).itertuples()}
    assert got == {
        ("10-14", "M"): 10,
        ("10-14", "V"): 10,
        ("15-19", "M"): 20,
        ("15-19", "V"): 20,
        ("15-24", "M"): 3,  # not folded into 15-19
        ("20-24", "M"): 30,
        ("20-24", "V"): 30,
        ("60+", "V"): 5,
        ("65-69", "M"): 4,
        ("95+", "V"): 2,
    }


@pytest.mark.usefixtures("mixed")
def test_wijken_largest_first_with_their_number():
    wijken = queries.get_bevolking_per_wijk(2025)
    assert wijken.to_dict("records") == [
        {"wijk": "Battel", "aantal": 51, "wijken": 2},
        {"wijk": "Nekkerspoel", "aantal": 12, "wijken": 2},
    ]
    assert queries.get_bevolking_per_wijk(2025, limit=1)["wijk"].tolist() == ["Battel"]
    assert queries.get_bevolking_per_wijk(2024).empty  # no figures per wijk that year
