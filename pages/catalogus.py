"""Catalogus: every public dataset with its metadata, its columns and its downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import downloads, queries, sources
from dashboard.formatting import format_number
from dashboard.open import catalogue_files
from dashboard.permalink import check_param
from dashboard.router import ensure_router
from dashboard.ui import download, load
from etl.catalog import Dataset, public_datasets
from etl.opendata import CATALOGUE_FILE, DATAPACKAGE_FILE, OpenDataError

ensure_router()

KINDS = {"string": "tekst", "int": "geheel getal", "float": "getal", "date": "datum"}

st.title("Catalogus en downloads")
st.markdown(
    "Alle open datasets van Groep Mechelen, met hun beschrijving, kolommen, bron en licentie. "
    "Download ze als CSV (voor Excel: UTF-8, puntkomma), XLSX of Parquet."
)

available = [d for d in public_datasets() if queries.has_dataset(d.name)]
by_name = {d.name: d for d in available}
check_param("dataset", by_name, "dataset")
belgian = st.toggle("CSV met decimale komma (Belgisch Excel)", value=True)
chosen = st.query_params.get("dataset")


def dataset_section(ds: Dataset) -> None:
    """Description, metadata, columns and downloads of one dataset."""
    st.markdown(ds.description)
    updated = queries.get_updated(ds.name)
    meta = pd.DataFrame(
        [
            ("Identificatie", ds.name),
            ("Bron", ds.source),
            ("Uitgever", "Groep Mechelen (stad en OCMW Mechelen)"),
            ("Licentie", ds.licence),
            ("Peildatum", sources.reference_summary(ds) if updated else ds.reference_date or "onbekend"),
            ("Gepubliceerd op het platform", sources.local_date(updated) if updated else "nog niet"),
            ("Frequentie", ds.frequency),
            ("Trefwoorden", ", ".join(ds.keywords)),
        ],
        columns=["Kenmerk", "Waarde"],
    )
    st.dataframe(meta, hide_index=True, width="stretch")
    st.markdown(f"Licentie: [{ds.licence}]({ds.licence_uri})")
    columns = pd.DataFrame(
        [(c.name, KINDS[c.dtype], c.unit or "", c.description) for c in ds.columns],
        columns=["Kolom", "Type", "Eenheid", "Beschrijving"],
    )
    st.dataframe(columns, hide_index=True, width="stretch")
    rows = load(queries.get_row_count, ds.name)
    if rows is None:
        return
    st.caption(f"{format_number(rows, 0)} rijen.")
    # The files are made when a button is clicked, not on every run: a table may be millions of rows.
    table, parquet = queries.table_reader(ds.name), queries.parquet_reader(ds.name)
    cols = st.columns(3)
    download(cols[0], "CSV", lambda: downloads.to_csv_bytes(table(), belgian_decimals=belgian), f"{ds.name}.csv")
    download(cols[1], "XLSX", lambda: downloads.to_xlsx_bytes(table(), sheet=ds.name), f"{ds.name}.xlsx")
    download(cols[2], "Parquet", parquet, f"{ds.name}.parquet")


if chosen in by_name:  # a link to one dataset shows just that one
    st.subheader(by_name[chosen].title)
    dataset_section(by_name[chosen])
    st.page_link("pages/catalogus.py", label="Alle datasets", icon=":material/arrow_back:")
else:
    for ds in available:
        with st.expander(ds.title):
            dataset_section(ds)

st.subheader("Machineleesbare catalogus")
st.markdown(
    "Voor open-dataportalen: de catalogus volgens **DCAT-AP-VL** (JSON-LD) en een Frictionless "
    "**datapackage.json**. Dezelfde bestanden maakt `python -m etl publish-open`."
)
try:
    files = catalogue_files()
except OpenDataError:  # in production without a public address: nothing that points to localhost
    st.warning(
        "De machineleesbare catalogus is tijdelijk niet beschikbaar: het publieke adres van het platform is "
        "nog niet ingesteld. De datasets zelf kunt u hierboven downloaden.",
        icon=":material/warning:",
    )
else:
    left, right = st.columns(2)
    download(left, "DCAT-AP-VL (JSON-LD)", files[CATALOGUE_FILE], CATALOGUE_FILE)
    download(right, "datapackage.json", files[DATAPACKAGE_FILE], DATAPACKAGE_FILE)
