"""Key-figure tiles as one HTML description list (dashboard.ui.tiles_html)."""

from __future__ import annotations

from dashboard.reports.model import Kerncijfer
from dashboard.ui import tiles_html

PAYLOAD = "<img src=x onerror=alert(1)>"


def test_tiles_are_a_description_list_with_the_note_behind_toelichting() -> None:
    html = tiles_html([Kerncijfer("VTE", "253,75"), Kerncijfer("Grootste afdeling", "Sociale dienst", "93,47 VTE")], 4)
    assert html.startswith('<dl class="mc-tiles" style="--mc-slots: 4">') and html.endswith("</dl>")
    assert html.count("<dt>") == 2 and html.count('<dd class="mc-value">') == 2
    assert html.count("<details>") == 1  # only the tile with a note
    assert "<summary>Toelichting</summary>93,47 VTE</details>" in html
    assert 'style="--mc-slots: 2"' in tiles_html([Kerncijfer("a", "1"), Kerncijfer("b", "2")])


def test_text_from_data_is_escaped() -> None:
    html = tiles_html([Kerncijfer(PAYLOAD, PAYLOAD, PAYLOAD, PAYLOAD)])
    assert "<img" not in html and html.count("&lt;img src=x onerror=alert(1)&gt;") == 4


def test_a_change_is_under_the_value_and_a_note_of_several_lines_keeps_its_lines() -> None:
    html = tiles_html([Kerncijfer("Stad, 2022", "1.050 personen", "Eenheid: personen\nDoel: geen", change="+210")])
    assert '<dd class="mc-value">1.050 personen</dd><dd class="mc-change">+210</dd><dd class="mc-note">' in html
    assert "Eenheid: personen<br>Doel: geen" in html


def test_a_change_is_judged_by_the_indicators_direction() -> None:
    from dashboard.indicator_ui import judgement

    assert judgement(5, "hoger is beter") == " (beter)" and judgement(-5, "hoger is beter") == " (slechter)"
    assert judgement(-5, "lager is beter") == " (beter)" and judgement(5, "lager is beter") == " (slechter)"
    assert judgement(5, "neutraal") == "" and judgement(0, "hoger is beter") == ""
