"""The upload page through the whole flow: bad file → problems; good file → preview and diff →
publish → the dashboards show it → roll back."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from tests.app.conftest import metrics, notices, open_page
from tests.fixtures import copy_data

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def fte_xlsx(rows: list[tuple[object, object]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Personeel"
    ws.append(["Telling personeel (test)"])
    ws.append(["Afdeling", "VTE"])
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


GOOD = [
    ("Preventie & veiligheid", "52,86"),
    ("Burgerzaken", 60),
    ("Sociale dienst", "93,47"),
    ("Sociaal beleid", "40,92"),
    ("Front office (M-bassadeurs)", "11,5"),
]


@pytest.fixture
def data(built_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = copy_data(built_data, tmp_path / "data")
    monkeypatch.setenv("MECHELEN_DATA_DIR", str(target))
    return target


def test_bad_file_shows_every_problem_and_cannot_be_published(data: Path):
    at = open_page("opladen", role="analist", dataset="fte_afdeling")
    assert not at.exception
    at.file_uploader[0].set_value(("fout.xlsx", fte_xlsx([("Burgerzaken", "veel"), ("Burgerzaken", -3)]), XLSX)).run()
    assert not at.exception
    assert any("kan niet gepubliceerd worden" in e.value for e in at.error)
    problems = at.dataframe[0].value
    assert list(problems["Rij"]) == [3, 4, 4]  # the unreadable value once, not also as "missing"
    assert "geen getal" in problems["Probleem"].iloc[0] and problems["Kolom"].iloc[0] == "fte (B)"
    assert any("dubbele sleutel" in p for p in problems["Probleem"])
    assert not [b for b in at.button if b.label == "Publiceren"]


def test_good_file_preview_publish_and_rollback(data: Path):
    at = open_page("opladen", role="analist", dataset="fte_afdeling")
    at.file_uploader[0].set_value(("nieuw.xlsx", fte_xlsx(GOOD), XLSX)).run()
    assert not at.exception
    assert any("in orde: 5 rijen" in s.value for s in at.success)
    m = metrics(at)
    assert (m["Nieuwe rijen"], m["Verdwenen rijen"], m["Gewijzigde waarden"]) == ("0", "0", "1")
    effect = at.dataframe[0].value.set_index("Maat")
    assert effect.loc["som fte (VTE)", "Verschil"] == "+5"
    assert effect.loc["som fte (VTE)", "Na publicatie"] == "258,75"
    next(b for b in at.button if b.label == "Publiceren").click().run()
    assert any("Gepubliceerd als versie 2" in s.value for s in at.success)

    personeel = open_page("personeel", afdeling="Burgerzaken")
    assert metrics(personeel)["VTE Burgerzaken"] == "60"
    assert metrics(personeel)["VTE directie Samen Leven"] == "258,75"

    at = open_page("opladen", role="analist", dataset="fte_afdeling")
    history = at.dataframe[0].value
    assert list(history["Versie"]) == [2, 1]
    at.selectbox[1].select(1)
    at.checkbox[0].check()
    next(b for b in at.button if b.label == "Terugzetten").click().run()
    assert not at.exception
    personeel = open_page("personeel", afdeling="Burgerzaken")
    assert metrics(personeel)["VTE Burgerzaken"] == "55"


# --- issue 12: the URL, publishing once, rollback feedback, withdrawing, Brussels times, totals per year


def population_xlsx(years: tuple[int, ...] = (2023, 2024), aantal: int = 100) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Jaar", "Leeftijd", "Geslacht", "Aantal"])
    for year in years:
        for age in range(3):
            ws.append([year, str(age), "V", aantal + age])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def button(at, label: str):
    return next(b for b in at.button if b.label == label)


def test_url_holds_the_dataset_name_and_the_widget_its_title(data: Path):
    at = open_page("opladen", role="analist")
    at.selectbox(key="dataset").select("bevolking_leeftijd").run()
    assert not at.exception
    assert at.query_params["dataset"] == "bevolking_leeftijd"
    assert at.selectbox(key="dataset").format_func("bevolking_leeftijd") == "Bevolking per leeftijd en geslacht"
    at.run()  # every rerun, as a click elsewhere on the page makes one
    assert not [n for n in notices(at) if "onbekende waarde" in n]
    linked = open_page("opladen", role="analist", dataset="voortgang")
    assert linked.selectbox(key="dataset").value == "voortgang"
    assert not [n for n in notices(linked) if "onbekende waarde" in n]


def test_preview_totals_are_per_reference_year(data: Path):
    at = open_page("opladen", role="analist", dataset="bevolking_leeftijd")
    at.file_uploader[0].set_value(("bevolking.xlsx", population_xlsx(), XLSX)).run()
    assert not at.exception
    effect = at.dataframe[0].value.set_index("Maat")
    assert effect.loc["som aantal (inwoners), jaar 2023", "Na publicatie"] == "303"
    assert effect.loc["som aantal (inwoners), jaar 2024", "Na publicatie"] == "303"
    assert "som aantal (inwoners)" not in effect.index  # no sum over the years


def test_publish_once_then_identical_content_makes_no_version(data: Path):
    at = open_page("opladen", role="analist", dataset="bevolking_leeftijd")
    at.file_uploader[0].set_value(("bevolking.xlsx", population_xlsx(), XLSX)).run()
    button(at, "Publiceren").click().run()
    assert not at.exception
    assert any("Gepubliceerd als versie 1" in s.value for s in at.success)
    assert button(at, "Publiceren").disabled  # done after its publish
    at.run()
    assert button(at, "Publiceren").disabled and any("versie 1" in s.value for s in at.success)
    # The same file uploaded again (its name is in the rows' provenance): said so, no version 2.
    at.file_uploader[0].set_value(("bevolking.xlsx", population_xlsx(), XLSX)).run()
    assert not button(at, "Publiceren").disabled  # a new upload: a new button
    button(at, "Publiceren").click().run()
    assert any("Niets gepubliceerd" in n and "versie 1" in n for n in notices(at))
    history = open_page("opladen", role="analist", dataset="bevolking_leeftijd").dataframe[0].value
    assert list(history["Versie"]) == [1]
    assert history["Tijd"].str.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}").all()


def test_rollback_message_stays_and_confirmation_is_unticked(data: Path):
    at = open_page("opladen", role="analist", dataset="fte_afdeling")
    at.file_uploader[0].set_value(("nieuw.xlsx", fte_xlsx(GOOD), XLSX)).run()
    button(at, "Publiceren").click().run()
    at = open_page("opladen", role="analist", dataset="fte_afdeling")
    at.selectbox[1].select(1)  # the version to restore
    at.checkbox[0].check()
    button(at, "Terugzetten").click().run()
    assert not at.exception
    assert any("Versie 1 is teruggezet (nu versie 3)" in s.value for s in at.success)
    assert at.checkbox[0].value is False
    assert list(at.dataframe[0].value["Versie"]) == [3, 2, 1]
    assert at.selectbox[1].options == ["2"]  # version 1 is what is shown now


def test_withdraw_a_first_publication(data: Path):
    at = open_page("opladen", role="analist", dataset="bevolking_leeftijd")
    assert not [b for b in at.button if b.label == "Intrekken"]  # nothing published yet
    at.file_uploader[0].set_value(("bevolking.xlsx", population_xlsx(), XLSX)).run()
    button(at, "Publiceren").click().run()
    assert len(open_page("bevolking").get("plotly_chart")) == 3

    at = open_page("opladen", role="analist", dataset="bevolking_leeftijd")
    button(at, "Intrekken").click().run()  # without the confirmation: nothing happens
    assert any("bevestigingsvakje" in w.value for w in at.warning)
    at.checkbox(key="intrekken_zeker").check()
    button(at, "Intrekken").click().run()
    assert not at.exception
    assert any("is ingetrokken (versie 2)" in s.value for s in at.success)
    assert at.dataframe[0].value["Actie"].iloc[0] == "intrekking"
    assert not [b for b in at.button if b.label == "Intrekken"]
    bevolking = open_page("bevolking")  # as before the first upload
    assert any("nog geen tabel ‘Bevolking per leeftijd en geslacht’" in n for n in notices(bevolking))

    documents = open_page("opladen", role="analist", dataset="fte_afdeling")
    assert not [b for b in documents.button if b.label == "Intrekken"]  # built from documents
