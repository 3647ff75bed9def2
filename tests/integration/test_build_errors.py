"""Bad input: `python -m etl build` exits 2, names file and line on stderr, and changes no table."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import RAW
from tests.fixtures import copy_store


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run_build(raw: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etl", "build", "--raw", str(raw), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],
    )


@pytest.fixture
def workspace(tmp_path: Path, built_data: Path) -> tuple[Path, Path]:
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    out = tmp_path / "parquet"
    copy_store(built_data / "parquet", out)
    return raw, out


def source(raw: Path, prefix: str) -> Path:
    return next(raw.glob(f"{prefix}*.txt"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def assert_refused(raw: Path, out: Path, *fragments: str) -> None:
    """The build exits 2, says each fragment on stderr, and leaves every table byte-identical."""
    before = snapshot(out)
    result = run_build(raw, out)
    assert result.returncode == 2, result.stdout + result.stderr
    for fragment in fragments:
        assert fragment in result.stderr
    assert snapshot(out) == before


def test_good_build_succeeds_and_prints_rows(workspace):
    raw, out = workspace
    result = run_build(raw, out)
    assert result.returncode == 0, result.stderr
    assert "aanbevelingen" in result.stdout and "73" in result.stdout


def test_fte_removed_from_a_slide(workspace):
    raw, out = workspace
    edit(source(raw, "000_"), "\n93,47\n", "\n\n")
    assert_refused(
        raw,
        out,
        "000_c6a74a48a3576170.txt, regel 324",
        "Afd. Sociale dienst",
    )


def test_truncated_memorandum(workspace):
    raw, out = workspace
    memo = source(raw, "001_")
    lines = memo.read_text(encoding="utf-8").splitlines(keepends=True)
    memo.write_text("".join(lines[:2000]), encoding="utf-8")
    assert_refused(
        raw,
        out,
        "001_a53a6a4040a758b8.txt",
        "kondigt 73 aanbevelingen aan",
    )


def test_value_that_fails_the_schema(workspace):
    raw, out = workspace
    edit(source(raw, "000_"), "\n52,86\n", "\n-52,86\n")
    assert_refused(
        raw,
        out,
        "regel 257, kolom 'fte'",
        "kleiner dan het minimum",
    )


def test_missing_source_file(workspace):
    raw, out = workspace
    source(raw, "004_").unlink()
    assert_refused(
        raw,
        out,
        "004_*.txt",
        "ontbreekt",
    )


def test_not_utf8(workspace):
    raw, out = workspace
    path = source(raw, "003_")
    path.write_bytes(path.read_bytes()[:100] + b"\xff\xfe" + path.read_bytes()[100:])
    assert_refused(
        raw,
        out,
        "003_de03a5ed9ae6f825.txt, regel",
        "UTF-8",
    )


def test_structure_change_in_progress_report(workspace):
    raw, out = workspace
    edit(source(raw, "004_"), "PLANNING\n- Gebruik van Cambio", "- Gebruik van Cambio")
    assert_refused(
        raw,
        out,
        "004_80dcf138ab40e0ac.txt",
        "planning",
    )
