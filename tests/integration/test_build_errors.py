"""Bad input: `python -m etl build` exits 2, names file and line on stderr, and changes no table."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import RAW


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


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
    shutil.copytree(built_data / "parquet", out)
    return raw, out


def source(raw: Path, prefix: str) -> Path:
    return next(raw.glob(f"{prefix}*.txt"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_good_build_succeeds_and_prints_rows(workspace):
    raw, out = workspace
    result = run_build(raw, out)
    assert result.returncode == 0, result.stderr
    assert "aanbevelingen" in result.stdout and "73" in result.stdout


def test_fte_removed_from_a_slide(workspace):
    raw, out = workspace
    before = snapshot(out)
    edit(source(raw, "000_"), "\n93,47\n", "\n\n")
    result = run_build(raw, out)
    assert result.returncode == 2
    assert "000_c6a74a48a3576170.txt, regel 324" in result.stderr
    assert "Afd. Sociale dienst" in result.stderr
    assert snapshot(out) == before


def test_truncated_memorandum(workspace):
    raw, out = workspace
    before = snapshot(out)
    memo = source(raw, "001_")
    lines = memo.read_text(encoding="utf-8").splitlines(keepends=True)
    memo.write_text("".join(lines[:2000]), encoding="utf-8")
    result = run_build(raw, out)
    assert result.returncode == 2
    assert "001_a53a6a4040a758b8.txt" in result.stderr
    assert "kondigt 73 aanbevelingen aan" in result.stderr
    assert snapshot(out) == before


def test_value_that_fails_the_schema(workspace):
    raw, out = workspace
    before = snapshot(out)
    edit(source(raw, "000_"), "\n52,86\n", "\n-52,86\n")
    result = run_build(raw, out)
    assert result.returncode == 2
    assert "regel 257, kolom 'fte'" in result.stderr
    assert "kleiner dan het minimum" in result.stderr
    assert snapshot(out) == before


def test_missing_source_file(workspace):
    raw, out = workspace
    before = snapshot(out)
    source(raw, "004_").unlink()
    result = run_build(raw, out)
    assert result.returncode == 2
    assert "004_*.txt" in result.stderr and "ontbreekt" in result.stderr
    assert snapshot(out) == before


def test_not_utf8(workspace):
    raw, out = workspace
    before = snapshot(out)
    path = source(raw, "003_")
    path.write_bytes(path.read_bytes()[:100] + b"\xff\xfe" + path.read_bytes()[100:])
    result = run_build(raw, out)
    assert result.returncode == 2
    assert "003_de03a5ed9ae6f825.txt, regel" in result.stderr and "UTF-8" in result.stderr
    assert snapshot(out) == before


def test_structure_change_in_progress_report(workspace):
    raw, out = workspace
    before = snapshot(out)
    edit(source(raw, "004_"), "PLANNING\n- Gebruik van Cambio", "- Gebruik van Cambio")
    result = run_build(raw, out)
    assert result.returncode == 2
    assert "004_80dcf138ab40e0ac.txt" in result.stderr and "planning" in result.stderr
    assert snapshot(out) == before
