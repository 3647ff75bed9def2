"""The DCAT catalogue against the official DCAT-AP 3.0 SHACL shapes (core and class ranges), and
the public address it advertises (never a local one in production)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib import namespace as ns

from etl import opendata
from etl.catalog import ALL_DATASETS
from tests.fixtures import copy_store

SHAPES = Path(__file__).resolve().parents[1] / "data" / "dcat-ap-3.0.0"
# rdflib's JSON-LD parser still uses its own deprecated ConjunctiveGraph internally
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def catalogue(built_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Graph:
    folder = tmp_path_factory.mktemp("shacl")
    copy_store(built_data / "parquet", folder / "parquet")
    opendata.export_open_data(folder / "parquet", folder / "open", "https://cijfers.example.be")
    return Graph().parse(folder / "open" / opendata.CATALOGUE_FILE, format="json-ld")


def violations(data: Graph, *names: str) -> str:
    shapes = Graph()
    for name in names:
        shapes.parse(SHAPES / name, format="turtle")
    conforms, _, report = validate(data, shacl_graph=shapes, inference="none")
    return "" if conforms else report


def test_conforms_to_the_core_and_range_shapes(catalogue: Graph):
    assert violations(catalogue, "shapes.ttl") == ""
    assert violations(catalogue, "range.ttl") == ""
    assert violations(catalogue, "shapes.ttl", "range.ttl") == ""


def test_the_catalogue_made_without_the_export_conforms_too(built_data: Path):
    """The Catalogus page's catalogue (no files written, so no byte sizes) is as valid."""
    made = opendata.catalogue_documents(built_data / "parquet", "https://cijfers.example.be")
    graph = Graph().parse(data=made[opendata.CATALOGUE_FILE].decode("utf-8"), format="json-ld")
    assert len(set(graph.subjects(ns.RDF.type, ns.DCAT.Distribution))) >= 3
    assert violations(graph, "shapes.ttl", "range.ttl") == ""


def test_the_range_shapes_do_check_the_export(catalogue: Graph):
    """Without its class a licence fails the shapes: the test above is not vacuous."""
    licence = URIRef(opendata.LICENCE_URI)
    untyped = Graph()
    for triple in catalogue:
        if triple != (licence, ns.RDF.type, ns.DCTERMS.LicenseDocument):
            untyped.add(triple)
    assert "dct:LicenseDocument" in violations(untyped, "range.ttl")


def test_every_theme_of_the_catalog_has_its_label():
    assert {d.theme for d in ALL_DATASETS} <= set(opendata.THEME_LABELS)


# --- the public address ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://localhost:8501", True),
        ("http://127.0.0.1:8501/", True),
        ("http://10.0.0.5", True),
        ("http://mechelen-data.local", True),
        ("http://intranet:8080", True),
        ("", True),
        ("ftp://cijfers.mechelen.be", True),
        ("https://cijfers.mechelen.be", False),
        ("https://data.example.org/mechelen/", False),
    ],
)
def test_local_addresses(url: str, local: bool):
    assert opendata.is_local(url) is local


def test_public_url_from_the_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("MECHELEN_BASE_URL", "https://oud.example.be")
    monkeypatch.setenv("MECHELEN_PUBLIC_URL", "https://cijfers.mechelen.be")
    assert opendata.default_base_url() == "https://cijfers.mechelen.be"


@pytest.mark.parametrize("url", ["http://localhost:8501", "http://192.168.1.20:8501"])
def test_production_refuses_a_local_address(built_data: Path, tmp_path: Path, monkeypatch, url: str):
    copy_store(built_data / "parquet", tmp_path / "parquet")
    monkeypatch.setenv("MECHELEN_ENV", "production")
    with pytest.raises(opendata.OpenDataError, match="MECHELEN_PUBLIC_URL"):
        opendata.export_open_data(tmp_path / "parquet", tmp_path / "open", url)
    assert not (tmp_path / "open").exists()  # nothing written
    opendata.export_open_data(tmp_path / "parquet", tmp_path / "open", "https://cijfers.mechelen.be")
    assert "https://cijfers.mechelen.be/open/" in (tmp_path / "open" / opendata.CATALOGUE_FILE).read_text("utf-8")
