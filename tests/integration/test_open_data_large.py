"""A public table over Excel's row limit (1.1 million rows): ``publish-open`` writes its CSV and
Parquet and leaves the XLSX out with a Dutch note — in its output, the datapackage, the DCAT
catalogue and on the Catalogus page — instead of crashing."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from etl import opendata
from etl.__main__ import main
from etl.catalog import get_dataset
from etl.store import Store
from etl.writers import EXCEL_MAX_DATA_ROWS, TooManyRowsForExcel, to_xlsx_bytes
from tests.app.conftest import open_page

ROWS = 1_100_000
NAME = "bevolking_leeftijd"
BASE = "https://cijfers.example.be"
NOTE = "Geen XLSX: de tabel telt 1.100.000 rijen, meer dan een Excel-werkblad aankan (1.048.575 rijen onder de kop)"


def _text(labels: list[str], index: np.ndarray) -> pa.Array:
    return pa.DictionaryArray.from_arrays(pa.array(index.astype(np.int32)), pa.array(labels)).cast(pa.string())


def large_population(rows: int) -> pa.Table:
    """SYNTHETIC, narrow: every (wijk, jaar, leeftijd, geslacht) once, made column-wise."""
    i = np.arange(rows, dtype=np.int64)
    wijken = rows // 6993 + 1
    columns = {
        "jaar": 2015 + (i // 333) % 21,
        "leeftijd": _text([str(a) for a in range(111)], (i // 3) % 111),
        "geslacht": _text(["M", "V", "X"], i % 3),
        "wijk": _text([f"Wijk {w:03d}" for w in range(wijken)], i // 6993),
        "aantal": i % 50,
        "soort": _text(["waargenomen"], np.zeros(rows)),
        "bron": _text(["synthetisch_groot.csv"], np.zeros(rows)),
        "bron_regel": i + 2,
    }
    return pa.table(columns).cast(get_dataset(NAME).arrow_schema)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder whose only table is a public one of 1.1 million rows."""
    data = tmp_path_factory.mktemp("groot")
    Store(data / "parquet").publish(NAME, large_population(ROWS), bestand="groot.csv", bestand_sha256="0" * 64)
    return data


def test_xlsx_writer_refuses_more_rows_than_a_sheet_holds():
    with pytest.raises(TooManyRowsForExcel, match="Gebruik CSV of Parquet"):
        to_xlsx_bytes(pd.DataFrame({"a": np.zeros(EXCEL_MAX_DATA_ROWS + 1, dtype=np.int8)}))


def test_publish_open_writes_csv_and_parquet_and_says_why_no_xlsx(large: Path, tmp_path: Path, capsys):
    out = tmp_path / "open"
    out.mkdir()
    (out / f"{NAME}.xlsx").write_bytes(b"oud")  # from an earlier export, when the table was smaller
    args = ["--data", str(large / "parquet"), "publish-open", "--out", str(out), "--base-url", BASE]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert f"let op: {NAME}: {NOTE}" in printed
    assert {p.name for p in out.iterdir()} == {
        f"{NAME}.csv",
        f"{NAME}.parquet",
        opendata.CATALOGUE_FILE,
        opendata.DATAPACKAGE_FILE,
    }  # the stale XLSX is gone: it would pass for the current data
    assert (out / f"{NAME}.csv").read_bytes().count(b"\n") == ROWS + 1
    assert pq.read_metadata(out / f"{NAME}.parquet").num_rows == ROWS

    package = json.loads((out / opendata.DATAPACKAGE_FILE).read_text(encoding="utf-8"))
    (resource,) = package["resources"]
    assert NOTE in resource["description"] and resource["path"] == f"{NAME}.csv"
    catalogue = json.loads((out / opendata.CATALOGUE_FILE).read_text(encoding="utf-8"))
    (node,) = [n for n in catalogue["@graph"] if n["@type"] == "dcat:Dataset"]
    assert NOTE in node["dct:description"]["@value"]
    assert [d["@id"].rsplit("/", 1)[1] for d in node["dcat:distribution"]] == ["csv", "parquet"]

    # the descriptions without the export (the Catalogus page's) say the same, sizes apart
    made = opendata.catalogue_documents(large / "parquet", BASE)
    described = json.loads(made[opendata.CATALOGUE_FILE])
    (same,) = [n for n in described["@graph"] if n["@type"] == "dcat:Dataset"]
    for distribution in node["dcat:distribution"]:
        distribution.pop("dcat:byteSize")
    assert same == node


def test_catalogus_offers_csv_and_parquet_with_the_note(large: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MECHELEN_DATA_DIR", str(large))
    at = open_page("catalogus", role="publiek")
    assert not at.exception
    title = get_dataset(NAME).title
    assert at.table[0].value.set_index("Dataset").loc[title, "Formaten"] == "CSV, Parquet (te groot voor Excel)"
    at = open_page("catalogus", role="publiek", dataset=NAME)
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["CSV", "Parquet", "DCAT-AP-VL (JSON-LD)", "datapackage.json"]
    assert any(NOTE in c.value for c in at.caption)
