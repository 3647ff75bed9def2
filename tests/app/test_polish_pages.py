"""No English from Streamlit where our code can set the text (issue 12, item 12): placeholders of
every select box, empty cells instead of "None", "1 punt"."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.app.conftest import open_page

PAGES = ["bevolking", "personeel", "organisatiebeheersing", "beleid", "tijdlijn", "opladen", "beheer"]


def test_every_select_box_has_a_dutch_placeholder(two_years: Path):
    seen = 0
    for page in PAGES:
        at = open_page(page, role="beheer")
        assert not at.exception, page
        for box in [*at.selectbox, *at.multiselect]:
            seen += 1
            placeholder = box.proto.placeholder
            assert placeholder and not placeholder.lower().startswith("choose"), (page, box.label, placeholder)
    assert seen >= 8


def test_one_point_is_singular(two_years: Path):
    at = open_page("organisatiebeheersing", jaar="2022", q="personeel")
    labels = [e.label for e in at.expander]
    assert "Organisatiecultuur — 1 vermelding" in labels, labels


def test_missing_values_are_empty_cells_not_none(two_years: Path):
    def script() -> None:
        import pandas as pd

        from dashboard.ui import data_table

        rows = pd.DataFrame(
            {"wijk": ["Centrum", None], "aantal": [1200.0, None], "bron": ["x.xlsx", "x.xlsx"], "bron_regel": [2, 3]}
        )
        data_table(rows, "test", {"wijk": "Wijk", "aantal": "Inwoners"}, quote=False)

    at = AppTest.from_function(script).run()
    shown = at.dataframe[0].value
    assert not shown[["Wijk", "Inwoners"]].isna().any().any()
    assert shown["Wijk"].tolist() == ["Centrum", ""] and shown["Inwoners"].tolist() == ["1.200", ""]
    assert isinstance(shown, pd.DataFrame)
