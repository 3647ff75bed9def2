"""Rapport (PDF): every page's report opens and holds its figures, filters, link and sources, its
charts as vector paths and text; ``python -m etl report`` writes it and refuses what it does not know.

The reports are drawn in this process, so one kaleido (Chromium) session serves every test."""

from __future__ import annotations

import datetime as dt
import io
import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from dashboard import auth
from dashboard.reports import all_pages, render, report_for
from etl.__main__ import main as etl_main
from tests.fixtures import copy_data, synthetic_population

ROOT = Path(__file__).resolve().parents[2]
PATH_OPERATORS = {b"m", b"l", b"c", b"v", b"y", b"re", b"h"}


def pdf_of(page: str, **params: str | list[str]) -> bytes:
    given = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
    with auth.acting_as("bestuur"):
        report = report_for(page, given, "https://cijfers.mechelen.be")
    return render.to_pdf(report)


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))


def drawing(pdf: bytes) -> tuple[int, int]:
    """(path operators, images) over every page and the form XObjects they use."""
    reader = PdfReader(io.BytesIO(pdf))
    paths = images = 0

    def walk(content, resources) -> None:
        nonlocal paths, images
        paths += sum(op in PATH_OPERATORS for _, op in ContentStream(content, reader).operations)
        for obj in (resources or {}).get("/XObject", {}).values():
            obj = obj.get_object()
            if obj["/Subtype"] == "/Image":
                images += 1
            elif obj["/Subtype"] == "/Form":
                walk(obj, obj.get("/Resources"))

    for page in reader.pages:
        walk(page.get_contents(), page.get("/Resources"))
    return paths, images


@pytest.fixture(scope="module")
def personeel_pdf(built_data: Path) -> bytes:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MECHELEN_DATA_DIR", str(built_data))
        return pdf_of("personeel")


def test_personeel_pdf_holds_title_figures_filters_link_and_sources(personeel_pdf: bytes):
    assert personeel_pdf.startswith(b"%PDF-")
    text = text_of(personeel_pdf)
    today = dt.datetime.now(ZoneInfo("Europe/Brussels")).strftime("%d/%m/%Y")
    for expected in (
        "Personeel",
        f"Gemaakt op {today}",
        "Filters: Afdeling: Alle afdelingen",
        "https://cijfers.mechelen.be/personeel",
        "VTE directie Samen Leven 253,75",
        "Sociale dienst heeft de meeste VTE: 93,47 van 253,75.",  # the chart's text alternative
        "Bron: Personeel (VTE) per afdeling van de directie Samen Leven",  # the source line under the chart
        "regels 257, 320, 373, 430, 463",  # main (issue 12): plural, document by title
        "VTE per afdeling — directie Samen Leven",  # the chart's own title: text inside the vector chart
    ):
        assert expected in text, expected


def test_charts_are_vector_paths_not_images(personeel_pdf: bytes):
    paths, images = drawing(personeel_pdf)
    assert images == 0
    assert paths > 20  # five bars, grid lines and axes


def test_filters_reach_the_report_and_its_link(data_env):
    text = text_of(pdf_of("personeel", afdeling="Burgerzaken"))
    assert "Filters: Afdeling: Burgerzaken" in text
    assert "https://cijfers.mechelen.be/personeel?afdeling=Burgerzaken" in text
    assert "VTE Burgerzaken 55" in text
    assert "Teams — Burgerzaken" in text
    org = text_of(pdf_of("organisatiebeheersing", domein=["Organisatiecultuur"], q="welzijn"))
    assert "Domein: Organisatiecultuur; Zoekterm: welzijn" in org
    assert "Realisaties (unieke punten) 1" in org  # "Welzijn op het werk", listed twice


