"""All SQL of the app. Each function returns a DataFrame; parameters are always bound.

Results are cached per data version (see :func:`dashboard.db.data_version`) and arguments, so a
rebuild or publish is visible at once and nothing is recomputed on a rerun.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import auth
from dashboard.db import Database, get_db
from etl.catalog import get_dataset


@st.cache_data(show_spinner=False, max_entries=256)
def _run(sql: str, params: tuple, needs: tuple[str, ...], version: tuple) -> pd.DataFrame:
    return get_db().query(sql, list(params), needs)


def _query(sql: str, params: tuple = (), needs: tuple[str, ...] = ()) -> pd.DataFrame:
    """Run a query over ``needs``. The role is checked before the cache is consulted, so a
    cached result never reaches a role that may not read one of its datasets."""
    for name in needs:
        if not auth.may_read(name):
            raise auth.AccessDenied(f"geen toegang tot dataset {name!r}")
    return _run(sql, params, needs, get_db().version)


def get_table(name: str) -> pd.DataFrame:
    """A whole dataset (for downloads). ``name`` must be a catalog dataset the role may read."""
    dataset = get_dataset(name)  # raises for an unknown name: nothing reaches SQL unchecked
    return _query(f"SELECT * FROM {dataset.name}", needs=(dataset.name,))


def get_parquet_bytes(name: str) -> bytes:
    return parquet_reader(name)()


def get_row_count(name: str) -> int:
    dataset = get_dataset(name)
    return int(_query(f"SELECT COUNT(*) AS n FROM {dataset.name}", needs=(dataset.name,))["n"].iloc[0])


def _readable(name: str) -> tuple[str, Database]:
    """A catalog dataset the role may read, and the connection to read it from."""
    dataset = get_dataset(name)  # raises for an unknown name: nothing reaches SQL unchecked
    if not auth.may_read(dataset):
        raise auth.AccessDenied(f"geen toegang tot dataset {name!r}")
    return dataset.name, get_db()


def table_reader(name: str) -> Callable[[], pd.DataFrame]:
    """The whole dataset, read only when called: for a download made on click, outside the
    script run (no ``st`` there). The role is checked now, in the script run."""
    dataset, db = _readable(name)
    return lambda: db.query(f"SELECT * FROM {dataset}", needs=(dataset,))


def parquet_reader(name: str) -> Callable[[], bytes]:
    """The dataset's Parquet file, read only when called (see :func:`table_reader`)."""
    dataset, db = _readable(name)
    return lambda: db.parquet_bytes(dataset)


def get_fte_by_afdeling() -> pd.DataFrame:
    """FTE per afdeling, largest first, with each afdeling's share of the directie total (%)."""
    return _query(
        """
        SELECT directie, afdeling, fte,
               100 * fte / SUM(fte) OVER () AS aandeel,
               bron, bron_regel
        FROM fte_afdeling
        ORDER BY fte DESC, afdeling
        """,
        needs=("fte_afdeling",),
    )


def get_fte_total() -> float:
    df = _query("SELECT SUM(fte) AS totaal FROM fte_afdeling", needs=("fte_afdeling",))
    return float(df["totaal"].iloc[0])


def get_teams(afdeling: str | None = None) -> pd.DataFrame:
    """Teams in slide order, of one afdeling or of all."""
    where, params = ("WHERE afdeling = ?", (afdeling,)) if afdeling else ("", ())
    return _query(
        f"SELECT afdeling, team, bron, bron_regel FROM teams {where} ORDER BY afdeling, bron_regel",
        params,
        needs=("teams",),
    )


def get_kerncijfers() -> pd.DataFrame:
    return _query(
        """SELECT indicator, label, waarde, eenheid, jaar, jaar_bron, bron, bron_regel, citaat
           FROM kerncijfers ORDER BY bron_regel""",
        needs=("kerncijfers",),
    )


