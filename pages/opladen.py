"""Gegevens opladen: an analyst uploads a spreadsheet, sees every problem or the preview and the
difference with the published data, publishes it, and can restore any earlier version."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd
import streamlit as st

from dashboard import analyst, auth
from dashboard.downloads import to_csv_bytes
from dashboard.formatting import escape_markdown, format_auto
from dashboard.permalink import check_param
from dashboard.router import ensure_router
from etl.errors import SourceError

ensure_router()
auth.require("analist")

st.title("Gegevens opladen")
st.markdown(
    "Laad een spreadsheet (xlsx, xls of csv) op voor een dataset. Het bestand wordt eerst volledig "
    "gecontroleerd; u ziet elk probleem met blad, rij en kolom, of anders een voorbeeld en het verschil "
    "met de gepubliceerde gegevens. Pas daarna kunt u publiceren. Elke versie blijft bewaard."
)

by_name = {d.name: d for d in analyst.datasets()}
# The link holds the dataset's name, the widget shows its title. A widget bound to the URL would
# put the shown title there, so the parameter is kept here instead.
check_param("dataset", by_name, "dataset")
linked = st.query_params.get("dataset")
name = st.selectbox(
    "Dataset",
    list(by_name),
    index=list(by_name).index(linked) if linked in by_name else 0,
    format_func=lambda n: by_name[n].title,
    key="dataset",
)
st.query_params["dataset"] = name
dataset = by_name[name]
st.caption(dataset.description)
spec = dataset.upload
for layout in (spec.layouts or (None,)) if "xlsx" in spec.file_types else ():
    suffix = f"_{layout}" if layout else ""
    st.download_button(
        f"Download sjabloon {layout} (xlsx)" if layout else "Download sjabloon (xlsx)",
        analyst.template(dataset, layout),
        file_name=f"sjabloon_{name}{suffix}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/description:",
        key=f"sjabloon_{name}{suffix}",
    )

kinds = ", ".join(spec.file_types)
upload = st.file_uploader(f"Bestand ({kinds})", type=list(spec.file_types), key=f"upload_{name}")


def show_problems(problems) -> None:
    count = f"{len(problems)} probleem" if len(problems) == 1 else f"{len(problems)} problemen"
    st.error(f"{count} gevonden: dit bestand kan niet gepubliceerd worden.", icon=":material/block:")
    table = pd.DataFrame([p.as_row() for p in problems])
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button(
        "Download de lijst van problemen (CSV)",
        to_csv_bytes(table),
        file_name="problemen.csv",
        mime="text/csv",
        on_click="ignore",
    )


def flash(message: str, kind: str = "success") -> None:
    """A message for the next run of the page: a callback's result outlives its rerun."""
    st.session_state["opladen_flash"] = (kind, message)


def show_flash() -> None:
    if "opladen_flash" in st.session_state:
        kind, message = st.session_state.pop("opladen_flash")
        {"success": st.success, "warning": st.warning}[kind](message)


def confirmed(confirmation: str, action: Callable[[], str]) -> None:
    """A form's callback: ``action`` (which returns its message) runs only when the checkbox
    ``confirmation`` is ticked, and unticks it; the message outlives the rerun."""
    if not st.session_state.get(confirmation):
        flash("Vink eerst het bevestigingsvakje aan.", "warning")
        return
    try:
        flash(action())
    except SourceError as exc:
        flash(" ".join(p.message for p in exc.problems), "warning")
    st.session_state[confirmation] = False


def publish(prepared, key: tuple) -> None:
    """The publish button's callback: runs once per click, before the page is drawn again."""
    try:
        entry = analyst.publish(prepared)
    except SourceError as exc:
        st.session_state["published"] = (key, exc.problems)
        return
    st.session_state["published"] = (key, entry)


def show_published(outcome) -> None:
    if isinstance(outcome, list):
        show_problems(outcome)
    elif analyst.is_unchanged(outcome):
        st.info(
            f"Niets gepubliceerd: de inhoud is dezelfde als die van de huidige versie {outcome.versie}.",
            icon=":material/info:",
        )
    else:
        st.success(
            f"Gepubliceerd als versie {outcome.versie} ({outcome.rijen} rijen). De dashboards tonen de nieuwe gegevens."
        )


