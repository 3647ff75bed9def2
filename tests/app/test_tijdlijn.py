"""The Tijdlijn page in AppTest: public, one timeline chart with the inferred years marked, a
filter per source document, and the provenance of every event."""

from __future__ import annotations

import pytest

from dashboard.auth import ROLES
from etl.catalog import document_by_code
from tests.app.conftest import chart_specs, metrics, notices, open_page

pytestmark = pytest.mark.usefixtures("page_env")


@pytest.mark.parametrize("role", ROLES)
def test_tijdlijn_for_every_role(role: str):
    at = open_page("tijdlijn", role=role)
    assert not at.exception
    assert [t.value for t in at.title] == ["Tijdlijn"]
    assert metrics(at)["Gebeurtenissen"] == "40"
    (spec,) = chart_specs(at)
    traces = {t["name"]: t for t in spec["data"]}
    # inferred years are drawn hollow and named so in the legend, not by colour alone
    assert traces["000 · jaar afgeleid"]["marker"]["symbol"] == "circle-open"
    assert traces["003 · jaar gelezen"]["marker"]["symbol"] == "circle"
    assert traces["000 · jaar uit ander document"]["marker"]["symbol"] == "diamond"
    lanes = spec["layout"]["yaxis"]["ticktext"]
    assert lanes[:3] == ["Opstart deelprojecten", "Integratie diensten", "Realisatie"]  # by heading, in time order
    assert set(lanes[3:]) == {"Zonder kop (000)", "Zonder kop (003)"}
    # provenance on hover: each point carries its document and line
    points = {p[0]: p for t in spec["data"] for p in t["customdata"]}
    assert points["Integratie diensten: Financiën"][1:4] == ["jaar afgeleid", "000_c6a74a48a3576170.txt", 67]
    assert any("Bron: Tijdlijn" in c.value and "regel" in c.value for c in at.caption)


def test_tijdlijn_filter_per_document_and_bad_link():
    at = open_page("tijdlijn", role="publiek", bron=document_by_code("003").label)
    assert metrics(at)["Gebeurtenissen"] == "14"
    assert metrics(at)["Jaar afgeleid"] == "0"
    (spec,) = chart_specs(at)
    assert {t["name"] for t in spec["data"]} == {"003 · jaar gelezen"}
    bad = open_page("tijdlijn", role="publiek", bron="999")
    assert not bad.exception
    assert metrics(bad)["Gebeurtenissen"] == "40"
    assert any("onbekende waarde voor ‘brondocument’" in n for n in notices(bad))
