"""Issue 14: tables and long lists are made only on request (a closed expander's table is a heavy
grid in the browser on every visit). Before the request nothing of them reaches the browser; after
it, the same table with its provenance and downloads."""

from __future__ import annotations

import pytest

from dashboard.ui import request_key
from tests.app.conftest import chart_titles, open_page

pytestmark = pytest.mark.usefixtures("page_env")


def downloads(at) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_personeel_tables_appear_only_when_asked():
    at = open_page("personeel")
    labels = [e.label for e in at.expander]
    assert labels == ["Toon als tabel, herkomst en download", "Toon de teams als tabel, met herkomst en download"]
    assert not at.dataframe and downloads(at) == ["Rapport (PDF)"]

    at.session_state[request_key("fte_afdeling")] = True  # the chart's table
    at.run()
    (fte,) = at.dataframe
    assert fte.value.set_index("Afdeling").loc["Sociale dienst", "VTE"] == "93,47"
    assert {"Bron", "Regel", "Uit de tekst"} <= set(fte.value.columns)  # provenance one click away
    assert downloads(at) == ["Rapport (PDF)", "Download CSV", "Download XLSX"]

    at.session_state[request_key("teams")] = True
    at.run()
    assert len(at.dataframe) == 2 and "Sociale dienst" in set(at.dataframe[1].value["Afdeling"])


def test_bevolking_kerncijfers_on_request():
    at = open_page("bevolking")
    assert not at.dataframe
    (label,) = [e.label for e in at.expander if "kerncijfers" in e.label]
    assert label.startswith("Toon de ") and "met de zin uit de bron" in label
    at.session_state[request_key("kerncijfers")] = True
    at.run()
    (kern,) = at.dataframe
    assert "86.194" in set(kern.value["Waarde"]) and kern.value["Uit de tekst"].str.len().gt(0).all()


def test_organisatiebeheersing_lists_made_when_opened_or_searched():
    at = open_page("organisatiebeheersing")
    domains = [e for e in at.expander if e.label.startswith("Organisatiecultuur — ")]
    assert len(domains) == 1 and not domains[0].children  # closed: its list is not made
    assert not any("Mindlab" in md.value for md in at.markdown)
    index = [e.label for e in at.expander].index(domains[0].label)
    at.session_state[request_key(f"punten_{index}")] = True
    at.run()
    assert any("**Realisaties**" in md.value and "(regel " in md.value for md in at.markdown)
    assert not at.dataframe
    at.session_state[request_key("punten")] = True  # all items as one table
    at.run()
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) > 150


def test_organisatiebeheersing_says_ook_onder_only_for_items_in_a_second_domain():
    at = open_page("organisatiebeheersing")
    keys = [request_key(f"punten_{i}") for i, e in enumerate(at.expander) if " — " in e.label]
    for key in keys:
        at.session_state[key] = True
    at.run()
    lists = "\n".join(md.value for md in at.markdown if "**Realisaties**" in md.value or "**Planning**" in md.value)
    assert ":blue[(ook onder " in lists
    assert "ook onder nan" not in lists  # a missing domain is NaN, which is truthy


def test_open_data_tables_behind_one_control_one_or_more_at_once():
    at = open_page("open_data", role="publiek")
    assert not at.exception and not at.dataframe
    assert [e.label for e in at.expander] == ["Toon als tabel, herkomst en download"]  # the chart's table only
    (tables,) = at.pills
    assert tables.options == ["23 kerncijfers", "3 beleidsdoelen", "40 gebeurtenissen op de tijdlijn"]
    tables.set_value(["40 gebeurtenissen op de tijdlijn", "23 kerncijfers"]).run()
    kern, tijdlijn = (df.value for df in at.dataframe)  # in the control's order, each under its name
    assert "Indicator" in kern.columns and "Gebeurtenis" in tijdlijn.columns and {"Bron", "Regel"} <= set(kern.columns)
    assert {"**23 kerncijfers**", "**40 gebeurtenissen op de tijdlijn**"} <= {md.value for md in at.markdown}
    assert downloads(at) == ["Download CSV", "Download XLSX"] * 2


def test_open_data_one_chart_at_a_time_in_the_link():
    """Issue 14: Open data shows one chart, the other one click away and in the link."""
    at = open_page("open_data", role="publiek")
    [prognose] = chart_titles(at)
    at.button_group(key="open_data.grafiek").select("aanbevelingen").run()
    assert at.query_params["grafiek"] == "aanbevelingen"
    assert chart_titles(at) == ["Aantal aanbevelingen per thema"] != [prognose]
    linked = open_page("open_data", role="publiek", grafiek="aanbevelingen")
    assert chart_titles(linked) == ["Aantal aanbevelingen per thema"]
