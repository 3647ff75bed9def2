"""Test data made by code. Everything here is for tests only: synthetic, never shipped."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pyarrow as pa

from etl.catalog import get_dataset
from etl.store import Store


def copy_store(source: Path, target: Path) -> Path:
    """A copy of a Parquet folder: its Iceberg tables with their versions (see Store.copy_to)."""
    Store(source).copy_to(Store(target))
    return target


def copy_data(built: Path, target: Path) -> Path:
    """A copy of a data folder: everything as files, the tables through :func:`copy_store`."""
    shutil.copytree(built, target, ignore=lambda folder, names: ["parquet"] if Path(folder) == built else [])
    copy_store(built / "parquet", target / "parquet")
    return target


def write_rows(data_dir: Path, dataset: str, rows: list[dict]) -> None:
    ds = get_dataset(dataset)
    table = pa.Table.from_pylist(rows, schema=ds.arrow_schema)
    Store(data_dir / "parquet").publish(dataset, table, bestand="test", bestand_sha256="0" * 64, gebruiker="test")


def add_previous_report_year(data_dir: Path, year: int = 2021) -> None:
    """A small earlier progress report: one item planned then and realised in 2022 ("Fietslease"),
    one planned then and gone in 2022, and one realised then."""
    current = Store(data_dir / "parquet").read_current("voortgang").to_pylist()
    base = {"rapport_jaar": year, "domein": "Organisatiecultuur", "niveau": 0, "ouder": None, "bron": "test"}
    base["ook_in_domein"] = None
    previous = [
        {**base, "soort": "planning", "volgorde": 1, "item_nr": 1, "titel": "Fietslease", "bron_regel": 1},
        {**base, "soort": "planning", "volgorde": 2, "item_nr": 2, "titel": "Een plan dat verdween", "bron_regel": 2},
        {**base, "soort": "realisatie", "volgorde": 1, "item_nr": 1, "titel": "Iets van vroeger", "bron_regel": 3},
    ]
    write_rows(data_dir, "voortgang", current + previous)


def synthetic_population(
    data_dir: Path,
    years: range = range(2020, 2026),
    observed_until: int = 2022,
    wijken: tuple[str | None, ...] = (None,),
) -> None:
    """SYNTHETIC population by age and sex (a smooth made-up shape), for tests of the charts;
    per wijk when ``wijken`` names some (None = the whole city)."""
    rows = []
    for jaar, wijk, leeftijd in itertools.product(years, wijken, range(0, 100)):
        for i, geslacht in enumerate(("M", "V")):
            aantal = max(0, 1200 - 8 * leeftijd + 5 * (jaar - 2020) + 20 * i)
            rows.append(
                {
                    "jaar": jaar,
                    "leeftijd": str(leeftijd),
                    "geslacht": geslacht,
                    "wijk": wijk,
                    "aantal": aantal,
                    "soort": "waargenomen" if jaar <= observed_until else "projectie",
                    "bron": "synthetisch_test.xlsx",
                    "bron_regel": 2 + len(rows),
                }
            )
    write_rows(data_dir, "bevolking_leeftijd", rows)
