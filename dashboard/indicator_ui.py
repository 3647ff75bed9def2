"""Building blocks of the indicator pages: choosing an indicator, its definition one click away,
values as text (a suppressed value is never shown as a number), captions made from the rows
shown, the demo-data label, and Overzicht's "wat veranderde"."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import permalink, queries
from dashboard.formatting import format_date, format_number, format_with_unit
from dashboard.reports.model import Kerncijfer
from dashboard.ui import downloads_row, load
from etl.catalog import document_for

STATUS_TEXT = {"afgeschermd": "afgeschermd (klein aantal)", "ontbreekt": "ontbreekt"}
ALLE = "Alle thema's"


def waarde_text(waarde: object, status: object, unit: str) -> str:
    if waarde is None or pd.isna(waarde):
        return STATUS_TEXT.get(str(status), "ontbreekt")
    return format_with_unit(float(waarde), unit)


def difference_text(value: float, unit: str) -> str:
    """A signed difference; between two percentages it is in percentage points."""
    sign = "+" if value > 0 else ""
    if unit == "%":
        return f"{sign}{format_number(value, 1).removesuffix(',0')} procentpunt"
    return sign + format_with_unit(value, unit)


def indicator_list() -> pd.DataFrame | None:
    """The indicators this role may see; an empty state when there are none."""
    lijst = load(queries.get_indicator_list)
    if lijst is not None and lijst.empty:
        st.info("Er zijn nog geen indicatoren gepubliceerd.", icon=":material/info:")
        return None
    return lijst


def choose_indicator(lijst: pd.DataFrame, key: str = "indicator", label: str = "Indicator", search: bool = True) -> str:
    """The indicator, bound to the URL (``?indicator=code``, also for the first one); with ``search``,
    chosen within a theme and by a search in title and definition.

    The theme starts as the indicator's own (the first indicator's when the link names none), so
    the list holds its theme's indicators: a list of every indicator (a thousand, in the bench) is
    long to scroll and work for the browser on every visit. "Alle thema's" lists them all; a search
    looks in every theme. Theme and search are behind a button whose label tells what is in force:
    the widgets of a closed popover are not drawn, two fewer for the browser on every visit."""
    titles = dict(zip(lijst["code"], lijst["titel"], strict=True))
    shown = lijst
    if search:
        themas = [ALLE, *sorted(lijst["thema"].unique())]
        own = lijst.loc[lijst["code"] == permalink.pending(key), "thema"]
        default = own.iloc[0] if len(own) else lijst["thema"].iloc[0]
        narrow = st.popover(
            _narrowing_label(themas, default), icon=":material/filter_list:", key=permalink.page_key("verfijnen")
        )
        thema = permalink.selectbox(narrow, "Thema", themas, "thema", default=default)
        zoek = narrow.text_input(
            "Zoeken in titel en definitie",
            key=permalink.page_key("zoek"),
            placeholder="bv. werkzoekenden",
            on_change=_search_every_theme,
            args=(permalink.page_key("thema"),),  # in the callback, the current page is not yet known
        )
        mask = pd.Series(True, index=lijst.index)
        if thema != ALLE:
            mask &= lijst["thema"] == thema
        if zoek.strip():
            text = (lijst["titel"] + " " + lijst["definitie"].fillna("")).str.lower()
            mask &= text.str.contains(zoek.strip().lower(), regex=False)
        shown = lijst[mask]
        if shown.empty:
            st.warning("Geen indicator gevonden met deze zoekterm of dit thema; alle indicatoren worden getoond.")
            shown = lijst
    # the code in the URL (``?indicator=code``), also for the first indicator
    options = shown["code"].tolist()
    return permalink.selectbox(st, label, options, key, format_func=lambda c: titles.get(c, c), always=True)


def _narrowing_label(themas: list[str], default: str) -> str:
    """The label of the theme-and-search button: the theme and search in force in this run (known
    before their widgets are made, see :func:`dashboard.permalink.pending`)."""
    thema = permalink.pending("thema")
    thema = thema if thema in themas else default
    return permalink.narrowing_label(f"Thema: {thema}", str(st.session_state.get(permalink.page_key("zoek")) or ""))


def _search_every_theme(theme_key: str) -> None:
    """A new search looks in every theme (then a theme can narrow it down again)."""
    st.session_state[theme_key] = ALLE


def demo_notice(meta: pd.Series | pd.DataFrame) -> None:
    synthetic = (meta["synthetisch"] == "ja").any() if isinstance(meta, pd.DataFrame) else meta["synthetisch"] == "ja"
    if synthetic:
        st.warning(
            "**DEMOGEGEVENS (synthetisch)**: gegenereerde cijfers om het platform te tonen, geen cijfers van Mechelen.",
            icon=":material/science:",
        )


def definition_text(meta: pd.Series) -> str:
    """Definition, unit, theme, source, aggregation, direction, target, last update and code: the
    indicator's explanation, one line each."""
    updated = queries.get_updated("indicatorwaarden")
    doel = (
        f"{format_with_unit(meta['doel'], meta['eenheid'])}"
        + (f" in {int(meta['doeljaar'])}" if pd.notna(meta["doeljaar"]) else "")
        if pd.notna(meta["doel"])
        else "geen"
    )
    rows = {
        "Eenheid": meta["eenheid"],
        "Thema": meta["thema"],
        "Bron": meta["bron_organisatie"] or "—",
        "Frequentie": meta["frequentie"] or "—",
        "Optellen tot de stad": meta["aggregatie"],
        "Richting": meta["richting"],
        "Doel": doel,
        "Publiek": meta["publiek"],
        "Laatst bijgewerkt": format_date(updated) if updated else "—",
        "Code": meta["code"],
    }
    definitie = meta["definitie"] if isinstance(meta["definitie"], str) and meta["definitie"] else ""
    return "\n".join([*([definitie] if definitie else []), *(f"{label}: {value}" for label, value in rows.items())])