def get_kerncijfer(indicator: str) -> pd.Series | None:
    df = _query(
        "SELECT indicator, label, waarde, eenheid, jaar, bron, bron_regel, citaat FROM kerncijfers WHERE indicator = ?",
        (indicator,),
        needs=("kerncijfers",),
    )
    return None if df.empty else df.iloc[0]


def get_doelen() -> pd.DataFrame:
    return _query(
        "SELECT omschrijving, waarde, eenheid, doeljaar, kader, bron, bron_regel, citaat FROM doelen ORDER BY doeljaar",
        needs=("doelen",),
    )


def get_aanbevelingen_count() -> int:
    return int(_query("SELECT COUNT(*) AS n FROM aanbevelingen", needs=("aanbevelingen",))["n"].iloc[0])


def get_voortgang_by_soort() -> pd.DataFrame:
    """Top-level items per kind (realisatie / planning) of the latest report year: ``aantal``
    counts rows (an item under two domains twice), ``uniek`` counts items once."""
    return _query(
        """
        SELECT rapport_jaar, soort, COUNT(*) AS aantal, COUNT(DISTINCT item_nr) AS uniek FROM voortgang
        WHERE niveau = 0 AND rapport_jaar = (SELECT MAX(rapport_jaar) FROM voortgang)
        GROUP BY rapport_jaar, soort ORDER BY soort DESC
        """,
        needs=("voortgang",),
    )


def get_bevolking_projectie() -> pd.DataFrame:
    return _query(
        """
        SELECT leeftijdsgroep, jaar_basis, jaar_doel, verschil, bron, bron_regel
        FROM bevolking_projectie ORDER BY bron_regel
        """,
        needs=("bevolking_projectie",),
    )


def get_updated(dataset: str):
    """When a dataset was last written (None when it does not exist yet)."""
    return get_db().updated(dataset)


def has_dataset(dataset: str) -> bool:
    return get_db().has(dataset)


# --- Personeel -------------------------------------------------------------------------------


# --- Organisatiebeheersing ---------------------------------------------------------------------


def get_report_years() -> list[int]:
    df = _query("SELECT DISTINCT rapport_jaar FROM voortgang ORDER BY 1 DESC", needs=("voortgang",))
    return [int(y) for y in df["rapport_jaar"]]


def get_domeinen(jaar: int) -> list[str]:
    df = _query(
        "SELECT domein FROM voortgang WHERE rapport_jaar = ? GROUP BY domein ORDER BY MIN(bron_regel)",
        (jaar,),
        needs=("voortgang",),
    )
    return df["domein"].tolist()


def _voortgang_filter(jaar: int, domeinen: tuple[str, ...], zoek: str) -> tuple[str, tuple]:
    """WHERE clause for a report year, optional domains and a case-insensitive title search.

    A search matches an item when its own title or one of its sub-items' titles matches.
    """
    where = ["v.rapport_jaar = ?"]
    params: list = [jaar]
    if domeinen:
        where.append(f"v.domein IN ({', '.join('?' for _ in domeinen)})")
        params.extend(domeinen)
    if zoek:
        where.append(
            """(v.titel ILIKE ? OR EXISTS (SELECT 1 FROM voortgang s WHERE s.rapport_jaar = v.rapport_jaar
               AND s.domein = v.domein AND s.soort = v.soort AND s.ouder = v.volgorde AND s.titel ILIKE ?))"""
        )
        pattern = f"%{zoek}%"
        params.extend([pattern, pattern])
    return " AND ".join(where), tuple(params)


def get_voortgang_counts(jaar: int, domeinen: tuple[str, ...] = (), zoek: str = "") -> pd.DataFrame:
    """Top-level items per domain and kind, in the report's order of domains."""
    where, params = _voortgang_filter(jaar, domeinen, zoek)
    return _query(
        f"""
        SELECT v.domein, v.soort, COUNT(*) AS aantal, MIN(v.bron_regel) AS eerste_regel
        FROM voortgang v WHERE v.niveau = 0 AND {where}
        GROUP BY v.domein, v.soort
        ORDER BY eerste_regel
        """,
        params,
        needs=("voortgang",),
    )


