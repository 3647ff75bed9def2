"""Every dashboard page offers its report, and every chart says in words what it shows."""

from __future__ import annotations

import pytest

from tests.app.conftest import open_page

pytestmark = pytest.mark.usefixtures("page_env")

CHART_SENTENCES = {
    "bevolking": "0-17 jaar: +2.368 personen; 65+ jaar: +4.674 personen.",
    "personeel": "Sociale dienst heeft de meeste VTE: 93,47 van 253,75.",
    "organisatiebeheersing": (
        "Organisatiecultuur heeft de meeste vermeldingen: 32 van 179 (21 realisatie, 11 planning)."
    ),
    "beleid": "1. Werk professioneel heeft de meeste aanbevelingen: 21 van 73.",
}


@pytest.mark.parametrize("page", ["overzicht", "bevolking", "personeel", "organisatiebeheersing", "beleid", "tijdlijn"])
def test_page_offers_its_report_and_describes_its_charts(page: str):
    at = open_page(page)
    assert not at.exception
    assert [b.label for b in at.get("download_button") if b.label == "Rapport (PDF)"] == ["Rapport (PDF)"]
    if page in CHART_SENTENCES:
        shown = [md.value.replace("\\", "") for md in at.markdown]  # markdown-escaped on the page
        assert f"**In het kort:** {CHART_SENTENCES[page]}" in shown


def test_open_data_view_has_no_report_button():
    at = open_page("open_data", role="publiek")
    assert not at.exception
    assert not [b for b in at.get("download_button") if b.label == "Rapport (PDF)"]
