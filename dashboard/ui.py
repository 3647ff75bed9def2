"""UI building blocks shared by the pages: chart blocks with source, table and downloads;
key-figure tiles; empty states; provenance."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape
from typing import TypeVar
from urllib.parse import urlsplit

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import auth, downloads, queries
from dashboard.charts import CONFIG, alt_text
from dashboard.db import MissingDataset
from dashboard.formatting import escape_markdown, format_auto
from dashboard.provenance import source_line
from dashboard.sources import caption, source_name
from etl.catalog import get_dataset

T = TypeVar("T")


def source_caption(dataset_name: str, regels: list[int] | None = None, rows: pd.DataFrame | None = None) -> None:
    """Under a chart: dataset title, where its rows came from (derived from ``rows`` when they
    carry ``bron``: document and lines, or the upload with its date and publisher), reference
    date, publication date, licence."""
    st.caption(source_text(dataset_name, regels, rows))


def source_text(dataset_name: str, regels: list[int] | None = None, rows: pd.DataFrame | None = None) -> str:
    """The text of :func:`source_caption`."""
    return caption(get_dataset(dataset_name), rows, regels, queries.get_updated(dataset_name))


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


def request_key(key: str) -> str:
    """The session key of :func:`on_request`'s expander ``key`` (True once opened)."""
    return f"tabel_{key}"


@st.fragment
def on_request(label: str, key: str, render: Callable[[], None], expanded: bool = False) -> None:
    """An expander whose content (``render``) is made only once it is opened: a closed expander
    would otherwise hold its tables in the browser on every visit. A fragment, so opening it
    reruns this block only, not the page."""
    box = st.expander(label, expanded=expanded, key=request_key(key), on_change="rerun")
    if box.open:
        with box:
            render()


@st.fragment
def on_request_choice(label: str, key: str, choices: Mapping[str, Callable[[], None]]) -> None:
    """Several blocks made on request behind one control: pills (keyboard-usable buttons), none
    chosen at first; each chosen block is made under them, in their order. One widget and one
    fragment where an expander per block (:func:`on_request`) was one of each on every visit."""
    chosen = set(st.pills(label, list(choices), selection_mode="multi", key=request_key(key)))
    for option, render in choices.items():
        if option in chosen:
            st.markdown(f"**{escape_markdown(option)}**")  # which block is which, when several are open
            render()


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
    # Everything worked out before the first element is sent: the browser then draws the chart and
    # the lines under it in one go, not once for the chart and again when the rest arrives.
    alt = alt_text(fig)  # the chart's text alternative, in words, for everyone
    regels = data["bron_regel"].tolist() if "bron_regel" in data.columns else None
    source = source_text(dataset, regels, data if sources is None else sources)
    st.plotly_chart(fig, key=f"chart_{key}", config=CONFIG)
    if alt:
        st.markdown(f"**In het kort:** {escape_markdown(alt)}")
    st.caption(source)
    on_request("Toon als tabel, herkomst en download", key, lambda: data_table(data, key, columns, formats))


def show_chart(spec) -> None:
    """A chart declared as a :class:`dashboard.reports.model.ChartSpec` (shared with the report)."""
    chart_block(spec.fig, spec.data, spec.dataset, spec.key, spec.columns, spec.formats, spec.sources)


def tiles_html(figures, slots: int | None = None) -> str:
    """Key figures as one HTML description list: per tile its label (``dt``), its value and, when
    it has them, its change, its explanation or provenance behind "Toelichting" (a ``details``: one
    click, or Tab and Enter, away) and its source. ``slots`` tiles fit in a row (default: one per figure);
    on a phone, two. All text is escaped: labels and values may come from uploaded data."""
    tiles = []
    for figure in figures:
        parts = [f"<dt>{escape(figure.label)}</dt>", f'<dd class="mc-value">{escape(figure.value)}</dd>']
        if figure.change:
            parts.append(f'<dd class="mc-change">{escape(figure.change)}</dd>')
        if figure.note:
            note = escape(figure.note).replace("\n", "<br>")  # a note of several lines (an indicator's explanation)
            note = f"<details><summary>Toelichting</summary>{note}</details>"
            parts.append(f'<dd class="mc-note">{note}</dd>')
        if figure.source:
            parts.append(f'<dd class="mc-source">{escape(figure.source)}</dd>')
        tiles.append(f'<div class="mc-tile">{"".join(parts)}</div>')
    return f'<dl class="mc-tiles" style="--mc-slots: {slots or len(figures)}">{"".join(tiles)}</dl>'


def kerncijfers(figures, slots: int | None = None) -> None:
    """Key figures (:class:`dashboard.reports.model.Kerncijfer`) as tiles in one row of ``slots``
    (:func:`tiles_html`): one element, where metrics in columns were two or three per figure."""
    if figures:
        st.html(tiles_html(figures, slots))


def _base_url() -> str:
    """The app's address as the visitor uses it (for the report's permalink)."""
    try:
        parts = urlsplit(st.context.url or "")
    except Exception:  # no request context (AppTest)
        parts = None
    if parts and parts.scheme and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    from etl.opendata import default_base_url

    return default_base_url()


def report_button(page, values: Mapping[str, object]) -> None:
    """ "Rapport (PDF)": the page's report (:mod:`dashboard.reports`) for the filters in force, made
    only when clicked (outside the script run: no ``st`` there), with this session's role."""
    from dashboard.reports import build_report, render

    role, base_url, values = auth.current_role(), _base_url(), dict(values)

    def make() -> bytes:
        with auth.acting_as(role):
            return render.to_pdf(build_report(page, values, base_url))

    st.download_button(
        "Rapport (PDF)",
        make,
        file_name=f"rapport_{page.name}.pdf",
        mime="application/pdf",
        key=f"report_{page.name}",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        help="Deze pagina als A4-rapport: filters, kerncijfers, grafieken met hun bron.",
    )