def get_voortgang_totals(jaar: int, domeinen: tuple[str, ...] = (), zoek: str = "") -> pd.DataFrame:
    """Per kind: ``vermeldingen`` (top-level rows, an item under two domains counted in each) and
    ``uniek`` (distinct items), for the same filters as :func:`get_voortgang_counts`."""
    where, params = _voortgang_filter(jaar, domeinen, zoek)
    return _query(
        f"""
        SELECT v.soort, COUNT(*) AS vermeldingen, COUNT(DISTINCT v.item_nr) AS uniek
        FROM voortgang v WHERE v.niveau = 0 AND {where}
        GROUP BY v.soort
        """,
        params,
        needs=("voortgang",),
    )


def get_voortgang_items(jaar: int, domeinen: tuple[str, ...] = (), zoek: str = "") -> pd.DataFrame:
    """Top-level items that pass the filters, each with its sub-items (all of them)."""
    where, params = _voortgang_filter(jaar, domeinen, zoek)
    return _query(
        f"""
        WITH top AS (SELECT v.* FROM voortgang v WHERE v.niveau = 0 AND {where})
        SELECT t.rapport_jaar, t.domein, t.soort, t.niveau, t.ouder, t.volgorde, t.titel, t.ook_in_domein,
               t.bron, t.bron_regel
        FROM top t
        UNION ALL
        SELECT s.rapport_jaar, s.domein, s.soort, s.niveau, s.ouder, s.volgorde, s.titel, s.ook_in_domein,
               s.bron, s.bron_regel
        FROM voortgang s JOIN top t
          ON s.rapport_jaar = t.rapport_jaar AND s.domein = t.domein AND s.soort = t.soort AND s.ouder = t.volgorde
        WHERE s.niveau = 1
        ORDER BY bron_regel
        """,
        params,
        needs=("voortgang",),
    )


def get_voortgang_comparison(jaar: int, vorig_jaar: int) -> pd.DataFrame:
    """Compare two report years by item title (case-insensitive, per domain):

    * ``overgedragen``: planned last year, realised this year;
    * ``nieuw``: in this year's report, absent from last year's;
    * ``weggevallen``: planned last year, nowhere in this year's report.
    """
    return _query(
        """
        WITH nu AS (SELECT domein, soort, titel, lower(trim(titel)) AS k, bron, bron_regel
                    FROM voortgang WHERE rapport_jaar = ? AND niveau = 0),
             vorig AS (SELECT domein, soort, titel, lower(trim(titel)) AS k, bron, bron_regel
                       FROM voortgang WHERE rapport_jaar = ? AND niveau = 0)
        SELECT 'overgedragen' AS status, nu.domein, nu.titel, nu.bron, nu.bron_regel FROM nu
          WHERE nu.soort = 'realisatie'
            AND EXISTS (SELECT 1 FROM vorig
                        WHERE vorig.soort = 'planning' AND vorig.k = nu.k AND vorig.domein = nu.domein)
        UNION ALL
        SELECT 'nieuw', nu.domein, nu.titel, nu.bron, nu.bron_regel FROM nu
          WHERE NOT EXISTS (SELECT 1 FROM vorig WHERE vorig.k = nu.k AND vorig.domein = nu.domein)
        UNION ALL
        SELECT 'weggevallen', vorig.domein, vorig.titel, vorig.bron, vorig.bron_regel FROM vorig
          WHERE vorig.soort = 'planning'
            AND NOT EXISTS (SELECT 1 FROM nu WHERE nu.k = vorig.k AND nu.domein = vorig.domein)
        ORDER BY status, domein, titel
        """,
        (jaar, vorig_jaar),
        needs=("voortgang",),
    )


