"""The role matrix: every role × every page, and every role × every dataset download.
A page or dataset a role may not see must not be reachable by URL or by the query layer."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.auth import ROLES, rank
from etl.catalog import ALL_DATASETS
from tests.app.conftest import metrics, open_page

# page → (minimum role, its title)
PAGES = {
    "open_data": ("publiek", "Mechelen in cijfers — open data"),
    "catalogus": ("publiek", "Catalogus en downloads"),
    "tijdlijn": ("publiek", "Tijdlijn"),
    "aanmelden": ("publiek", "Aanmelden"),
    "overzicht": ("bestuur", "Mechelen in cijfers"),
    "bevolking": ("bestuur", "Bevolking"),
    "personeel": ("bestuur", "Personeel"),
    "organisatiebeheersing": ("bestuur", "Organisatiebeheersing"),
    "beleid": ("bestuur", "Beleid — memorandum 2018"),
    "indicatoren": ("publiek", "Indicatoren"),  # the public sees public indicators only
    "kaart": ("publiek", "Kaart"),
    "wijkprofiel": ("publiek", "Wijkprofiel"),
    "opladen": ("analist", "Gegevens opladen"),
    "spreiding": ("analist", "Twee indicatoren per wijk"),
    "beheer": ("beheer", "Gebruikers en auditlog"),
}
DEFAULT_TITLE = {"publiek": PAGES["open_data"][1], **{r: PAGES["overzicht"][1] for r in ROLES[1:]}}
MATRIX = [(role, page) for role in ROLES for page in PAGES]


@pytest.mark.parametrize(("role", "page"), MATRIX, ids=[f"{r}-{p}" for r, p in MATRIX])
def test_page_access(data_env, role: str, page: str):
    minimum, title = PAGES[page]
    at = open_page(page, role=role)
    assert not at.exception
    titles = [t.value for t in at.title]
    if rank(role) >= rank(minimum):
        assert titles == [title]
    else:
        # an anonymous visitor gets the login at that URL (issue 12), a logged-in role the default page
        expected = "Aanmelden" if role == "publiek" else DEFAULT_TITLE[role]
        assert titles == [expected], f"{role} reached {page}"
        if role == "publiek":  # nothing internal leaks onto the login
            assert "253,75" not in str(list(metrics(at).values()))
            assert not at.get("plotly_chart") and not at.dataframe


PROBE = """
import streamlit as st
from dashboard import auth, queries
from etl.catalog import UnknownDataset
name = st.query_params["dataset"]
READS = (
    ("tabel", queries.get_table),
    ("parquet", queries.get_parquet_bytes),
    ("rijen", lambda n: [None] * queries.get_row_count(n)),
    ("tabellezer", lambda n: queries.table_reader(n)()),
    ("parquetlezer", lambda n: queries.parquet_reader(n)()),
)
for label, read in READS:
    try:
        st.write(f"{label}={len(read(name))}")
    except auth.AccessDenied:
        st.write(f"{label}=geweigerd")
    except UnknownDataset:
        st.write(f"{label}=onbekend")
"""
DATASETS = [(role, ds.name) for role in ROLES for ds in ALL_DATASETS if ds.source_files]  # built ones


@pytest.mark.parametrize(("role", "dataset"), DATASETS, ids=[f"{r}-{d}" for r, d in DATASETS])
def test_dataset_download_access(data_env, role: str, dataset: str):
    """The query layer refuses non-public data to anonymous visitors (defence in depth)."""
    from etl.catalog import get_dataset

    at = AppTest.from_string(PROBE)
    if role != "publiek":
        at.session_state["rol"] = role
    at.query_params["dataset"] = dataset
    at.run()
    assert not at.exception
    shown = [m.value for m in at.markdown]
    if get_dataset(dataset).public or rank(role) >= rank("bestuur"):
        assert not any(v.endswith("geweigerd") for v in shown) and len(shown) == 5
    else:  # each way of reading a dataset refuses on its own
        assert shown == [f"{label}=geweigerd" for label in ("tabel", "parquet", "rijen", "tabellezer", "parquetlezer")]


def test_catalogue_lists_only_public_datasets_and_ignores_forged_names(data_env):
    at = open_page("catalogus", role="publiek", dataset="fte_afdeling")
    assert not at.exception
    labels = list(at.table[0].value["Dataset"])  # the overview: one row per dataset
    public = {d.title for d in ALL_DATASETS if d.public}
    assert labels and set(labels) <= public
    assert not any("Personeel" in label or "Voortgang" in label for label in labels)
    choice = at.selectbox[0]
    assert choice.value == "" and set(choice.options) == {"Alle datasets (overzicht)", *labels}
    assert any("onbekende waarde voor ‘dataset’" in i.value for i in at.info)
    downloads = [b.proto.label for b in at.get("download_button")]
    assert downloads == ["DCAT-AP-VL (JSON-LD)", "datapackage.json"]  # a dataset's files once it is chosen
    at = open_page("catalogus", role="publiek", dataset="kerncijfers")
    assert not at.info
    downloads = [b.proto.label for b in at.get("download_button")]
    assert downloads == ["CSV", "XLSX", "Parquet", "DCAT-AP-VL (JSON-LD)", "datapackage.json"]


def test_path_traversal_in_dataset_name_is_refused(data_env):
    at = AppTest.from_string(PROBE)
    at.session_state["rol"] = "beheer"
    at.query_params["dataset"] = "../../etc/passwd"
    at.run()
    # an unknown name never reaches SQL or the file system
    assert [m.value for m in at.markdown] == [
        f"{label}=onbekend" for label in ("tabel", "parquet", "rijen", "tabellezer", "parquetlezer")
    ]
