"""Overzicht: the headline figures, each linking to its page, and when each dataset was updated."""

from __future__ import annotations

import streamlit as st

from dashboard import indicator_ui, queries
from dashboard.reports import overzicht as content
from dashboard.reports.model import Kerncijfer
from dashboard.router import ensure_router
from dashboard.ui import load, report_button

ensure_router()

st.title("Mechelen in cijfers")
st.markdown(content.INTRO)


def tile(column, figure: Kerncijfer, page: str, link: str) -> None:
    with column.container(border=True):
        st.metric(figure.label, figure.value, help=figure.note)
        if figure.source:
            st.caption(figure.source)
        st.page_link(page, label=link, icon=":material/arrow_forward:")


report_button(content.PAGE, {})
cols = st.columns(4)
inwoners = content.inwoners()
if inwoners is not None:
    tile(cols[0], content.inwoners_figure(inwoners), "pages/bevolking.py", "Naar Bevolking")
fte = load(queries.get_fte_by_afdeling)
if fte is not None:
    tile(cols[1], content.fte_figure(fte), "pages/personeel.py", "Naar Personeel")
count = load(queries.get_aanbevelingen_count)
if count is not None:
    tile(cols[2], content.aanbevelingen_figure(count), "pages/beleid.py", "Naar Beleid")
voortgang = load(queries.get_voortgang_by_soort)
if voortgang is not None:
    tile(cols[3], content.voortgang_figure(voortgang), "pages/organisatiebeheersing.py", "Naar Organisatiebeheersing")

indicator_ui.changes_section()

st.subheader("Peildatum en publicatie per dataset")
st.caption(content.UPDATED_NOTE)
st.dataframe(content.updated_rows(), hide_index=True, width="stretch")