# --- Beleid (memorandum) -------------------------------------------------------------------------


# "1. Werk professioneel", "4A. Werk mensgericht – Een stad voor jong en oud"
THEMA_LABEL = (
    "CAST(thema_nr AS VARCHAR) || COALESCE(left(deel, 1), '') || '. ' || thema"
    " || COALESCE(' – ' || substr(deel, 4), '')"
)


def get_themas() -> pd.DataFrame:
    """The themes in document order, with their label (``4A. Werk mensgericht – Een stad …``)."""
    return _query(
        f"""
        SELECT {THEMA_LABEL} AS thema_label, COUNT(*) AS aantal, MIN(nr) AS eerste
        FROM aanbevelingen GROUP BY ALL ORDER BY eerste
        """,
        needs=("aanbevelingen",),
    )


def get_aanbevelingen(thema_label: str | None = None, zoek: str = "") -> pd.DataFrame:
    """Recommendations, optionally of one theme and matching a search in their text or actions."""
    where, params = ["TRUE"], []
    if thema_label:
        where.append(f"{THEMA_LABEL} = ?")
        params.append(thema_label)
    if zoek:
        where.append(
            "(a.tekst ILIKE ? OR a.hoofdstuk ILIKE ?"
            " OR EXISTS (SELECT 1 FROM acties x WHERE x.aanbeveling_nr = a.nr AND x.tekst ILIKE ?))"
        )
        params.extend([f"%{zoek}%"] * 3)
    return _query(
        f"""
        SELECT a.nr, {THEMA_LABEL} AS thema_label, a.hoofdstuk, a.tekst, a.bron, a.bron_regel
        FROM aanbevelingen a WHERE {" AND ".join(where)} ORDER BY a.nr
        """,
        tuple(params),
        needs=("aanbevelingen", "acties"),
    )


def get_acties(nrs: tuple[int, ...]) -> pd.DataFrame:
    if not nrs:
        return pd.DataFrame(columns=["aanbeveling_nr", "volgorde", "tekst", "bron", "bron_regel"])
    return _query(
        f"""
        SELECT aanbeveling_nr, volgorde, tekst, bron, bron_regel FROM acties
        WHERE aanbeveling_nr IN ({", ".join("?" for _ in nrs)}) ORDER BY aanbeveling_nr, volgorde
        """,
        nrs,
        needs=("acties",),
    )


# --- Bevolking per leeftijd (uploaded) -----------------------------------------------------------------


def get_bevolking_jaren() -> pd.DataFrame:
    return _query(
        "SELECT jaar, any_value(soort) AS soort FROM bevolking_leeftijd GROUP BY jaar ORDER BY jaar",
        needs=("bevolking_leeftijd",),
    )


# Rows of one year may be per sex or totals (geslacht empty), per wijk or for the whole city (wijk
# empty). Each row gets a detail code (1 = per sex, 2 = per wijk, 3 = both) and a year uses only
# its most detailed rows: never two kinds at once, so nothing is counted twice. The table is first
# grouped on its own (dictionary-encoded) columns, so the age text is parsed once per distinct
# value, not once per row; MATERIALIZED keeps DuckDB from folding the window into the scan (the
# folded plan parsed every row: 170 ms instead of 100 ms over 10 million rows).
_DETAIL = """
    per_rij AS MATERIALIZED (
        SELECT {keys}, (geslacht IS NOT NULL)::INTEGER + 2 * (wijk IS NOT NULL)::INTEGER AS detail,
               SUM(aantal) AS aantal
        FROM bevolking_leeftijd {where} GROUP BY ALL),
    gekozen AS (SELECT * FROM per_rij QUALIFY detail = max(detail) OVER (PARTITION BY jaar))"""
_AGE_START = "TRY_CAST(regexp_extract(leeftijd, '^(\\d+)', 1) AS INTEGER)"


