"""All SQL of the app. Each function returns a DataFrame; parameters are always bound.

Results are cached per data version (see :func:`dashboard.db.data_version`) and arguments, so a
rebuild or publish is visible at once and nothing is recomputed on a rerun.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from dashboard import auth
from dashboard.db import Database, get_db
from dashboard.result_cache import ResultCache
from etl.catalog import Dataset, get_dataset, public_rows_sql

# Results by (kind, SQL, parameters, datasets, data version); the benchmarks clear it as ``_run``.
_run: ResultCache[pd.DataFrame | tuple] = ResultCache(max_entries=256)


def _cached(kind: str, sql: str, params: tuple, needs: tuple[str, ...]) -> pd.DataFrame | tuple:
    """The result of a query over ``needs`` (``kind``: "frame" or "column", see
    :class:`dashboard.db.Database`). The role is checked before the cache is consulted, so a
    cached result never reaches a role that may not read one of its datasets."""
    for name in needs:
        if not auth.may_read(name):
            raise auth.AccessDenied(f"geen toegang tot dataset {name!r}")
    db = get_db()
    run = db.query if kind == "frame" else db.column
    return _run.get((kind, sql, params, needs, db.version), lambda: run(sql, list(params), needs))


def _query(sql: str, params: tuple = (), needs: tuple[str, ...] = ()) -> pd.DataFrame:
    """Run a query over ``needs`` (see :func:`_cached`)."""
    frame = _cached("frame", sql, params, needs)
    assert isinstance(frame, pd.DataFrame)
    # A shallow copy: pandas copies on write, so what a caller changes never reaches the kept result.
    return frame.copy(deep=False)


def _column(sql: str, params: tuple = (), needs: tuple[str, ...] = ()) -> tuple:
    """The first column of a query's rows as Python values (immutable: shared as it is)."""
    values = _cached("column", sql, params, needs)
    assert isinstance(values, tuple)
    return values


def _rows_sql(dataset: Dataset, select: str = "*") -> tuple[str, tuple[str, ...]]:
    """SELECT over the rows of ``dataset`` this role may see (a dataset with ``public_rows`` shows
    the public only those), and the datasets that needs."""
    condition = None if auth.has_role("bestuur") else public_rows_sql(dataset)
    rule = dataset.public_rows
    needs = (dataset.name,) + ((rule.lookup,) if condition and rule and rule.lookup else ())
    return f"SELECT {select} FROM {dataset.name}" + (f" WHERE {condition}" if condition else ""), needs


def get_table(name: str) -> pd.DataFrame:
    """A whole dataset (for downloads). ``name`` must be a catalog dataset the role may read."""
    sql, needs = _rows_sql(get_dataset(name))  # raises for an unknown name: nothing reaches SQL unchecked
    return _query(sql, needs=needs)


def get_parquet_bytes(name: str) -> bytes:
    return parquet_reader(name)()


def get_row_count(name: str) -> int:
    sql, needs = _rows_sql(get_dataset(name), "COUNT(*) AS n")
    return int(_column(sql, needs=needs)[0])


def _readable(name: str) -> tuple[str, Database, str, tuple[str, ...]]:
    """A catalog dataset the role may read, the connection, and the SQL of the rows it may see."""
    dataset = get_dataset(name)  # raises for an unknown name: nothing reaches SQL unchecked
    if not auth.may_read(dataset):
        raise auth.AccessDenied(f"geen toegang tot dataset {name!r}")
    sql, needs = _rows_sql(dataset)
    return dataset.name, get_db(), sql, needs


def table_reader(name: str) -> Callable[[], pd.DataFrame]:
    """The whole dataset, read only when called: for a download made on click, outside the
    script run (no ``st`` there). The role is checked now, in the script run."""
    _dataset, db, sql, needs = _readable(name)
    return lambda: db.query(sql, needs=needs)


def parquet_reader(name: str) -> Callable[[], bytes]:
    """The dataset's Parquet file, read only when called (see :func:`table_reader`); only the
    rows the role may see when some rows are not public."""
    dataset, db, sql, needs = _readable(name)
    if sql == f"SELECT * FROM {dataset}":
        return lambda: db.parquet_bytes(dataset)
    return lambda: db.parquet_of(sql, needs, get_dataset(dataset).arrow_schema)


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
    (totaal,) = _column("SELECT SUM(fte) AS totaal FROM fte_afdeling", needs=("fte_afdeling",))
    return float("nan") if totaal is None else float(totaal)  # NaN for no rows, as before


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
    return int(_column("SELECT COUNT(*) AS n FROM aanbevelingen", needs=("aanbevelingen",))[0])


