"""The reference of the page benchmarks (:mod:`bench.pages`): a bare Streamlit app with a start page
without a chart (its first visit pays the server's first script run, like the app's /aanmelden) and
a page with one small static Plotly chart (``/grafiek``), measured cold and warm like the app's pages.
"""

from __future__ import annotations

TITLE = "Referentie"
CHART_TITLE = "Referentiegrafiek"


def start() -> None:
    import streamlit as st

    st.title(TITLE)
    st.markdown("Een pagina zonder grafiek.")


def chart() -> None:
    import plotly.graph_objects as go  # like the app: plotly is first imported by a page with a chart
    import streamlit as st

    st.title(CHART_TITLE)
    st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])), key="chart_reference")


if __name__ == "__main__":  # as `streamlit run` runs it; bench.pages only imports the titles (and stays small)
    import streamlit as st

    st.set_page_config(page_title=TITLE, layout="wide")
    pages = [st.Page(start, title=TITLE, default=True), st.Page(chart, title=CHART_TITLE, url_path="grafiek")]
    st.navigation(pages).run()
