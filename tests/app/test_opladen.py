"""The upload page through the whole flow: bad file → problems; good file → preview and diff →
publish → the dashboards show it → roll back."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from tests.app.conftest import metrics, open_page
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
