"""Widget state belongs to its page (issue 12, item 5), and an unexpected exception on a page is a
Dutch message with a reference, its detail only in the log."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.app.conftest import metrics, open_page


def test_filters_of_one_page_neither_break_nor_prefill_another(two_years: Path):
    at = open_page("bevolking")
    at.slider(key="bevolking.jaar").set_value(2021).run()
    assert at.query_params["jaar"] == "2021"  # the URL parameter keeps its short name
    at.switch_page("pages/organisatiebeheersing.py").run()
    assert not at.exception
    assert at.button_group(key="organisatiebeheersing.jaar").value == 2022  # not Bevolking's 2021
    at.button_group(key="organisatiebeheersing.jaar").set_value(2021).run()
    at.text_input(key="organisatiebeheersing.q").input("audit").run()
    at.switch_page("pages/beleid.py").run()
    assert not at.exception
    assert at.text_input(key="beleid.q").value == ""  # the search stayed on its page
    assert next(h.value for h in at.subheader) == "73 aanbevelingen"
    at.switch_page("pages/bevolking.py").run()
    assert not at.exception and not at.error
    assert at.slider(key="bevolking.jaar").value in (2021, 2025)  # its own value or the default, never a crash


def test_short_link_still_opens_the_view(two_years: Path):
    at = open_page("organisatiebeheersing", jaar="2021", q="Fiets")
    assert at.button_group(key="organisatiebeheersing.jaar").value == 2021
    assert at.text_input(key="organisatiebeheersing.q").value == "Fiets"
    assert metrics(at)["Planning (unieke punten)"] == "1"


def test_unexpected_error_is_a_dutch_message_with_a_reference(
    data_env: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    from dashboard import queries

    def broken():
        raise RuntimeError("geheim detail uit de databank")

    monkeypatch.setattr(queries, "get_fte_by_afdeling", broken)
    with caplog.at_level(logging.ERROR, logger="mechelen.pagina"):
        at = open_page("personeel")
    assert not at.exception  # no Streamlit error screen
    shown = " ".join(e.value for e in at.error)
    assert "Er ging iets mis" in shown and "geheim detail" not in shown and "Traceback" not in shown
    ref = shown.split("referentie **")[1].split("**")[0]
    record = next(r for r in caplog.records if ref in r.getMessage())
    assert record.exc_info and "geheim detail uit de databank" in str(record.exc_info[1])


def test_a_kept_choice_that_another_filter_removed_falls_back(two_years: Path):
    at = open_page("organisatiebeheersing")
    at.button_group(key="organisatiebeheersing.domein").select("Bereiken doelstellingen").run()
    at.button_group(key="organisatiebeheersing.jaar").set_value(2021).run()  # 2021 has no such domain
    assert not at.exception and not at.error
    assert at.button_group(key="organisatiebeheersing.domein").value == []


def test_the_default_page_has_readable_keys_too(two_years: Path):
    """Open data is the default page of an anonymous visitor (its URL path is empty)."""
    at = open_page("open_data", role="publiek", grafiek="leeftijd")  # the population by age: one chart at a time
    assert [s.key for s in at.slider] == ["open_data.jaar"]


def filters_label(at) -> str:
    """The label of Organisatiebeheersing's filter button (a popover)."""
    [popover] = at.main.get("popover")
    return popover.proto.popover.label


def test_the_filter_button_tells_what_is_in_force(data_env: Path):
    """Domain and search sit behind one button; its label says what holds without opening it,
    from the link as from the widgets."""
    at = open_page("organisatiebeheersing")
    assert filters_label(at) == "Alle domeinen"
    at = open_page("organisatiebeheersing", domein="Organisatiecultuur", q="audit")
    assert filters_label(at) == "Domein: Organisatiecultuur · zoekterm `audit`"
    at.pills(key="organisatiebeheersing.domein").set_value(["Organisatiecultuur", "Bescherming activa"]).run()
    at.text_input(key="organisatiebeheersing.q").input("").run()
    assert filters_label(at) == "2 domeinen"
