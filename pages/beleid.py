"""Beleid: the recommendations of the 2018 memorandum per theme, filterable and searchable. One
recommendation at a time in full, with its source line and possible actions (chosen in a list
that filters as you type, its number in the URL: ``?nr=12``); the whole list with every source
line, and the tables, one click away."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import permalink, queries, sections, sources
from dashboard.formatting import escape_markdown, format_number
from dashboard.reports import beleid as content
from dashboard.router import ensure_router
from dashboard.ui import data_table, load, on_request, report_button

ensure_router()


def detail(rec, own: pd.DataFrame | None) -> str:
    """One recommendation in full: text, theme, chapter, source line, then its possible actions."""
    parts = [
        f"**{rec.nr}. {escape_markdown(rec.tekst)}**",
        f"**Thema:** {escape_markdown(rec.thema_label)}  \n**Hoofdstuk:** {escape_markdown(rec.hoofdstuk)}  \n"
        f":gray[Bron: {escape_markdown(sources.cite(rec.bron, [rec.bron_regel]))}]",
    ]
    if own is None:
        parts.append("_Geen mogelijke acties bij deze aanbeveling._")
    else:
        parts.append("**Mogelijke acties**")
        parts.append(
            "\n".join(
                f"{i}. " + escape_markdown(a.tekst).replace("\n", "  \n    ") + f" :gray[(regel {a.bron_regel})]"
                for i, a in enumerate(own.itertuples(), start=1)
            )
        )
    return "\n\n".join(parts)


def overview(recs: pd.DataFrame) -> None:
    """Every recommendation of the selection with its theme and source line: one element."""
    one_source = recs["bron"].nunique() == 1  # then named once, each item with its line only
    lines = [f":gray[Bron: {escape_markdown(sources.cite(recs['bron'].iloc[0], []))}]"] if one_source else []
    for thema, rows in recs.groupby("thema_label", sort=False):
        lines.append(f"\n**{escape_markdown(thema)}**\n")
        for r in rows.itertuples():
            cite = sources.cite(r.bron, [r.bron_regel])
            where = f"{sources.line_word(r.bron)} {r.bron_regel}" if one_source else cite
            lines.append(f"- {r.nr}\\. {escape_markdown(r.tekst)} :gray[({escape_markdown(where)})]")
    st.markdown("\n".join(lines))


def tables(recs: pd.DataFrame, acties: pd.DataFrame) -> None:
    columns = {"nr": "Nr", "thema_label": "Thema", "hoofdstuk": "Hoofdstuk", "tekst": "Aanbeveling"}
    data_table(recs, "aanbevelingen", columns)
    data_table(acties, "acties", {"aanbeveling_nr": "Aanbeveling", "volgorde": "Volgorde", "tekst": "Actie"})


def step(key: str, nr: int) -> None:
    """Previous/next: choose ``nr`` in the recommendation list (the URL follows)."""
    st.session_state[key] = nr


st.title("Beleid — memorandum 2018")
themas = load(queries.get_themas)
if themas is None:
    st.stop()
st.markdown(
    f"De **{format_number(int(themas['aantal'].sum()))} beleidsaanbevelingen** die het M-team van Groep Mechelen "
    "na de verkiezingen van 14 oktober 2018 aan het nieuwe bestuur voorlegde, met mogelijke acties."
)

options = [content.ALLE, *themas["thema_label"]]
left, right = st.columns([2, 1])
keuze = permalink.selectbox(left, "Thema", options, "thema")
zoek = permalink.text_input(right, "Zoek in aanbevelingen en acties", "q", placeholder="bv. digitaal").strip()
thema = None if keuze == content.ALLE else keuze
report_button(content.PAGE, {"thema": keuze, "q": zoek})

sections.themas_chart(thema)

recs = queries.get_aanbevelingen(thema, zoek)
acties = queries.get_acties(tuple(int(n) for n in recs["nr"]))
title = content.aanbevelingen_title(len(recs), zoek)
st.subheader(title)
if recs.empty:
    st.warning("Geen aanbevelingen gevonden. Maak de zoekterm korter of kies een ander thema.")
    st.stop()

by_nr = {int(r.nr): r for r in recs.itertuples()}
nrs = list(by_nr)
nr = permalink.selectbox(
    st,
    "Aanbeveling (typ een nummer of een woord om te zoeken)",
    nrs,
    "nr",
    link_label="aanbeveling",
    format_func=lambda n: f"{n}. {by_nr[n].tekst}",
)
at, key = nrs.index(nr), permalink.page_key("nr")
steps = st.container(horizontal=True, horizontal_alignment="distribute")  # side by side, also on a phone
steps.button("Vorige", icon=":material/arrow_back:", disabled=at == 0, on_click=step, args=(key, nrs[max(at - 1, 0)]))
steps.button(
    "Volgende",
    icon=":material/arrow_forward:",
    disabled=at == len(nrs) - 1,
    on_click=step,
    args=(key, nrs[min(at + 1, len(nrs) - 1)]),
)
acties_per_nr = dict(tuple(acties.groupby("aanbeveling_nr", sort=False)))
with st.container(border=True):
    st.markdown(detail(by_nr[nr], acties_per_nr.get(nr)))

on_request(f"Lijst: {title}, elk met de regel in het memorandum", "aanbevelingen_lijst", lambda: overview(recs))
on_request(
    "Deze aanbevelingen en hun acties als tabel en download",
    "aanbevelingen_tabel",
    lambda: tables(recs, acties),
)
