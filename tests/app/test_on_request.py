"""Issue 14: tables and long lists are made only on request (a closed expander's table is a heavy
grid in the browser on every visit). Before the request nothing of them reaches the browser; after
it, the same table with its provenance and downloads."""

from __future__ import annotations

import re

import pytest

from dashboard.ui import request_key
from tests.app.conftest import open_page

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


def domain_lists(at) -> list[str]:
    """The Organisatiebeheersing domains' native details elements, in page order."""
    return [d for h in at.get("html") for d in re.findall(r"<details class=\"mc-list\".*?</details>", h.proto.body)]


def test_organisatiebeheersing_lists_in_one_element_closed_until_searched():
    at = open_page("organisatiebeheersing")
    assert not [e for e in at.expander if " — " in e.label]  # no widget per domain
    assert (
        len([h for h in at.get("html") if '<details class="mc-list"' in h.proto.body]) == 1
    )  # every domain in one element
    lists = domain_lists(at)
    assert len(lists) == 7 and all(d.startswith('<details class="mc-list"><summary>') for d in lists)  # closed
    (cultuur,) = [d for d in lists if "<summary>Organisatiecultuur — " in d]
    assert "<strong>Realisaties</strong>" in cultuur and "(regel " in cultuur  # each item with its source line
    also = [d for d in lists if "(ook onder " in d]
    assert also and not any("ook onder nan" in d for d in lists)  # only items in a second domain say so
    searched = domain_lists(open_page("organisatiebeheersing", q="audit"))
    assert searched and all(d.startswith('<details class="mc-list" open>') for d in searched)
    assert not at.dataframe
    at.session_state[request_key("punten")] = True  # all items as one table
    at.run()
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) > 150
