"""Malformed and hostile files through the command line and the upload page: each one refused with a
Dutch message, within bounds of time and memory, and the published data byte for byte unchanged.

The files come from :mod:`tests.hostile`. A zip bomb of gigabytes is a few MB on disk; with
``MECHELEN_HEAVY_TESTS=1`` it grows, and a CSV of 1 GB on a single line is added.
"""

from __future__ import annotations

import concurrent.futures
import zipfile
from pathlib import Path

import pytest

from dashboard.formatting import escape_markdown
from etl.store import Store
from etl.upload.flow import read_upload
from etl.upload.workbook import MAX_NAME
from tests import hostile
from tests.app.conftest import open_page
from tests.fixtures import copy_data, copy_store
from tests.hostile import HOSTILE, Hostile, heavy, run_measured, snapshot
from tests.upload import files

BOMB_MB = hostile.heavy_or(2048, 8192)  # uncompressed size of the zip bomb (default limit: 1024 MB)
MAX_SECONDS = 60  # per refusal, on a busy machine; a bomb that were inflated would take far longer
MAX_RSS_MB = 450  # the CLI's own imports take about 180 MB; a bomb inflated in memory would take GBs


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile.zip_bomb(tmp_path_factory.mktemp("bom") / "bom.xlsx", BOMB_MB)


def test_the_zip_bomb_is_a_valid_archive(tmp_path: Path):
    """So that its refusal is about its size, not a damaged archive: a small one inflates intact."""
    with zipfile.ZipFile(hostile.zip_bomb(tmp_path / "klein.xlsx", 8)) as archive:
        assert archive.testzip() is None
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size == 8 * hostile.CHUNK


def _cases(bomb: Path) -> list[Hostile]:
    return [*HOSTILE, Hostile("bom.xlsx", bomb.read_bytes, "mogelijk een zip-bom")]


