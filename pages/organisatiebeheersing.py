"""Organisatiebeheersing: the progress report's items per control domain, filterable and
searchable, with sub-items; when several report years exist, what is new, carried over, dropped."""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboard import permalink, queries
from dashboard.formatting import escape_markdown, format_number, plural
from dashboard.reports import organisatiebeheersing as content
from dashboard.reports.model import Kerncijfer
from dashboard.router import ensure_router
from dashboard.ui import data_table, kerncijfers, load, on_request, report_button, show_chart

ensure_router()

st.title("Organisatiebeheersing")
jaren = load(queries.get_report_years)
if not jaren:
    st.stop()

# Few report years and domains: buttons in sight (one click, and cheaper for the browser than a
# list that opens); no choice at all while there is one report.
one_report = len(jaren) == 1
st.markdown(
    "Realisaties en planning per domein van organisatiebeheersing, uit het voortgangsrapport"
    + (f" {jaren[0]}." if one_report else ".")
)
if one_report:
    jaar = jaren[0]
    permalink.check_param("jaar", [str(jaar)], "rapportjaar")
else:
    jaar = permalink.segmented(st, "Rapportjaar", jaren, "jaar")
domeinen_all = queries.get_domeinen(jaar)


def domains_label() -> str:
    """What the domain filter holds in this run, before its widget is made."""
    chosen = [d for d in permalink.pending("domein", many=True) or () if d in domeinen_all]
    shown = "Alle domeinen" if not chosen else f"Domein: {chosen[0]}" if len(chosen) == 1 else f"{len(chosen)} domeinen"
    return permalink.narrowing_label(shown, str(permalink.pending("q") or ""))


# Domain and search behind one button that tells what is in force: the widgets of a closed
# popover are not drawn, which took about 25 ms off every visit (bench.visit_cost, same run).
actions = st.container(horizontal=True)
filters = actions.popover(domains_label(), icon=":material/filter_list:", key=permalink.page_key("verfijnen"))
domeinen = permalink.pills(filters, "Domein (geen keuze: alle)", domeinen_all, "domein", "domein")
zoek = permalink.text_input(filters, "Zoek in de titels", "q", placeholder="bv. audit").strip()

with actions:
    report_button(content.PAGE, {"jaar": str(jaar), "domein": domeinen, "q": zoek})
counts = queries.get_voortgang_counts(jaar, tuple(domeinen), zoek)
totals = queries.get_voortgang_totals(jaar, tuple(domeinen), zoek)
kerncijfers(content.kerncijfers(counts, totals))

if counts.empty:
    st.warning("Geen punten gevonden voor deze filters. Maak de zoekterm korter of kies andere domeinen.")
    st.stop()

show_chart(content.domein_chart(counts, jaar, zoek))

st.subheader("De punten")
items = queries.get_voortgang_items(jaar, tuple(domeinen), zoek)
# One pass over the rows (in report order): the top-level items per domain and kind, the sub-items
# per parent; one Markdown element per kind and domain.
tops: dict[str, dict[str, list]] = {}
subs: dict[tuple[str, str, int], list] = {}
for item in items.itertuples():
    if item.niveau == 0:
        tops.setdefault(item.domein, {}).setdefault(item.soort, []).append(item)
    else:
        subs.setdefault((item.domein, item.soort, item.ouder), []).append(item)


def domain_items(domein: str, per_soort: dict[str, list]) -> None:
    for soort, heading in (("realisatie", "Realisaties"), ("planning", "Planning")):
        if soort not in per_soort:
            continue
        lines = [f"**{heading}**", ""]
        for item in per_soort[soort]:
            also = item.ook_in_domein  # missing: NaN, which is truthy
            elders = f" :blue[(ook onder {escape_markdown(also)})]" if isinstance(also, str) else ""
            lines.append(f"- {escape_markdown(item.titel)}{elders} :gray[(regel {item.bron_regel})]")
            lines.extend(
                f"    - {escape_markdown(sub.titel)} :gray[(regel {sub.bron_regel})]"
                for sub in subs.get((domein, soort, item.volgorde), ())
            )
        st.markdown("\n".join(lines))


# Each domain's list is made when opened (a search opens them all): closed lists cost the browser too.
for i, (domein, per_soort) in enumerate(tops.items()):
    n_top = sum(len(part) for part in per_soort.values())
    label = f"{domein} — {plural(n_top, 'vermelding', 'vermeldingen')}"
    on_request(label, f"punten_{i}", partial(domain_items, domein, per_soort), expanded=bool(zoek))

on_request(
    "Alle punten als tabel en download",
    "punten",
    lambda: data_table(
        items,
        "voortgang_punten",
        {"domein": "Domein", "soort": "Soort", "niveau": "Niveau", "titel": "Titel", "ook_in_domein": "Ook in domein"},
    ),
)

if len(jaren) > 1:
    vorig = jaren[jaren.index(jaar) + 1] if jaren.index(jaar) + 1 < len(jaren) else None
    st.subheader("Vergelijking met het vorige rapport")
    if vorig is None:
        st.info(f"{jaar} is het oudste rapport: er is geen vorig jaar om mee te vergelijken.")
    else:
        diff = queries.get_voortgang_comparison(jaar, vorig)
        labels = {
            "overgedragen": "Gepland in {v}, gerealiseerd in {j}",
            "nieuw": "Nieuw in {j}",
            "weggevallen": "Gepland in {v}, niet meer in {j}",
        }
        kerncijfers(  # one element, not three metrics in columns
            [
                Kerncijfer(labels[status].format(v=vorig, j=jaar), format_number(int((diff["status"] == status).sum())))
                for status in labels
            ]
        )
        columns = {"status": "Status", "domein": "Domein", "titel": "Titel"}
        on_request(
            "Toon de vergelijking als tabel en download",
            "vergelijking",
            lambda: data_table(diff, "voortgang_vergelijking", columns),
        )
