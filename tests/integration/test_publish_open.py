"""`python -m etl publish-open`: writes the open-data folder, exits 2 when there is nothing public."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from etl.catalog import ALL_DATASETS
from tests.fixtures import copy_store

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etl", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture
def data(built_data: Path, tmp_path: Path) -> Path:
    """A private copy of the built data folder (the command writes into it)."""
    folder = tmp_path / "data"
    copy_store(built_data / "parquet", folder / "parquet")
    return folder


def test_default_folder_and_base_url_from_the_environment(data: Path):
    env = {
        "MECHELEN_DATA_DIR": str(data),
        "MECHELEN_BASE_URL": "https://cijfers.example.be/",
        "MECHELEN_CONTACT_EMAIL": "open@example.be",
    }
    result = run("publish-open", env=env)
    assert result.returncode == 0, result.stderr
    out = data / "open"
    for name in ("kerncijfers", "aanbevelingen", "acties", "tijdlijn", "bevolking_projectie"):
        for ext in ("csv", "xlsx", "parquet"):
            assert (out / f"{name}.{ext}").is_file()
    for ds in ALL_DATASETS:
        if not ds.public:
            assert not list(out.glob(f"{ds.name}.*"))
    catalogue = json.loads((out / "catalogus.jsonld").read_text(encoding="utf-8"))
    text = json.dumps(catalogue)
    assert "https://cijfers.example.be/open/kerncijfers.csv" in text
    assert "mailto:open@example.be" in text
    assert (out / "datapackage.json").is_file()
    assert "bestanden geschreven naar" in result.stdout
    assert "let op" not in result.stdout
    assert not list(out.glob(".*.tmp"))  # no temporary files left behind


def test_out_and_base_url_options(data: Path, tmp_path: Path):
    out = tmp_path / "elders"
    args = ("--data", str(data / "parquet"), "publish-open", "--out", str(out), "--base-url", "https://x.example")
    result = run(*args, env={"MECHELEN_CONTACT_EMAIL": ""})
    assert result.returncode == 0, result.stderr
    assert (out / "catalogus.jsonld").is_file()
    assert "https://x.example/open/tijdlijn.parquet" in (out / "catalogus.jsonld").read_text(encoding="utf-8")
    assert "let op: MECHELEN_CONTACT_EMAIL is niet gezet" in result.stdout  # the placeholder address is flagged
    assert "mailto:data@mechelen.be" in (out / "catalogus.jsonld").read_text(encoding="utf-8")


def test_empty_parquet_folder_exits_2(tmp_path: Path):
    empty = tmp_path / "parquet"
    empty.mkdir()
    out = tmp_path / "open"
    result = run("--data", str(empty), "publish-open", "--out", str(out))
    assert result.returncode == 2
    assert "geen tabellen van publieke datasets" in result.stderr
    assert result.stdout == ""
    assert not out.exists()


def test_production_without_a_public_address_exits_2(data: Path):
    env = {"MECHELEN_DATA_DIR": str(data), "MECHELEN_ENV": "production", "MECHELEN_PUBLIC_URL": ""}
    env["MECHELEN_BASE_URL"] = ""
    result = run("publish-open", env=env)
    assert result.returncode == 2
    assert "MECHELEN_PUBLIC_URL" in result.stderr and "localhost" in result.stderr
    assert not (data / "open").exists()
    result = run("publish-open", env={**env, "MECHELEN_PUBLIC_URL": "https://cijfers.example.be"})
    assert result.returncode == 0, result.stderr
    assert "https://cijfers.example.be/open/kerncijfers.csv" in (data / "open" / "catalogus.jsonld").read_text("utf-8")