@pytest.fixture
def parquet(built_data: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data" / "parquet"
    copy_store(built_data / "parquet", target)
    return target


def _written(folder: Path, case: Hostile) -> Path:
    path = folder / case.name
    path.write_bytes(case.data())
    return path


def _cli_refuses(parquet: Path, path: Path, case: Hostile) -> str | None:
    """None when the CLI refused the file at ``path`` as ``case`` says it must; else what went wrong."""
    command = ["-m", "etl", "--data", str(parquet), "ingest", str(path), "--dataset", "fte_afdeling"]
    done = run_measured(command, env=dict(case.env))
    checks = {
        "exit status 2": done.returncode == 2,
        f"‘{case.expect}’ on stderr": case.expect in done.stderr,
        "‘is niet gepubliceerd’ on stderr": f"{case.name} is niet gepubliceerd" in done.stderr,
        "no traceback": "Traceback" not in done.stderr,
        f"within {MAX_SECONDS} s": done.seconds < MAX_SECONDS,
        f"peak RSS under {MAX_RSS_MB} MB": done.peak_rss_mb < MAX_RSS_MB,
    }
    failed = [what for what, ok in checks.items() if not ok]
    if failed:
        return f"{case.name}: not {', '.join(failed)} ({done.returncode}, {done.seconds:.1f} s, " + (
            f"{done.peak_rss_mb:.0f} MB)\n{done.stderr[-800:]}"
        )
    print(f"{case.name}: refused in {done.seconds:.1f} s, peak RSS {done.peak_rss_mb:.0f} MB")
    return None


def test_cli_refuses_every_hostile_file(parquet: Path, tmp_path: Path, bomb: Path):
    before = snapshot(parquet)
    cases = _cases(bomb)
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:  # each child is mostly imports
        failures = [f for f in pool.map(lambda c: _cli_refuses(parquet, _written(tmp_path, c), c), cases) if f]
    assert not failures, "\n".join(failures)
    assert snapshot(parquet) == before


@heavy
def test_cli_refuses_a_1_gb_line(parquet: Path, tmp_path: Path):
    """1 GB on one line: refused on its size (50 MB by default) without reading it whole."""
    path = tmp_path / "een_regel.csv"
    with path.open("wb") as out:  # streamed: the test does not hold it either
        out.write(b"Afdeling;VTE\r\n")
        for _ in range(1024):
            out.write(b"x" * hostile.CHUNK)
    before = snapshot(parquet)
    assert _cli_refuses(parquet, path, Hostile(path.name, bytes, "groter dan de toegelaten 50 MB")) is None
    assert snapshot(parquet) == before


def test_upload_page_refuses_every_hostile_file(
    built_data: Path, tmp_path: Path, bomb: Path, monkeypatch: pytest.MonkeyPatch
):
    data = tmp_path / "data"
    copy_data(built_data, data)
    monkeypatch.setenv("MECHELEN_DATA_DIR", str(data))
    for case in HOSTILE:
        for name, value in case.env:
            monkeypatch.setenv(name, value)
    before = snapshot(data / "parquet")
    at = open_page("opladen", role="analist", dataset="fte_afdeling")
    for case in _cases(bomb):
        at.file_uploader[0].set_value((case.name, case.data(), "application/octet-stream")).run()
        assert not at.exception, case.name
        assert any("kan niet gepubliceerd worden" in e.value for e in at.error), case.name
        problems = " ".join(at.dataframe[0].value["Probleem"])
        assert case.expect in problems, f"{case.name}: {problems}"
        assert not [b for b in at.button if b.label == "Publiceren"], case.name
    assert snapshot(data / "parquet") == before


# --- names from outside: dataset names on the command line, file names from the browser ------------

TRAVERSAL = [
    ["ingest", "{good}", "--dataset", "../../etc/passwd"],
    ["ingest", "{good}", "--dataset", "../fte_afdeling"],
    ["rollback", "../x", "--version", "1"],
    ["rollback", "/etc/passwd", "--version", "1"],
    ["history", ".."],
    ["history", "fte_afdeling/../../x"],
    ["template", "../../x"],
]


def test_cli_refuses_path_traversal_in_dataset_names(built_data: Path, tmp_path: Path):
    data = tmp_path / "data"
    copy_data(built_data, data)
    good = tmp_path / "goed.csv"
    good.write_bytes(files.csv_bytes(files.FTE_TABLE))
    before = snapshot(tmp_path)

    def refused(args: list[str]) -> str | None:
        command = ["-m", "etl", "--data", str(data / "parquet"), *(a.format(good=good) for a in args)]
        done = run_measured(command, env={"MECHELEN_DATA_DIR": str(data)})
        if done.returncode == 2 and "onbekende dataset" in done.stderr and "Traceback" not in done.stderr:
            return None
        return f"{args}: {done.returncode}\n{done.stderr[-600:]}"

    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        failures = [f for f in pool.map(refused, TRAVERSAL) if f]
    assert not failures, "\n".join(failures)
    assert snapshot(tmp_path) == before  # nothing written, inside the data folder or outside it


MARKUP = "[klik](javascript:alert(1)) <img src=x onerror=alert(1)>.csv"
HOSTILE_NAMES = {
    "../../evil.csv": "evil.csv",
    "..\\..\\evil.csv": "evil.csv",
    "/etc/cron.d/evil.csv": "evil.csv",
    "evil\x00.csv": "evil?.csv",
    "evil\n\x1b[31m.csv": "evil??[31m.csv",
    "a" * 5000 + ".csv": "a" * (MAX_NAME - 5) + "….csv",
    MARKUP: MARKUP,  # kept as it is, and shown as text
}
# Streamlit itself refuses a NUL in an uploaded file's name (an error before the page runs).
PAGE_NAMES = {name: shown for name, shown in HOSTILE_NAMES.items() if "\x00" not in name}


def test_upload_names_never_reach_the_file_system(built_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Good content under hostile names, published from the page: only the data folder changes, the
    audit log holds the cleaned name, and the page shows it as text (markdown escaped)."""
    data = tmp_path / "data"
    copy_data(built_data, data)
    monkeypatch.setenv("MECHELEN_DATA_DIR", str(data))
    outside = snapshot(tmp_path)
    at = open_page("opladen", role="analist", dataset="fte_afdeling")
    for i, (name, shown) in enumerate(PAGE_NAMES.items()):
        table = [files.FTE_HEADER, ["Financiën", 50 + i, "Samen Leven"]]  # a change each time: a new version
        at.file_uploader[0].set_value((name, files.csv_bytes(table), "text/csv")).run()
        assert not at.exception, name
        assert [s.value for s in at.success] == [
            f"Het bestand is in orde: 1 rijen gelezen uit ‘{escape_markdown(shown)}’."
        ], name
        next(b for b in at.button if b.label == "Publiceren").click().run()
        assert any("Gepubliceerd als versie" in s.value for s in at.success), name
    audit = [e.bestand for e in Store(data / "parquet").entries("fte_afdeling")]
    assert audit[-len(PAGE_NAMES) :] == list(PAGE_NAMES.values())
    changed = {path for path, digest in snapshot(tmp_path).items() if outside.get(path) != digest}
    # the catalog, and new data and metadata files of the one Iceberg table, nothing else
    assert "data/parquet/catalog.sqlite" in changed
    table_files = changed - {"data/parquet/catalog.sqlite"}
    assert table_files and all(p.startswith("data/parquet/mechelen/fte_afdeling/") for p in table_files)
    assert len([p for p in table_files if p.endswith(".parquet")]) == len(PAGE_NAMES)


def test_read_upload_cleans_every_name():
    for name, shown in HOSTILE_NAMES.items():
        result = read_upload(name, b"", "fte_afdeling")
        assert [(p.bestand, p.message) for p in result.problems] == [(shown, "het bestand is leeg")]
        assert result.filename == shown
