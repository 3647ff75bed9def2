"""UI building blocks shared by the pages: chart blocks with source, table and downloads;
empty states; provenance."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import auth, downloads, queries
from dashboard.charts import CONFIG
from dashboard.db import MissingDataset
from dashboard.formatting import format_auto
from dashboard.provenance import source_line
from dashboard.sources import caption_text, source_name
from etl.catalog import get_dataset

T = TypeVar("T")


# Streamlit cuts a tile's label and a page link's text to one line with an ellipsis
# ("Voortgang organisatiebeh…"); ours wrap instead, at every screen width.
HOUSE_STYLE = """<style>
[data-testid="stMetricLabel"] .stMarkdownEllipsis, [data-testid="stMetricLabel"] p,
[data-testid="stPageLink"] span:not(.stIconMaterial), [data-testid="stPageLink"] p {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
</style>"""


def house_style() -> None:
    st.html(HOUSE_STYLE)


def source_caption(dataset_name: str, regels: list[int] | None = None, rows: pd.DataFrame | None = None) -> None:
    """Under a chart: dataset title, where its rows came from (derived from ``rows`` when they
    carry ``bron``: document and lines, or the upload with its date and publisher), reference
    date, publication date, licence."""
    ds = get_dataset(dataset_name)
    text = caption_text(ds, rows, regels, queries.get_updated(dataset_name))
    demo = " **DEMOGEGEVENS, geen echte cijfers.**" if ds.synthetic else ""
    licence = f" Licentie: [{ds.licence}]({ds.licence_uri})." if ds.public else ""
    st.caption(f"{text}{licence}{demo}")


def missing_dataset(exc: MissingDataset) -> None:
    ds = get_dataset(exc.name)
    if ds.source_files:
        todo = "Bouw de tabellen op met `make etl` (of `python -m etl build`)."
    else:
        todo = "Een analist kan ze opladen via ‘Gegevens opladen’."
    st.info(f"De dataset ‘{ds.title}’ is nog niet beschikbaar. {todo}", icon=":material/info:")


def load(query: Callable[..., T], *args: object) -> T | None:
    """Run a query; when its dataset does not exist yet, show the empty state and return None."""
    try:
        return query(*args)
    except MissingDataset as exc:
        missing_dataset(exc)
        return None
    except auth.AccessDenied:
        st.warning("U hebt geen toegang tot deze gegevens. Meld u aan met een account dat ze mag zien.")
        return None


def with_quotes(df: pd.DataFrame) -> pd.DataFrame:
    """Add the source line's text (``citaat``) to rows that carry ``bron``/``bron_regel``."""
    if "citaat" in df.columns or not {"bron", "bron_regel"} <= set(df.columns):
        return df
    return df.assign(citaat=[source_line(b, int(r)) for b, r in zip(df["bron"], df["bron_regel"], strict=True)])


MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
    "jsonld": "application/ld+json",
    "json": "application/json",
}


def download(column, label: str, data: bytes | Callable[[], bytes], file_name: str) -> None:
    """A download button that does not rerun the page; its key is the file name. ``data`` may be a
    function without arguments: Streamlit then makes the file only when the button is clicked
    (outside the script run, so the function must not use ``st``), instead of on every run."""
    column.download_button(
        label,
        data,
        file_name=file_name,
        mime=MEDIA_TYPES[file_name.rsplit(".", 1)[-1]],
        key=f"download_{file_name}",
        on_click="ignore",
        icon=":material/download:",
    )


def downloads_row(df: pd.DataFrame, name: str) -> None:
    """CSV and XLSX of exactly these rows (formulas defused), made when clicked."""
    left, right = st.columns(2)
    download(left, "Download CSV", lambda: downloads.to_csv_bytes(df), f"{name}.csv")
    download(right, "Download XLSX", lambda: downloads.to_xlsx_bytes(df, sheet=name), f"{name}.xlsx")


def blank_missing(df: pd.DataFrame) -> pd.DataFrame:
    """Columns with missing values as text, the missing ones empty: Streamlit shows them as an
    English "None". Numbers in such a column are written the Belgian way."""
    out = df.copy()
    for col in out.columns:
        missing = out[col].isna()
        if missing.any():
            values = out[col].astype(object)
            if pd.api.types.is_numeric_dtype(out[col]):
                values = values.map(lambda v: v if pd.isna(v) else format_auto(v))
            out[col] = values.where(~missing, "").astype(str)
    return out


def data_table(
    data: pd.DataFrame,
    key: str,
    columns: dict[str, str],
    formats: dict[str, Callable] | None = None,
    quote: bool = True,
) -> None:
    """The rows as a table with Dutch headers and Belgian numbers (as text, so the browser's
    locale cannot change them), each with its provenance, plus downloads of the raw values.
    ``quote`` adds the source line's text; leave it off where a column already repeats it."""
    table = with_quotes(data) if quote else data
    if "bron" in table.columns:  # readers see the document's title; the file name is detail
        table = table.assign(bestand=table["bron"], bron=table["bron"].map(source_name))
    labels = {**columns, "bron": "Bron", "bron_regel": "Regel", "bestand": "Bestand", "citaat": "Uit de tekst"}
    raw = table[[c for c in table.columns if c in labels and c != "citaat"] + (["citaat"] if "citaat" in table else [])]
    shown = raw.copy()
    for col, fmt in (formats or {}).items():
        shown[col] = shown[col].map(fmt)
    st.dataframe(
        blank_missing(shown).rename(columns=labels),
        hide_index=True,
        width="stretch",
        column_config={"Regel": st.column_config.NumberColumn("Regel", format="%d")},
    )
    downloads_row(raw.rename(columns=labels), key)


def chart_block(
    fig: go.Figure,
    data: pd.DataFrame,
    dataset: str,
    key: str,
    columns: dict[str, str],
    formats: dict[str, Callable] | None = None,
    sources: pd.DataFrame | None = None,
) -> None:
    """A chart with, under it, its source and an expander holding the data as a table (the
    accessible alternative, with each row's provenance) and downloads of that data. The source
    is derived from the rows shown; when those are sums, ``sources`` gives the ``bron`` (and
    reference column) of the rows summed."""
    st.plotly_chart(fig, key=f"chart_{key}", config=CONFIG)
    regels = data["bron_regel"].tolist() if "bron_regel" in data.columns else None
    source_caption(dataset, regels, data if sources is None else sources)
    with st.expander("Toon als tabel, herkomst en download"):
        data_table(data, key, columns, formats)