def get_voortgang_by_soort() -> pd.DataFrame:
    """Top-level items per kind (realisatie / planning) of the latest report year: ``aantal``
    counts rows (an item under two domains twice), ``uniek`` counts items once."""
    return _query(
        """
        SELECT rapport_jaar, soort, COUNT(*) AS aantal, COUNT(DISTINCT item_nr) AS uniek,
               any_value(bron) AS bron FROM voortgang
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
    return [
        int(y) for y in _column("SELECT DISTINCT rapport_jaar FROM voortgang ORDER BY 1 DESC", needs=("voortgang",))
    ]


def get_domeinen(jaar: int) -> list[str]:
    return list(
        _column(
            "SELECT domein FROM voortgang WHERE rapport_jaar = ? GROUP BY domein ORDER BY MIN(bron_regel)",
            (jaar,),
            needs=("voortgang",),
        )
    )


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
    """Top-level items per domain and kind, in the report's order of domains, with the source
    and report year of the rows counted (a year's rows may come from an upload)."""
    where, params = _voortgang_filter(jaar, domeinen, zoek)
    return _query(
        f"""
        SELECT v.domein, v.soort, COUNT(*) AS aantal, MIN(v.bron_regel) AS eerste_regel, v.bron, v.rapport_jaar
        FROM voortgang v WHERE v.niveau = 0 AND {where}
        GROUP BY v.domein, v.soort, v.bron, v.rapport_jaar
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
    gekozen AS (SELECT * FROM per_rij QUALIFY detail = max(detail) OVER ({per_year}))"""
_AGE_START = "TRY_CAST(regexp_extract(leeftijd, '^(\\d+)', 1) AS INTEGER)"
# The last year of an age text: "15-19" → 19, "37" → 37; NULL for an open band ("95+", "100 en ouder").
_AGE_END = (
    "CASE WHEN regexp_matches(leeftijd, '\\+|ouder|meer') THEN NULL"
    " ELSE COALESCE(TRY_CAST(regexp_extract(leeftijd, '^\\d+\\s*[-–]\\s*(\\d+)', 1) AS INTEGER),"
    f" {_AGE_START}) END"
)
# Age groups of the evolution chart: (label, first year, last year or None for open).
AGE_GROUPS: tuple[tuple[str, int, int | None], ...] = (("0-17", 0, 17), ("18-64", 18, 64), ("65+", 65, None))


def _population(keys: str, where: str = "") -> str:
    """The ``WITH`` clause that yields ``gekozen``: ``aantal`` per jaar and ``keys``."""
    return "WITH " + _DETAIL.format(keys=f"jaar, {keys}", where=where, per_year="PARTITION BY jaar")


def _population_of_year(keys: str) -> str:
    """:func:`_population` of one year (the query's first parameter), without jaar: grouping on a
    column of one value cost a tenth of the query (pyramid over 10 million rows: 18.4 → 16.8 ms)."""
    return "WITH " + _DETAIL.format(keys=keys, where="WHERE jaar = ?", per_year="")


def _ages(columns: str) -> str:
    """A CTE ``leeftijden`` over ``gekozen``: ``columns`` plus each row's first (``van``) and last
    (``tot``, NULL when open) year of age. Parsed after grouping: once per distinct age text."""
    return f""",
    leeftijden AS (SELECT {columns}, {_AGE_START} AS van, {_AGE_END} AS tot FROM gekozen)"""


def get_piramide(jaar: int) -> pd.DataFrame:
    """Inhabitants per age band of 5 years and sex for one year (aggregated in DuckDB).

    A row that lies within one 5-year band (a single year, or an aligned band such as "15-19")
    counts in that band; a row that does not (an open band such as "95+", or "15-24") keeps its
    own band and label: never silently moved to one side."""
    return _query(
        f"""
        {_population_of_year("leeftijd, geslacht")}{_ages("leeftijd, geslacht, aantal")}
        SELECT CASE WHEN tot // 5 = van // 5 THEN van // 5 * 5 ELSE van END AS band_start,
               CASE WHEN tot // 5 = van // 5 THEN (van // 5 * 5) || '-' || (van // 5 * 5 + 4)
                    WHEN tot IS NULL THEN van || '+' ELSE van || '-' || tot END AS band,
               geslacht, SUM(aantal)::BIGINT AS aantal
        FROM leeftijden
        WHERE geslacht IN ('M', 'V') AND van IS NOT NULL
        GROUP BY ALL ORDER BY band_start, band, geslacht
        """,
        (jaar,),
        needs=("bevolking_leeftijd",),
    )


def get_bevolking_per_groep() -> pd.DataFrame:
    """Inhabitants per year in the groups 0-17, 18-64 and 65+ (all sexes), observed and projected.

    Rows whose ages straddle a group boundary (e.g. the band "15-19") belong to no group: they
    come back with ``groep`` NULL and their band in ``over_grens``, for the page to refuse that
    year's grouping (see :func:`dashboard.sections.bevolking_per_leeftijd`)."""
    groep = " ".join(
        f"WHEN van >= {lo} AND " + (f"tot <= {hi}" if hi is not None else "TRUE") + f" THEN '{label}'"
        for label, lo, hi in AGE_GROUPS
    )
    return _query(
        f"""
        {_population("soort, leeftijd")}{_ages("jaar, soort, leeftijd, aantal")}
        SELECT jaar, soort, CASE {groep} END AS groep,
               CASE WHEN groep IS NULL THEN leeftijd END AS over_grens,
               SUM(aantal)::BIGINT AS aantal
        FROM leeftijden
        WHERE van IS NOT NULL
        GROUP BY ALL ORDER BY jaar, groep, over_grens
        """,
        needs=("bevolking_leeftijd",),
    )


def get_bevolking_per_wijk(jaar: int, limit: int = 25) -> pd.DataFrame:
    """The ``limit`` most populous wijken of one year (all ages and sexes), with ``wijken``: how
    many wijken the year has. Empty when the year has no figures per wijk."""
    return _query(
        f"""
        {_population_of_year("wijk")}
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
    return list(_column(f"SELECT DISTINCT {_DOC} AS doc FROM tijdlijn ORDER BY 1", needs=("tijdlijn",)))


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


# --- Headline figures (declared in etl.catalog.HEADLINES) ------------------------------------------

# Per dataset: the SQL that gives its figure for a headline indicator (parameter: the indicator).
_HEADLINE_SQL = {
    "kerncijfers": """
        SELECT indicator, label, waarde, eenheid, jaar, jaar_bron, bron, bron_regel, citaat, 1 AS bronnen
        FROM kerncijfers WHERE indicator = ? ORDER BY jaar DESC LIMIT 1""",
    # inhabitants on 1 January of the latest observed year (never a projection), each person once
    "bevolking_leeftijd": f"""
        {_population("bron", "WHERE soort = 'waargenomen'")}
        SELECT ? AS indicator, 'Inwoners op 1 januari' AS label, SUM(aantal)::DOUBLE AS waarde,
               'inwoners' AS eenheid, jaar, 'gelezen' AS jaar_bron, any_value(bron) AS bron, NULL::BIGINT AS bron_regel,
               NULL AS citaat, COUNT(DISTINCT bron) AS bronnen
        FROM gekozen GROUP BY jaar ORDER BY jaar DESC LIMIT 1""",
}


def get_headline(indicator: str, sources: tuple[str, ...]) -> pd.DataFrame:
    """The figure for ``indicator`` from each of ``sources`` that has one and that the role may
    read (columns: indicator, label, waarde, eenheid, jaar, bron, bron_regel, citaat, bronnen,
    dataset); the caller picks the most recent."""
    frames = []
    for name in sources:
        dataset = get_dataset(name).name
        if not has_dataset(dataset) or not auth.may_read(dataset):
            continue
        df = _query(_HEADLINE_SQL[dataset], (indicator,), needs=(dataset,))
        frames.append(df.assign(dataset=dataset))
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["dataset"])


def get_sources(name: str) -> pd.DataFrame:
    """Per source file of a dataset: its rows and the range of their own reference column
    (``van``, ``tot``; NULL when the dataset declares none)."""
    dataset = get_dataset(name)
    ref = dataset.reference_column
    span = f"MIN({ref}) AS van, MAX({ref}) AS tot" if ref else "NULL AS van, NULL AS tot"
    return _query(
        f"""SELECT bron, COUNT(*) AS rijen, {span} FROM {dataset.name}
            GROUP BY bron ORDER BY van NULLS FIRST, bron""",
        needs=(dataset.name,),
    )


def get_bevolking_bronnen(jaar: int | None = None) -> pd.DataFrame:
    """The source files (``bron``) of the population rows, with their year: of one year, or of all
    years. A chart of sums names where its rows came from with these."""
    where, params = ("WHERE jaar = ?", (jaar,)) if jaar is not None else ("", ())
    return _query(
        f"SELECT DISTINCT bron, jaar FROM bevolking_leeftijd {where} ORDER BY jaar, bron",
        params,
        needs=("bevolking_leeftijd",),
    )


# --- Indicatoren (indicator × gebied × periode) ----------------------------------------------------
# The public sees only indicators marked publiek: the condition comes from the catalog
# (``PublicRows``) and is part of each query's SQL, so a cached result never crosses roles.
# A query about one named indicator refuses a non-public one outright (AccessDenied).

_IND = ("indicatoren", "indicatorwaarden")
_META = (
    "i.code, i.titel, i.definitie, i.eenheid, i.thema, i.bron_organisatie, i.frequentie, i.aggregatie, "
    "i.richting, i.publiek, i.doel, i.doeljaar, i.synthetisch"
)


def _visible(alias: str = "i") -> str:
    """SQL condition on ``indicatoren`` (as ``alias``): the indicators this role may see."""
    if auth.has_role("bestuur"):
        return "TRUE"
    return public_rows_sql(get_dataset("indicatoren"), alias) or "TRUE"


def get_indicator_list() -> pd.DataFrame:
    """The indicators this role may see, by theme and title (metadata only: no scan of the values)."""
    return _query(f"SELECT {_META} FROM indicatoren i WHERE {_visible()} ORDER BY i.thema, i.titel", needs=_IND)


def get_indicators_with_areas(gebied_type: str) -> list[str]:
    """The codes of the indicators with values for areas of this type (a map needs wijken)."""
    return list(
        _column(
            "SELECT DISTINCT indicator FROM indicatorwaarden WHERE gebied_type = ? ORDER BY 1",
            (gebied_type,),
            needs=("indicatorwaarden",),
        )
    )


def get_indicator(code: str) -> pd.Series | None:
    """One indicator's metadata; None when unknown, AccessDenied when this role may not see it."""
    df = _query(f"SELECT {_META} FROM indicatoren i WHERE i.code = ?", (code,), needs=_IND)
    if df.empty:
        return None
    if df["publiek"].iloc[0] != "ja" and not auth.has_role("bestuur"):
        raise auth.AccessDenied(f"geen toegang tot indicator {code!r}")
    return df.iloc[0]


def _rank_order(richting: str) -> str:
    return "ASC" if richting == "lager is beter" else "DESC"


def get_indicator_values(code: str, gebied_type: str | None = None, periode: str | None = None) -> pd.DataFrame:
    """Values of one indicator (optionally of one area type and period), each with its rank among
    the areas of its type and period (1 = best; for a neutral indicator: highest)."""
    meta = get_indicator(code)
    if meta is None:
        return pd.DataFrame()
    where, params = ["indicator = ?"], [code]
    if gebied_type:
        where.append("gebied_type = ?")
        params.append(gebied_type)
    if periode:
        where.append("periode = ?")
        params.append(periode)
    order = _rank_order(meta["richting"])
    return _query(
        f"""
        SELECT gebied_type, gebied, periode, jaar, waarde, status, bron, bron_regel, bron_kolom,
               CASE WHEN waarde IS NOT NULL THEN
                   RANK() OVER (PARTITION BY gebied_type, periode ORDER BY waarde {order}) END AS rang,
               COUNT(waarde) OVER (PARTITION BY gebied_type, periode) AS gerangschikt
        FROM indicatorwaarden WHERE {" AND ".join(where)}
        ORDER BY gebied_type, periode, gebied
        """,
        tuple(params),
        needs=_IND,
    )


def get_indicator_areas() -> pd.DataFrame:
    """Areas below the city that have values of an indicator this role may see."""
    return _query(
        f"""
        SELECT DISTINCT w.gebied_type, w.gebied FROM indicatorwaarden w
        JOIN indicatoren i ON i.code = w.indicator
        WHERE w.gebied_type <> 'stad' AND {_visible()} ORDER BY w.gebied_type DESC, w.gebied
        """,
        needs=_IND,
    )


def get_wijkprofiel(gebied: str) -> pd.DataFrame:
    """Every visible indicator with values for ``gebied``: its latest period, the area's and the
    city's value then, the area's previous value, and the area's series (for a sparkline).
    One pass over the area's rows and one over the city's."""
    return _query(
        f"""
        WITH laatste AS (
            SELECT indicator, MAX(periode) AS periode,
                   -- a struct, because arg_max passes over a NULL value (a suppressed latest period)
                   arg_max({{'waarde': waarde, 'status': status}}, periode) AS laatst,
                   list(waarde ORDER BY periode) FILTER (WHERE waarde IS NOT NULL) AS trend,
                   list(periode ORDER BY periode) FILTER (WHERE waarde IS NOT NULL) AS perioden
            FROM indicatorwaarden WHERE gebied = ? GROUP BY indicator)
        SELECT {_META}, l.periode, l.laatst.waarde AS waarde, l.laatst.status AS status,
               -- the last value before the latest period (the latest itself is the series' end when present)
               CASE WHEN l.laatst.waarde IS NULL THEN l.trend[-1] WHEN len(l.trend) > 1 THEN l.trend[-2] END
                   AS vorige_waarde,
               CASE WHEN l.laatst.waarde IS NULL THEN l.perioden[-1] WHEN len(l.trend) > 1 THEN l.perioden[-2] END
                   AS vorige_periode,
               s.waarde AS stad, l.trend
        FROM laatste l
        JOIN indicatoren i ON i.code = l.indicator
        LEFT JOIN indicatorwaarden s
          ON s.indicator = l.indicator AND s.periode = l.periode AND s.gebied_type = 'stad' AND s.status = 'gewoon'
        WHERE {_visible()}
        ORDER BY i.thema, i.titel
        """,
        (gebied,),
        needs=_IND,
    )


def get_kaart_waarden(code: str, periode: str) -> pd.DataFrame:
    """Each area with a boundary, with the indicator's value, status and rank in ``periode``."""
    values = get_indicator_values(code, periode=periode)
    areas = _query(
        "SELECT gebied_type, code, naam, geometrie FROM gebieden WHERE geometrie IS NOT NULL ORDER BY naam",
        needs=("gebieden",),
    )
    return areas.merge(
        values.drop(columns=["bron_kolom"], errors="ignore"),
        how="left",
        left_on=["gebied_type", "naam"],
        right_on=["gebied_type", "gebied"],
    )


def get_scatter(code_x: str, code_y: str, periode: str) -> pd.DataFrame:
    """Per area below the city: the two indicators' values in ``periode`` (both present)."""
    for code in (code_x, code_y):
        get_indicator(code)  # refuses a non-public indicator to the public
    return _query(
        """
        SELECT x.gebied_type, x.gebied, x.waarde AS x, y.waarde AS y
        FROM indicatorwaarden x JOIN indicatorwaarden y
          ON y.gebied = x.gebied AND y.gebied_type = x.gebied_type AND y.periode = x.periode
        WHERE x.indicator = ? AND y.indicator = ? AND x.periode = ? AND x.gebied_type <> 'stad'
          AND x.waarde IS NOT NULL AND y.waarde IS NOT NULL
        ORDER BY x.gebied
        """,
        (code_x, code_y, periode),
        needs=_IND,
    )


def get_changes(limit: int = 8) -> pd.DataFrame:
    """The visible indicators whose city value moved most (relatively) since their previous period."""
    return _query(
        f"""
        WITH stad AS (
            SELECT indicator, periode, waarde,
                   ROW_NUMBER() OVER (PARTITION BY indicator ORDER BY periode DESC) AS n
            FROM indicatorwaarden WHERE gebied_type = 'stad' AND waarde IS NOT NULL)
        SELECT {_META}, nu.periode, nu.waarde, vorig.periode AS vorige_periode, vorig.waarde AS vorige_waarde,
               nu.waarde - vorig.waarde AS verschil,
               100 * (nu.waarde - vorig.waarde) / NULLIF(abs(vorig.waarde), 0) AS verschil_pct
        FROM stad nu JOIN stad vorig ON vorig.indicator = nu.indicator AND vorig.n = 2
        JOIN indicatoren i ON i.code = nu.indicator
        WHERE nu.n = 1 AND {_visible()}
        ORDER BY abs(verschil_pct) DESC NULLS LAST, i.titel LIMIT ?
        """,
        (limit,),
        needs=_IND,
    )
