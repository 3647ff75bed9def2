"""The open-data export: DCAT-AP-VL catalogue, Data Package and distributions, public data only."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns

from etl import opendata
from etl.catalog import ALL_DATASETS, LICENCE_URI, PUBLISHER, get_dataset, public_datasets
from etl.store import Store
from tests.fixtures import copy_store

BASE = "https://data.example.org/mechelen/"
# rdflib's JSON-LD parser still uses its own deprecated ConjunctiveGraph internally
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
PRIVATE = sorted(d.name for d in ALL_DATASETS if not d.public)
VCARD = "http://www.w3.org/2006/vcard/ns#"


@pytest.fixture(scope="module")
def parquet(built_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("od") / "parquet"
    copy_store(built_data / "parquet", folder)
    return folder


@pytest.fixture(scope="module")
def exported(parquet: Path) -> tuple[Path, opendata.OpenDataResult]:
    out = parquet.parent / "open"
    return out, opendata.export_open_data(parquet, out, BASE, email="open@example.org")


@pytest.fixture(scope="module")
def graph(exported) -> Graph:
    out, _ = exported
    return Graph().parse(out / opendata.CATALOGUE_FILE, format="json-ld")


def expected_names(parquet: Path) -> list[str]:
    return [d.name for d in public_datasets() if Store(parquet).exists(d.name)]


# --- what is written -----------------------------------------------------------------------------
def test_files_of_public_datasets_only(parquet: Path, exported):
    out, result = exported
    names = expected_names(parquet)
    assert PRIVATE, "the catalog should have non-public datasets to test this"
    assert {"kerncijfers", "aanbevelingen"} <= set(names)
    assert result.datasets == names
    expected = {f"{n}.{ext}" for n in names for ext in ("csv", "xlsx", "parquet")}
    assert {p.name for p in out.iterdir()} == expected | {"catalogus.jsonld", "datapackage.json"}
    assert {p.name for p in result.written} == {p.name for p in out.iterdir()}
    for private in PRIVATE:
        assert Store(parquet).exists(private)  # there to leak, yet not exported
        assert not any(p.name.startswith(f"{private}.") for p in out.iterdir())


def test_no_private_dataset_in_the_descriptions(exported, graph: Graph):
    out, _ = exported
    for name in (opendata.CATALOGUE_FILE, opendata.DATAPACKAGE_FILE):
        text = (out / name).read_text(encoding="utf-8")
        for private in PRIVATE:
            assert f"/dataset/{private}" not in text
            assert f'"{private}' not in text
        for private in ("fte_afdeling", "voortgang"):
            assert private not in text
        for ds in ALL_DATASETS:
            if not ds.public:
                assert ds.title not in text
    identifiers = {str(o) for o in graph.objects(None, ns.DCTERMS.identifier)}
    allowed = {f"{BASE.rstrip('/')}/id/dataset/{d.name}" for d in public_datasets()}
    allowed.add(f"{BASE.rstrip('/')}/id/catalogus/mechelen-in-cijfers")
    assert identifiers <= allowed


def test_parquet_distribution_is_a_copy(parquet: Path, exported):
    out, _ = exported
    for name in expected_names(parquet):
        assert pq.read_table(out / f"{name}.parquet").equals(Store(parquet).read_current(name))


def test_stale_and_private_files_are_removed_others_kept(parquet: Path, tmp_path: Path):
    out = tmp_path / "open"
    out.mkdir()
    for name in ("fte_afdeling.csv", "voortgang.parquet", "bevolking_leeftijd.xlsx", "LEESMIJ.txt"):
        (out / name).write_text("oud", encoding="utf-8")
    result = opendata.export_open_data(parquet, out, BASE)
    assert {p.name for p in result.removed} == {"fte_afdeling.csv", "voortgang.parquet", "bevolking_leeftijd.xlsx"}
    assert not (out / "fte_afdeling.csv").exists()
    assert (out / "LEESMIJ.txt").read_text(encoding="utf-8") == "oud"


def test_nothing_public_means_nothing_written(parquet: Path, tmp_path: Path):
    only_private = tmp_path / "parquet"
    table = Store(parquet).read_current("fte_afdeling")
    Store(only_private).publish("fte_afdeling", table, bestand="t", bestand_sha256="0" * 64)
    out = tmp_path / "open"
    with pytest.raises(opendata.NoPublicTables):
        opendata.export_open_data(only_private, out, BASE)
    assert not out.exists()


def test_out_may_not_be_the_parquet_folder(parquet: Path):
    with pytest.raises(opendata.OpenDataError):
        opendata.export_open_data(parquet, parquet, BASE)


# --- DCAT-AP-VL ----------------------------------------------------------------------------------
def one(graph: Graph, subject, predicate):
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, f"{subject} {predicate}: {values}"
    return values[0]


def test_catalogue_mandatory_properties(graph: Graph, exported):
    _, result = exported
    catalogues = list(graph.subjects(ns.RDF.type, ns.DCAT.Catalog))
    assert len(catalogues) == 1
    cat = catalogues[0]
    assert isinstance(one(graph, cat, ns.DCTERMS.title), Literal)
    assert one(graph, cat, ns.DCTERMS.description).language == "nl"
    publisher = one(graph, cat, ns.DCTERMS.publisher)
    assert (publisher, ns.RDF.type, ns.FOAF.Agent) in graph
    assert str(one(graph, publisher, ns.FOAF.name)) == PUBLISHER == "Groep Mechelen (stad en OCMW Mechelen)"
    assert str(one(graph, cat, ns.FOAF.homepage)) == BASE
    assert str(one(graph, cat, ns.DCTERMS.language)).endswith("/language/NLD")
    for prop in (ns.DCTERMS.issued, ns.DCTERMS.modified):
        assert one(graph, cat, prop).datatype == ns.XSD.dateTime
    datasets = set(graph.objects(cat, ns.DCAT.dataset))
    assert datasets == set(graph.subjects(ns.RDF.type, ns.DCAT.Dataset))
    assert len(datasets) == len(result.datasets)


DATASET_QUERY = """
SELECT ?ds ?title ?description ?identifier ?theme ?publisher ?contact ?email ?access ?modified
WHERE {
  ?ds a dcat:Dataset ;
      dct:title ?title ; dct:description ?description ; dct:identifier ?identifier ;
      dcat:theme ?theme ; dct:publisher ?publisher ; dcat:contactPoint ?contact ;
      dct:accessRights ?access ; dct:modified ?modified .
  ?publisher a foaf:Agent ; foaf:name ?publisherName .
  ?contact a vcard:Organization ; vcard:hasEmail ?email .
  FILTER EXISTS { ?ds dcat:keyword ?keyword }
  FILTER EXISTS { ?ds dcat:distribution ?distribution }
}
"""

NS = {"dcat": ns.DCAT, "dct": ns.DCTERMS, "foaf": ns.FOAF, "vcard": URIRef(VCARD), "xsd": ns.XSD}


def test_every_dataset_has_the_required_properties(graph: Graph, exported):
    _, result = exported
    rows = list(graph.query(DATASET_QUERY, initNs=NS))
    assert {str(r.ds).rsplit("/", 1)[1] for r in rows} == set(result.datasets)
    assert len(rows) == len(result.datasets)  # one of each, no duplicates
    for row in rows:
        name = str(row.ds).rsplit("/", 1)[1]
        ds = get_dataset(name)
        assert str(row.title) == ds.title and row.title.language == "nl"
        assert str(row.identifier) == f"{BASE.rstrip('/')}/id/dataset/{name}" == str(row.ds)
        assert row.theme == URIRef(f"http://publications.europa.eu/resource/authority/data-theme/{ds.theme}")
        assert row.access == URIRef("http://publications.europa.eu/resource/authority/access-right/PUBLIC")
        assert row.email == URIRef("mailto:open@example.org")
        assert row.modified.datatype == ns.XSD.dateTime
        assert isinstance(row.modified.toPython(), dt.datetime)
        keywords = {str(k) for k in graph.objects(row.ds, ns.DCAT.keyword)}
        assert keywords == set(ds.keywords)


def test_modified_is_the_publish_time_of_the_table(graph: Graph, parquet: Path):
    ds = URIRef(f"{BASE.rstrip('/')}/id/dataset/kerncijfers")
    stamp = Store(parquet).read_current("kerncijfers").schema.metadata[b"bijgewerkt"].decode()
    assert one(graph, ds, ns.DCTERMS.modified).toPython() == dt.datetime.fromisoformat(stamp)


def test_every_distribution_is_complete(graph: Graph, exported):
    out, _ = exported
    query = """
    SELECT ?ds ?dist ?access ?download ?format ?media ?license WHERE {
      ?ds dcat:distribution ?dist .
      ?dist a dcat:Distribution ; dcat:accessURL ?access ; dcat:downloadURL ?download ;
            dct:format ?format ; dcat:mediaType ?media ; dct:license ?license ; dct:title ?title .
    }
    """
    rows = list(graph.query(query, initNs=NS))
    all_distributions = set(graph.subjects(ns.RDF.type, ns.DCAT.Distribution))
    assert {r.dist for r in rows} == all_distributions
    assert len(rows) == 3 * len(set(graph.subjects(ns.RDF.type, ns.DCAT.Dataset)))
    media = set()
    for row in rows:
        assert row.license == URIRef(LICENCE_URI)
        assert str(LICENCE_URI) == "https://data.vlaanderen.be/id/licentie/modellicentie-gratis-hergebruik/v1.0"
        assert row.access == row.download
        assert str(row.download).startswith(f"{BASE.rstrip('/')}/open/")
        assert (out / str(row.download).rsplit("/", 1)[1]).is_file()
        assert str(row.media).startswith("http://www.iana.org/assignments/media-types/")
        assert str(row.format).startswith("http://publications.europa.eu/resource/authority/file-type/")
        media.add(str(row.media).removeprefix("http://www.iana.org/assignments/media-types/"))
    assert media == {
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.apache.parquet",
    }


def test_jsonld_context_declares_the_namespaces(exported):
    out, _ = exported
    context = json.loads((out / opendata.CATALOGUE_FILE).read_text(encoding="utf-8"))["@context"]
    assert {"dcat", "dct", "foaf", "vcard", "xsd", "adms"} <= set(context)
    assert context["dct"] == "http://purl.org/dc/terms/"


# --- Data Package --------------------------------------------------------------------------------
INTEGER = re.compile(r"^-?\d+$")
NUMBER = re.compile(r"^-?\d+(,\d+)?$")  # decimalChar ","
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))


def test_datapackage_matches_the_csv_files(exported):
    out, result = exported
    package = json.loads((out / opendata.DATAPACKAGE_FILE).read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    assert re.fullmatch(r"[-a-z0-9._/]+", package["name"])
    assert package["licenses"] == [
        {
            "name": opendata.LICENCE_NAME,
            "path": LICENCE_URI,
            "title": "Modellicentie Gratis Hergebruik – Vlaanderen v1.0",
        }
    ]
    assert [r["name"] for r in package["resources"]] == result.datasets
    for resource in package["resources"]:
        path = out / resource["path"]
        assert path.is_file()
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        assert (resource["format"], resource["mediatype"], resource["encoding"]) == ("csv", "text/csv", "utf-8-sig")
        assert resource["dialect"]["delimiter"] == ";"
        assert resource["bytes"] == len(raw)
        assert resource["hash"] == "sha256:" + hashlib.sha256(raw).hexdigest()
        fields = resource["schema"]["fields"]
        header, *rows = read_csv(path)
        assert [f["name"] for f in fields] == header == get_dataset(resource["name"]).column_names
        assert rows
        for i, f in enumerate(fields):
            assert f["type"] in {"string", "integer", "number", "date"}
            assert f["title"] and f["description"]
            values = [row[i] for row in rows]
            required = f.get("constraints", {}).get("required", False)
            if required:
                assert all(v != "" for v in values), (resource["name"], f["name"])
            pattern = {"integer": INTEGER, "number": NUMBER, "date": DATE}.get(f["type"])
            if pattern:
                assert all(pattern.match(v) for v in values if v != ""), (resource["name"], f["name"])
            if enum := f.get("constraints", {}).get("enum"):
                assert set(values) - {""} <= set(enum)
        key = resource["schema"].get("primaryKey")
        if key:
            assert set(key) <= set(header)
            positions = [header.index(k) for k in key]
            keys = [tuple(row[p] for p in positions) for row in rows]
            assert len(set(keys)) == len(keys), resource["name"]


def test_units_are_in_the_schema():
    fields = {f["name"]: f for f in opendata.table_schema(get_dataset("bevolking_projectie"))["fields"]}
    assert fields["verschil"]["unit"] == "personen"
    assert fields["verschil"]["type"] == "integer"
    assert opendata.table_schema(get_dataset("kerncijfers"))["primaryKey"] == ["indicator", "jaar"]


# --- formulas ------------------------------------------------------------------------------------
def test_formula_cells_are_escaped_in_the_distributions(parquet: Path, tmp_path: Path):
    folder = tmp_path / "parquet"
    copy_store(parquet, folder)
    store = Store(folder)
    table = store.read_current("kerncijfers")
    hostile = '=HYPERLINK("http://evil.example","klik")'
    labels = table.column("label").to_pylist()
    labels[0] = hostile
    table = table.set_column(table.schema.get_field_index("label"), "label", pa.array(labels, pa.string()))
    store.publish("kerncijfers", table, bestand="test.xlsx", bestand_sha256="0" * 64, gebruiker="test")
    assert pc.any(pc.starts_with(store.read_current("kerncijfers").column("label"), "=")).as_py()

    out = tmp_path / "open"
    opendata.export_open_data(folder, out, BASE)
    header, first, *_ = read_csv(out / "kerncijfers.csv")
    assert first[header.index("label")] == "'" + hostile
    sheet = load_workbook(out / "kerncijfers.xlsx").active
    assert sheet.cell(row=2, column=header.index("label") + 1).value == "'" + hostile
    assert not any(
        isinstance(c.value, str) and c.value.startswith("=") for row in sheet.iter_rows(min_row=2) for c in row
    )
    # the Parquet copy is the data itself, not a spreadsheet: unchanged
    assert pq.read_table(out / "kerncijfers.parquet").column("label")[0].as_py() == hostile


# --- settings ------------------------------------------------------------------------------------
def test_base_url_and_contact_from_the_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("MECHELEN_BASE_URL", raising=False)
    monkeypatch.delenv("MECHELEN_CONTACT_EMAIL", raising=False)
    assert opendata.default_base_url() == "http://localhost:8501"
    assert opendata.contact_email() == opendata.PLACEHOLDER_CONTACT_EMAIL
    monkeypatch.setenv("MECHELEN_BASE_URL", "https://cijfers.mechelen.be")
    monkeypatch.setenv("MECHELEN_CONTACT_EMAIL", "open@example.org")
    assert opendata.default_base_url() == "https://cijfers.mechelen.be"
    assert opendata.contact_email() == "open@example.org"


# --- the descriptions without the export -----------------------------------------------------------
def without_sizes(documents: dict[str, dict]) -> dict[str, dict]:
    """The descriptions less what only written files tell: sizes and the CSV's checksum."""
    for node in documents[opendata.CATALOGUE_FILE]["@graph"]:
        for distribution in node.get("dcat:distribution", []):
            distribution.pop("dcat:byteSize")
    for resource in documents[opendata.DATAPACKAGE_FILE]["resources"]:
        del resource["bytes"], resource["hash"]
    return documents


def test_descriptions_are_made_without_writing_or_reading_a_table(parquet: Path, exported, monkeypatch, tmp_path):
    out, _ = exported

    def refuse(*_args, **_kwargs):
        raise AssertionError("the descriptions alone read or write no table")

    monkeypatch.setattr(Store, "read_current", refuse)
    monkeypatch.setattr(opendata, "write_bytes_atomic", refuse)
    monkeypatch.chdir(tmp_path)
    made = opendata.catalogue_documents(parquet, BASE, email="open@example.org")
    assert set(made) == {opendata.CATALOGUE_FILE, opendata.DATAPACKAGE_FILE}
    assert not list(tmp_path.iterdir())
    documents = {name: json.loads(data) for name, data in made.items()}
    written = {name: json.loads((out / name).read_text(encoding="utf-8")) for name in made}
    assert documents == without_sizes(written)  # the same catalogue, less the sizes
    assert "dcat:byteSize" not in made[opendata.CATALOGUE_FILE].decode()