def show_preview(prepared) -> None:
    result, diff = prepared.result, prepared.diff
    st.success(
        f"Het bestand is in orde: {len(result.rows)} rijen gelezen uit ‘{escape_markdown(result.filename)}’.",
        icon=":material/check_circle:",
    )
    effect = diff.headline.assign(
        voor=diff.headline["voor"].map(format_auto),
        na=diff.headline["na"].map(format_auto),
        verschil=diff.headline["verschil"].map(lambda v: ("+" if v > 0 else "") + format_auto(v)),
    ).rename(columns={"maat": "Maat", "voor": "Nu gepubliceerd", "na": "Na publicatie", "verschil": "Verschil"})
    cols = st.columns(3)
    cols[0].metric("Nieuwe rijen", len(diff.added))
    cols[1].metric("Verdwenen rijen", len(diff.removed))
    cols[2].metric("Gewijzigde waarden", len(diff.changed))
    st.dataframe(effect, hide_index=True)
    tabs = st.tabs(["Gelezen rijen", "Nieuw", "Verdwenen", "Gewijzigd"])
    tabs[0].dataframe(result.rows.head(1000), hide_index=True, width="stretch")
    tabs[1].dataframe(diff.added.head(1000), hide_index=True, width="stretch")
    tabs[2].dataframe(diff.removed.head(1000), hide_index=True, width="stretch")
    tabs[3].dataframe(diff.changed.head(1000).astype(str), hide_index=True, width="stretch")


if upload is not None:
    data = upload.getvalue()
    sheets = analyst.sheets(upload.name, data)
    sheet = None
    if len(sheets) > 1:
        labels = {"visible": "", "hidden": " (verborgen)", "veryhidden": " (zeer verborgen)"}
        visible_first = sorted(sheets, key=lambda s: s[1] != "visible")
        sheet = st.selectbox(
            "Blad", [s[0] for s in visible_first], format_func=lambda s: s + labels.get(dict(sheets)[s], "")
        )
    cache_key = ("prepared", name, upload.file_id, sheet)
    if st.session_state.get("prepared_key") != cache_key:
        with st.status("Bestand controleren…", expanded=False) as status:
            bar = st.progress(0.0)
            prepared = analyst.check(upload.name, data, name, sheet, lambda f, t: bar.progress(f, text=t))
            status.update(label="Controle klaar", state="complete" if prepared.ok else "error")
        st.session_state["prepared_key"], st.session_state["prepared"] = cache_key, prepared
    prepared = st.session_state["prepared"]
    for note in prepared.result.notes:
        st.info(escape_markdown(note), icon=":material/info:")  # notes quote sheet names from the file
    if not prepared.ok:
        show_problems(prepared.result.problems or ["Het bestand bevat geen gegevensrijen."])
    else:
        show_preview(prepared)
        # A file is published once: after its publish the button is done (a second click made an
        # identical version before); a new file or sheet gives a new button.
        published = st.session_state.get("published")
        outcome = published[1] if published and published[0] == cache_key else None
        st.button(
            "Publiceren",
            type="primary",
            icon=":material/publish:",
            disabled=outcome is not None,
            on_click=publish,
            args=(prepared, cache_key),
        )
        if outcome is not None:
            show_published(outcome)


def rollback(dataset: str) -> str:
    version = st.session_state["terugzetten_versie"]
    entry = analyst.rollback(dataset, int(version))
    return f"Versie {version} is teruggezet (nu versie {entry.versie})."


def withdraw(dataset) -> str:
    entry = analyst.withdraw(dataset.name)
    return f"‘{dataset.title}’ is ingetrokken (versie {entry.versie}); de eerdere versies blijven bewaard."


st.subheader("Versies")
show_flash()
history = analyst.history(name)
if history.empty:
    st.info("Voor deze dataset is nog geen versie gepubliceerd.")
else:
    st.dataframe(history, hide_index=True, width="stretch")
    versions = analyst.restorable(name)
    if versions:
        with st.form("terugzetten"):
            st.selectbox("Versie om terug te zetten", versions, key="terugzetten_versie")
            st.checkbox("Ik begrijp dat de dashboards meteen deze versie tonen.", key="terugzetten_zeker")
            st.form_submit_button(
                "Terugzetten",
                icon=":material/history:",
                on_click=confirmed,
                args=("terugzetten_zeker", partial(rollback, name)),
            )
    if analyst.withdrawable(dataset):
        with st.form("intrekken"):
            st.markdown(
                "**Intrekken**: de dataset verdwijnt van de dashboards en de open-datapagina, zoals vóór de "
                "eerste publicatie. De versies blijven bewaard en kunnen teruggezet worden."
            )
            st.checkbox("Ik begrijp dat de dashboards deze dataset niet meer tonen.", key="intrekken_zeker")
            st.form_submit_button(
                "Intrekken",
                icon=":material/delete:",
                on_click=confirmed,
                args=("intrekken_zeker", partial(withdraw, dataset)),
            )