def _population(keys: str, where: str = "") -> str:
    """The ``WITH`` clause that yields ``gekozen``: ``aantal`` per ``keys`` (which include jaar)."""
    return "WITH " + _DETAIL.format(keys=keys, where=where)


def get_piramide(jaar: int) -> pd.DataFrame:
    """Inhabitants per age band of 5 years and sex for one year (aggregated in DuckDB)."""
    return _query(
        f"""
        {_population("jaar, leeftijd, geslacht", "WHERE jaar = ?")}
        SELECT (({_AGE_START}) // 5) * 5 AS band_start, geslacht, SUM(aantal)::BIGINT AS aantal
        FROM gekozen
        WHERE geslacht IN ('M', 'V') AND {_AGE_START} IS NOT NULL
        GROUP BY ALL ORDER BY band_start, geslacht
        """,
        (jaar,),
        needs=("bevolking_leeftijd",),
    )


def get_bevolking_per_groep() -> pd.DataFrame:
    """Inhabitants per year in the groups 0-17, 18-64 and 65+ (all sexes), observed and projected."""
    return _query(
        f"""
        {_population("jaar, soort, leeftijd")}
        SELECT jaar, soort,
               CASE WHEN {_AGE_START} < 18 THEN '0-17' WHEN {_AGE_START} < 65 THEN '18-64' ELSE '65+' END AS groep,
               SUM(aantal)::BIGINT AS aantal
        FROM gekozen
        WHERE {_AGE_START} IS NOT NULL
        GROUP BY ALL ORDER BY jaar, groep
        """,
        needs=("bevolking_leeftijd",),
    )


def get_bevolking_per_wijk(jaar: int, limit: int = 25) -> pd.DataFrame:
    """The ``limit`` most populous wijken of one year (all ages and sexes), with ``wijken``: how
    many wijken the year has. Empty when the year has no figures per wijk."""
    return _query(
        f"""
        {_population("jaar, wijk", "WHERE jaar = ?")}
        SELECT wijk, SUM(aantal)::BIGINT AS aantal, COUNT(*) OVER () AS wijken
        FROM gekozen WHERE detail >= 2
        GROUP BY wijk ORDER BY aantal DESC, wijk LIMIT ?
        """,
        (jaar, limit),
        needs=("bevolking_leeftijd",),
    )


def get_tijdlijn() -> pd.DataFrame:
    return _query(
        """SELECT jaar, jaar_bron, gebeurtenis, opmerking, bron, bron_regel FROM tijdlijn
           ORDER BY jaar, bron, bron_regel""",
        needs=("tijdlijn",),
    )


# --- Tijdlijn ----------------------------------------------------------------------------------------

# A document is named by the number its file name starts with ("000_….txt" → "000").
_DOC = "split_part(bron, '_', 1)"


def get_tijdlijn_documenten() -> list[str]:
    """The source documents of the timeline, as their numbers ("000", "003")."""
    df = _query(f"SELECT DISTINCT {_DOC} AS doc FROM tijdlijn ORDER BY 1", needs=("tijdlijn",))
    return df["doc"].tolist()


def get_tijdlijn_events(documenten: tuple[str, ...] = ()) -> pd.DataFrame:
    """Events of the chosen documents (all when none), each in the lane of its heading (``kop``);
    events without one, per document."""
    where, params = ("", ())
    if documenten:
        where, params = f"WHERE {_DOC} IN ({', '.join('?' for _ in documenten)})", documenten
    return _query(
        f"""
        SELECT jaar, jaar_bron, COALESCE(kop, 'Zonder kop (' || {_DOC} || ')') AS groep, gebeurtenis, opmerking,
               {_DOC} AS doc, bron, bron_regel
        FROM tijdlijn {where}
        ORDER BY jaar, bron, bron_regel
        """,
        params,
        needs=("tijdlijn",),
    )