def judgement(difference: float, richting: str) -> str:
    """ " (beter)" or " (slechter)" for a change of an indicator whose direction is known; in words,
    where the metric it replaced told it by colour alone."""
    better = {"hoger is beter": difference > 0, "lager is beter": difference < 0}.get(richting)
    if better is None or difference == 0:
        return ""
    return " (beter)" if better else " (slechter)"


def city_value(city: pd.DataFrame, periode: str) -> float | None:
    """The city's value in ``periode``; None when it has none (missing or suppressed)."""
    now = city.loc[city["periode"] == periode, "waarde"]
    return None if now.empty or pd.isna(now.iloc[0]) else float(now.iloc[0])


def city_tile(meta: pd.Series, city: pd.DataFrame, periode: str, value: float | None) -> Kerncijfer:
    """The city's ``value`` in ``periode`` (:func:`city_value`) with its change since the previous
    period that has one, and the indicator's explanation (:func:`definition_text`) behind
    "Toelichting": one element where a metric and a popover were two, each work for the browser on
    every visit."""
    now = city[city["periode"] == periode]
    earlier = city[(city["periode"] < periode) & city["waarde"].notna()]
    change = ""
    if value is not None and not earlier.empty:
        before = earlier.iloc[-1]
        change = f"{difference_text(value - before['waarde'], meta['eenheid'])} t.o.v. {before['periode']}"
        change += judgement(value - before["waarde"], meta["richting"])
    status = now["status"].iloc[0] if not now.empty else "ontbreekt"
    return Kerncijfer(
        f"Stad, {periode}", waarde_text(value, status, meta["eenheid"]), definition_text(meta), change=change
    )


def caption(rows: pd.DataFrame, meta: pd.Series) -> None:
    """Where the figures shown come from: the files (or documents) of these rows, and the supplier."""
    # a document by its title (file and line are provenance detail, in the table); an upload by its file
    files = (
        sorted({(doc.label if (doc := document_for(b)) else b) for b in rows["bron"].dropna()})
        if "bron" in rows
        else []
    )
    where = "; ".join(files[:3]) + (f" en {len(files) - 3} meer" if len(files) > 3 else "")
    lines = sorted(set(rows["bron_regel"].dropna().astype(int))) if "bron_regel" in rows else []
    regels = f", rij/regel {', '.join(map(str, lines[:6]))}" if lines and len(lines) <= 6 else ""
    demo = " **DEMOGEGEVENS, geen echte cijfers.**" if meta["synthetisch"] == "ja" else ""
    st.caption(f"Bron: {meta['bron_organisatie'] or 'onbekend'} — {where}{regels}.{demo}")


def waarden_table(rows: pd.DataFrame, meta: pd.Series, key: str) -> None:
    """The rows as text (status instead of a number where there is none), with provenance and downloads."""
    unit = meta["eenheid"]
    table = pd.DataFrame(
        {
            "Gebied": rows["gebied"],
            "Periode": rows["periode"],
            "Waarde": [waarde_text(v, s, unit) for v, s in zip(rows["waarde"], rows["status"], strict=True)],
            "Status": rows["status"],
            "Bron": rows["bron"],
            "Rij/regel": rows["bron_regel"],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    raw = rows[["gebied_type", "gebied", "periode", "waarde", "status", "bron", "bron_regel"]]
    downloads_row(raw, key)


def changes_section(limit: int = 8) -> None:
    """Overzicht: the indicators whose city value moved most since their previous period."""
    st.subheader("Wat veranderde")
    df = load(queries.get_changes, limit)
    if df is None:
        return
    if df.empty:
        st.info("Nog geen indicator heeft voor de stad twee perioden met een waarde.", icon=":material/info:")
        return
    demo_notice(df)
    rows = [
        {
            "Indicator": t + (" (demo)" if s == "ja" and "demo" not in t.lower() else ""),
            "Thema": th,
            "Vorige": f"{waarde_text(vw, 'gewoon', u)} ({vp})",
            "Nu": f"{waarde_text(w, 'gewoon', u)} ({p})",
            "Verschil": difference_text(d, u)
            + (f" ({'+' if pct > 0 else ''}{format_with_unit(pct, '%')})" if pd.notna(pct) and u != "%" else ""),
        }
        for t, th, s, u, vw, vp, w, p, d, pct in zip(
            df["titel"],
            df["thema"],
            df["synthetisch"],
            df["eenheid"],
            df["vorige_waarde"],
            df["vorige_periode"],
            df["waarde"],
            df["periode"],
            df["verschil"],
            df["verschil_pct"],
            strict=True,
        )
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.page_link("pages/indicatoren.py", label="Naar Indicatoren", icon=":material/arrow_forward:")
