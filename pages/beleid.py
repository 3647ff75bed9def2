"""Beleid: the recommendations of the 2018 memorandum per theme, filterable and searchable,
each with its possible actions."""

from __future__ import annotations

import streamlit as st

from dashboard import permalink, queries, sections, sources
from dashboard.formatting import escape_markdown, format_number
from dashboard.reports import beleid as content
from dashboard.router import ensure_router
from dashboard.ui import data_table, load, report_button

ensure_router()

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

sections.themes_chart(thema)

recs = queries.get_aanbevelingen(thema, zoek)
acties = queries.get_acties(tuple(int(n) for n in recs["nr"]))
st.subheader(content.recommendations_title(len(recs), zoek))
if recs.empty:
    st.warning("Geen aanbevelingen gevonden. Maak de zoekterm korter of kies een ander thema.")
acties_per_nr = dict(tuple(acties.groupby("aanbeveling_nr", sort=False)))
for rec in recs.itertuples():
    with st.expander(f"{rec.nr}. {escape_markdown(rec.tekst)}"):
        # one Markdown element per recommendation: 73 expanders would otherwise hold 200+ elements
        parts = [
            f"**Thema:** {escape_markdown(rec.thema_label)}  \n**Hoofdstuk:** {escape_markdown(rec.hoofdstuk)}  \n"
            f":gray[Bron: {escape_markdown(sources.cite(rec.bron, [rec.bron_regel]))}]"
        ]
        own = acties_per_nr.get(rec.nr)
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
        st.markdown("\n\n".join(parts))

with st.expander("Deze aanbevelingen en hun acties als tabel en download"):
    data_table(
        recs, "aanbevelingen", {"nr": "Nr", "thema_label": "Thema", "hoofdstuk": "Hoofdstuk", "tekst": "Aanbeveling"}
    )
    data_table(acties, "acties", {"aanbeveling_nr": "Aanbeveling", "volgorde": "Volgorde", "tekst": "Actie"})
