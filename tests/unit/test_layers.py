"""Imports run one way — pages → dashboard → etl: no module under etl/ imports dashboard (or pages),
at the top or inside a function. A scan of the source's syntax tree, like an import linter."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UPPER_LAYERS = ("dashboard", "pages")
# The one exception: the command line's entry point hands ``python -m etl report`` to the dashboard
# (a report draws the dashboard's pages), imported only when that command runs. No etl module that
# other code imports depends on the dashboard.
ALLOWED = {("etl/__main__.py", "dashboard.report_cli")}


def imported_modules(source: str) -> list[tuple[int, str]]:
    """Every module an ``import``/``from … import`` names, with its line (relative imports
    resolve inside the package itself, so they are left out)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def upward_imports(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*.py")):
        name = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
        for line, module in imported_modules(path.read_text(encoding="utf-8")):
            if module.split(".")[0] in UPPER_LAYERS and (name, module) not in ALLOWED:
                found.append(f"{name}:{line}: import {module}")
    return found


def test_etl_never_imports_dashboard_or_pages():
    assert upward_imports(ROOT / "etl") == []


@pytest.mark.parametrize(
    "source",
    [
        "from dashboard.downloads import to_csv_bytes",
        "import dashboard.db",
        "def f():\n    from dashboard import queries\n",
        "import pages.catalogus as p",
    ],
)
def test_the_scan_finds_an_upward_import(tmp_path: Path, source: str):
    (tmp_path / "mod.py").write_text(source, encoding="utf-8")
    assert len(upward_imports(tmp_path)) == 1


def test_the_scan_leaves_other_imports_alone(tmp_path: Path):
    (tmp_path / "mod.py").write_text(
        "import dashboarding\nfrom etl.catalog import Dataset\nfrom . import dashboard\n", encoding="utf-8"
    )
    assert upward_imports(tmp_path) == []