@pytest.mark.parametrize("page", ["overzicht", "bevolking", "organisatiebeheersing", "beleid", "tijdlijn"])
def test_every_dashboard_page_has_a_report(data_env, page: str):
    text = text_of(pdf_of(page))
    title = {
        "overzicht": "Mechelen in cijfers — Overzicht",
        "bevolking": "Bevolking",
        "organisatiebeheersing": "Organisatiebeheersing",
        "beleid": "Beleid — memorandum 2018",
        "tijdlijn": "Tijdlijn",
    }[page]
    assert text.startswith(title)
    figures = {
        "overzicht": ["86.194", "253,75", "113 / 50"],
        "bevolking": ["86.194", "33,3%", "0-17 jaar: +2.368 personen; 65+ jaar: +4.674 personen."],
        "organisatiebeheersing": ["Realisaties (unieke punten) 113", "Planning (unieke punten) 50", "Bron: Voortgang"],
        "beleid": ["73 aanbevelingen", "1. Werk professioneel heeft de meeste aanbevelingen: 21 van 73."],
        "tijdlijn": ["Gebeurtenissen 40", "40 gebeurtenissen van 2004 tot 2018", "Bron: Tijdlijn"],
    }[page]
    for expected in figures:
        assert expected in text, expected


def test_registry_lists_the_dashboard_pages():
    assert {"overzicht", "bevolking", "personeel", "organisatiebeheersing", "beleid", "tijdlijn"} <= set(all_pages())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "bestaat-niet", "--out", "x.pdf"], "onbekende pagina ‘bestaat-niet’"),
        (["report", "personeel", "--param", "kleur=rood", "--out", "x.pdf"], "onbekende parameter ‘kleur’"),
        (["report", "personeel", "--param", "afdeling=Nergens", "--out", "x.pdf"], "onbekende waarde ‘Nergens’"),
        (["report", "personeel", "--param", "afdeling", "--out", "x.pdf"], "niet de vorm sleutel=waarde"),
        (["report", "overzicht", "--param", "jaar=2022", "--out", "x.pdf"], "onbekende parameter ‘jaar’"),
    ],
)
def test_cli_refuses_unknown_page_or_parameter(data_env, tmp_path, monkeypatch, capsys, args, message):
    monkeypatch.chdir(tmp_path)
    assert etl_main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("fout: ") and message in err
    assert not (tmp_path / "x.pdf").exists()


def test_cli_writes_the_pdf_and_etl_does_not_import_the_dashboard(data_env, tmp_path):
    out = tmp_path / "rapport.pdf"
    run = subprocess.run(
        [sys.executable, "-m", "etl", "report", "personeel", "--param", "afdeling=Sociale dienst", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""  # Streamlit's "no runtime" warnings are expected here and kept quiet
    assert "VTE Sociale dienst 93,47" in text_of(out.read_bytes())
    refused = subprocess.run(
        [sys.executable, "-m", "etl", "report", "bestaat-niet", "--out", str(tmp_path / "x.pdf")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [refused.stderr.strip()]  # one Dutch line, no traceback
    assert refused.stderr.startswith("fout: onbekende pagina ‘bestaat-niet’; kies uit: beleid, bevolking")
    probe = "import sys, etl.__main__; print(sorted(m for m in sys.modules if m.startswith('dashboard')))"
    imported = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert imported.stdout.strip() == "[]"


def test_bevolking_report_with_published_population_and_its_year(built_data: Path, tmp_path: Path, monkeypatch):
    data = copy_data(built_data, tmp_path / "data")
    synthetic_population(data, wijken=("Wijk A", "Wijk B"))
    monkeypatch.setenv("MECHELEN_DATA_DIR", str(data))
    pdf = pdf_of("bevolking", jaar="2023")
    text = text_of(pdf)
    assert "Filters: Jaar: 2023" in text and "/bevolking?jaar=2023" in text
    for title in ("Bevolkingspiramide 2023", "Inwoners per leeftijdsgroep", "Inwoners per wijk, 2023"):
        assert title in text, title
    assert "Bron: Bevolking per leeftijd" in text
    assert drawing(pdf)[1] == 0
