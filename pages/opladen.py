"""Gegevens opladen: an analyst uploads a spreadsheet, sees every problem or the preview and the
difference with the published data, publishes it, and can restore any earlier version."""

from __future__ import annotations

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
check_param("dataset", by_name, "dataset")
name = st.selectbox(
    "Dataset", list(by_name), format_func=lambda n: by_name[n].title, key="dataset", bind="query-params"
)
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
        if st.button("Publiceren", type="primary", icon=":material/publish:"):
            try:
                entry = analyst.publish(prepared)
            except SourceError as exc:
                show_problems(exc.problems)
            else:
                st.session_state.pop("prepared_key", None)
                done = f"Gepubliceerd als versie {entry.versie} ({entry.rijen} rijen)."
                st.success(done + " De dashboards tonen de nieuwe gegevens.")

st.subheader("Versies")
history = analyst.history(name)
if history.empty:
    st.info("Voor deze dataset is nog geen versie gepubliceerd.")
else:
    st.dataframe(history, hide_index=True, width="stretch")
    with st.form("terugzetten"):
        version = st.selectbox(
            "Versie om terug te zetten", history["Versie"].tolist()[1:] or history["Versie"].tolist()
        )
        sure = st.checkbox("Ik begrijp dat de dashboards meteen deze versie tonen.")
        if st.form_submit_button("Terugzetten", icon=":material/history:"):
            if not sure:
                st.warning("Vink eerst het bevestigingsvakje aan.")
            else:
                entry = analyst.rollback(name, int(version))
                st.success(f"Versie {version} is teruggezet (nu versie {entry.versie}).")
                st.rerun()
