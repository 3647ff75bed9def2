"""Catalogus: every public dataset at a glance, and one at a time with its metadata, its columns
and its downloads (chosen in the select box, or by a link ``?dataset=<name>``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import downloads, permalink, queries, sources
from dashboard.formatting import format_number
from dashboard.open import catalogue_files
from dashboard.router import ensure_router
from dashboard.ui import download, load
from etl.catalog import Dataset, public_datasets
from etl.opendata import CATALOGUE_FILE, DATAPACKAGE_FILE, OpenDataError

ensure_router()

KINDS = {"string": "tekst", "int": "geheel getal", "float": "getal", "date": "datum"}
OVERVIEW = ""  # the select box's first option: every dataset at a glance

st.title("Catalogus en downloads")
st.markdown(
    "Alle open datasets van Groep Mechelen, met hun beschrijving, kolommen, bron en licentie. "
    "Download ze als CSV (voor Excel: UTF-8, puntkomma), XLSX of Parquet: kies daarvoor hieronder een dataset."
)

available = [d for d in public_datasets() if queries.has_dataset(d.name)]
by_name = {d.name: d for d in available}
chosen = permalink.selectbox(
    st,
    "Dataset",
    [OVERVIEW, *by_name],
    "dataset",
    link_label="dataset",
    format_func=lambda name: by_name[name].title if name else "Alle datasets (overzicht)",
)


def updated_text(ds: Dataset) -> str:
    updated = queries.get_updated(ds.name)
    return sources.local_date(updated) if updated else "nog niet"


def formats(rows: int) -> str:
    return "CSV, XLSX, Parquet" if downloads.fits_excel(rows) else "CSV, Parquet (te groot voor Excel)"


def overview() -> None:
    """One table: every dataset with its source, size and publication date."""
    rows = {ds.name: load(queries.get_row_count, ds.name) for ds in available}
    table = pd.DataFrame(
        [
            (ds.title, ds.source, format_number(n, 0), updated_text(ds), formats(n))
            for ds in available
            if (n := rows[ds.name]) is not None
        ],
        columns=["Dataset", "Bron", "Rijen", "Gepubliceerd", "Formaten"],
    )
    st.table(table, hide_index=True)
    st.caption("Kies hierboven een dataset voor de beschrijving, de kolommen, de licentie en de downloads.")


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
            ("Gepubliceerd op het platform", updated_text(ds)),
            ("Frequentie", ds.frequency),
            ("Trefwoorden", ", ".join(ds.keywords)),
        ],
        columns=["Kenmerk", "Waarde"],
    )
    st.table(meta, hide_index=True)
    st.markdown(f"Licentie: [{ds.licence}]({ds.licence_uri})")
    columns = pd.DataFrame(
        [(c.name, KINDS[c.dtype], c.unit or "", c.description) for c in ds.columns],
        columns=["Kolom", "Type", "Eenheid", "Beschrijving"],
    )
    st.table(columns, hide_index=True)
    rows = load(queries.get_row_count, ds.name)
    if rows is None:
        return
    st.caption(f"{format_number(rows, 0)} rijen.")
    belgian = st.toggle("CSV met decimale komma (Belgisch Excel)", value=True)
    # The files are made when a button is clicked, not on every run: a table may be millions of rows.
    table, parquet = queries.table_reader(ds.name), queries.parquet_reader(ds.name)
    cols = st.columns(3)
    download(cols[0], "CSV", lambda: downloads.to_csv_bytes(table(), belgian_decimals=belgian), f"{ds.name}.csv")
    if downloads.fits_excel(rows):
        download(cols[1], "XLSX", lambda: downloads.to_xlsx_bytes(table(), sheet=ds.name), f"{ds.name}.xlsx")
    else:
        cols[1].caption(downloads.xlsx_note(rows))
    download(cols[2], "Parquet", parquet, f"{ds.name}.parquet")


if chosen in by_name:  # a link to one dataset shows just that one
    st.subheader(by_name[chosen].title)
    dataset_section(by_name[chosen])
else:
    overview()

st.subheader("Machineleesbare catalogus")
st.markdown(
    "Voor open-dataportalen: de catalogus volgens **DCAT-AP-VL** (JSON-LD) en een Frictionless "
    "**datapackage.json**, gemaakt uit de catalogus zonder de bestanden zelf. `python -m etl publish-open` "
    "schrijft dezelfde beschrijving samen met alle bestanden (dan ook met hun grootte)."
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
