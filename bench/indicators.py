"""Indicator benchmark (issue 15) on SYNTHETIC data (never Mechelen's figures): 1,000 indicators ×
100 wijken (+ the city) × 20 years, about 2 million values.

* the queries of Indicatoren (one indicator's values with ranks; the indicator list reads only
  the 1,000 rows of metadata and is not measured) and of Wijkprofiel, through the query layer with
  the same answer computed by careful pandas from the same Parquet (only the needed columns,
  filters pushed into the read); the answers are compared before anything is timed.
  Goals: ≥ 3× faster than pandas (ratio ≤ 0,33) and < 50 ms;
* an upload of a wide sheet (100 wijken × 20 years) into that table: the dry run (read, check,
  merge, diff) and the publish, against a budget of 1,5 s each.

The data is generated once per format version into the temp folder.
"""

from __future__ import annotations

import io
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import Config, Row, benchmark, build_fingerprint, log

FORMAT_VERSION = 3  # 3: Iceberg tables
INDICATORS, AREAS, YEARS = 1_000, 100, range(2005, 2025)
SPEED_GOAL = 1 / 3
BUDGET_S = 0.050
UPLOAD_BUDGET_S = 1.5
SOURCE = "synthetische_benchmarkdata.xlsx"


def wijk(i: int) -> str:
    return f"Synthetische wijk {i:03d}"


def _tables():
    """``indicatoren`` and ``indicatorwaarden`` (catalog schemas), sorted by indicator as a table
    published indicator by indicator is."""
    import numpy as np
    import pyarrow as pa

    from etl.catalog import get_dataset

    codes = [f"synth_{i:04d}" for i in range(INDICATORS)]
    richting = ["hoger is beter", "lager is beter", "neutraal"]
    meta = {
        "code": codes,
        "titel": [f"Synthetische indicator {i} (benchmark)" for i in range(INDICATORS)],
        "definitie": [f"Gegenereerd voor de benchmark, nummer {i}" for i in range(INDICATORS)],
        "eenheid": ["%" if i % 2 else "personen" for i in range(INDICATORS)],
        "thema": [f"Thema {i % 12}" for i in range(INDICATORS)],
        "bron_organisatie": ["Benchmark (synthetisch)"] * INDICATORS,
        "frequentie": ["jaarlijks"] * INDICATORS,
        "aggregatie": ["gemiddelde" if i % 2 else "som" for i in range(INDICATORS)],
        "teller": [None] * INDICATORS,
        "noemer": [None] * INDICATORS,
        "richting": [richting[i % 3] for i in range(INDICATORS)],
        "publiek": ["ja"] * INDICATORS,
        "doel": [None] * INDICATORS,
        "doeljaar": [None] * INDICATORS,
        "synthetisch": ["ja"] * INDICATORS,
        "bron": [SOURCE] * INDICATORS,
        "bron_regel": list(range(2, INDICATORS + 2)),
    }
    areas = [wijk(i) for i in range(AREAS)] + ["Mechelen"]
    n_years = len(YEARS)
    per_indicator = len(areas) * n_years
    n = INDICATORS * per_indicator
    idx = np.arange(n)
    ind, rest = np.divmod(idx, per_indicator)
    area, year = np.divmod(rest, n_years)
    rng = np.random.default_rng(15)
    waarde = np.round(rng.uniform(0, 1000, n) / np.where(ind % 2 == 1, 10, 1), 1)  # odd indicators: a %
    status = np.where(rng.random(n) < 0.01, "afgeschermd", "gewoon")
    waarde_arr = pa.array(waarde, mask=status == "afgeschermd")
    is_city = area == AREAS
    values = {
        "indicator": pa.DictionaryArray.from_arrays(pa.array(ind, pa.int32()), pa.array(codes)).cast(pa.string()),
        "gebied_type": pa.array(np.where(is_city, "stad", "wijk")),
        "gebied": pa.DictionaryArray.from_arrays(pa.array(area, pa.int32()), pa.array(areas)).cast(pa.string()),
        "periode": pa.array((YEARS.start + year).astype(str)),
        "jaar": pa.array(YEARS.start + year, pa.int64()),
        "waarde": waarde_arr,
        "status": pa.array(status),
        "bron": pa.array([SOURCE] * n),
        "bron_regel": pa.array(2 + rest, pa.int64()),
        "bron_kolom": pa.array([None] * n, pa.string()),
    }
    return (
        pa.table(meta, schema=get_dataset("indicatoren").arrow_schema),
        pa.table(values, schema=get_dataset("indicatorwaarden").arrow_schema),
    )


def indicator_data_dir() -> Path:
    folder = Path(tempfile.gettempdir()) / f"mechelen_bench_indicators_v{FORMAT_VERSION}-{build_fingerprint()}"
    done = folder / ".klaar"
    if done.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    from etl.store import Store

    store = Store(folder / "parquet")
    meta, values = _tables()
    for name, table in (("indicatoren", meta), ("indicatorwaarden", values)):
        store.publish(name, table, bestand=SOURCE, bestand_sha256="-", actie="opbouw", gebruiker="bench")
    done.write_text("ok")
    log(f"[bench]   indicators: {values.num_rows:,} synthetic values in {time.perf_counter() - started:.1f} s")
    return folder


# --- careful pandas ------------------------------------------------------------------------------


def pandas_values(files: list[str], code: str, richting: str):
    import pandas as pd

    df = pd.read_parquet(
        files,
        columns=["gebied_type", "gebied", "periode", "jaar", "waarde", "status", "bron", "bron_regel"],
        filters=[("indicator", "==", code)],
    )
    df["rang"] = df.groupby(["gebied_type", "periode"])["waarde"].rank(
        method="min", ascending=richting == "lager is beter"
    )
    df["gerangschikt"] = df.groupby(["gebied_type", "periode"])["waarde"].transform("count")
    return df.sort_values(["gebied_type", "periode", "gebied"]).reset_index(drop=True)


def pandas_profile(meta_files: list[str], files: list[str], gebied: str):
    import pandas as pd

    meta = pd.read_parquet(meta_files, columns=["code", "titel", "thema", "eenheid"])
    cols = ["indicator", "periode", "waarde", "status"]
    reeks = pd.read_parquet(files, columns=cols, filters=[("gebied", "==", gebied)])
    reeks = reeks.sort_values(["indicator", "periode"])
    last = reeks.groupby("indicator").tail(1).set_index("indicator")
    present = reeks[reeks["waarde"].notna()]
    trend = present.groupby("indicator")["waarde"].agg(list)
    earlier = present[present["periode"] < present["indicator"].map(last["periode"])]
    previous = earlier.groupby("indicator").tail(1).set_index("indicator")
    city = pd.read_parquet(
        files, columns=cols, filters=[("gebied_type", "==", "stad"), ("status", "==", "gewoon")]
    ).set_index(["indicator", "periode"])["waarde"]
    out = meta.merge(last[["periode", "waarde", "status"]], left_on="code", right_index=True)
    out["vorige_waarde"] = out["code"].map(previous["waarde"])
    out["stad"] = [city.get((c, p)) for c, p in zip(out["code"], out["periode"], strict=True)]
    out["trend"] = out["code"].map(trend)
    return out.sort_values(["thema", "titel"]).reset_index(drop=True)


def _same(duck, pandas, columns: list[str], what: str) -> None:
    import pandas as pd

    left = duck[columns].reset_index(drop=True)
    right = pandas[columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right, check_dtype=False)
    log(f"[bench]   {what}: query layer and pandas agree ({len(left)} rows)")


def _time(fn: Callable[[], object], before: Callable[[], None] = lambda: None) -> float:
    before()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def wide_sheet(code: str, scale: float = 1.0) -> bytes:
    """A wide sheet: title, ``Indicator | code``, ``Wijk | 2005 … 2024``, 100 wijken, Totaal."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "waarden"
    ws.append(["Synthetische benchmarkdata (geen echte cijfers)"])
    ws.append(["Indicator", code])
    ws.append(["Wijk", *YEARS])
    for i in range(AREAS):
        ws.append([wijk(i), *(round(scale * (10 + i + j), 1) for j in range(len(YEARS)))])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@benchmark("indicators")
def indicators_section(config: Config) -> list[Row]:
    folder = indicator_data_dir()
    from etl.store import Store

    store = Store(folder / "parquet")  # the baseline reads the current data files the catalog names
    files, meta_files = list(store.current_files("indicatorwaarden")), list(store.current_files("indicatoren"))
    os.environ["MECHELEN_DATA_DIR"] = str(folder)
    os.environ["MECHELEN_DEV_ROLE"] = "bestuur"  # the college's view: every indicator
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from dashboard import queries

    code, gebied = "synth_0501", wijk(42)
    richting = ["hoger is beter", "lager is beter", "neutraal"][501 % 3]  # as _tables gives it
    cases = {
        "Indicatoren: one indicator (get_indicator_values)": (
            lambda: queries.get_indicator_values(code),
            lambda: pandas_values(files, code, richting),
        ),
        "Wijkprofiel (get_wijkprofiel)": (
            lambda: queries.get_wijkprofiel(gebied),
            lambda: pandas_profile(meta_files, files, gebied),
        ),
    }
    checks = {
        "Indicatoren: one indicator (get_indicator_values)": ["gebied", "periode", "waarde", "status", "rang"],
        "Wijkprofiel (get_wijkprofiel)": ["code", "periode", "waarde", "vorige_waarde", "stad"],
    }
    clear = queries._run.clear
    for what, (duck, pandas) in cases.items():
        clear()
        _same(duck(), pandas(), checks[what], what)
    samples: dict[tuple[str, str], list[float]] = {}
    repeat = max(5, config.repeat)
    for _ in range(repeat):
        for what, (duck, pandas) in cases.items():
            samples.setdefault((what, "duckdb"), []).append(_time(duck, clear))
            samples.setdefault((what, "pandas"), []).append(_time(pandas))
    rows: list[Row] = []
    n = f"{INDICATORS * (AREAS + 1) * len(YEARS) / 1e6:.2f} M waarden (synthetisch)".replace(".", ",")
    for what in cases:
        d, p = samples[(what, "duckdb")], samples[(what, "pandas")]
        dm, pm = statistics.median(d), statistics.median(p)
        rows.append(Row(f"{what}: pandas (baseline)", pm, "s", note=n, samples=p))
        rows.append(Row.compared(f"{what}: query layer / pandas", dm, "s", pm, round(SPEED_GOAL, 2), samples=d))
        rows.append(
            Row.compared(f"{what}: query layer / 50 ms budget", dm, "s", BUDGET_S, 1.0, note="baseline = budget")
        )
    rows.extend(_upload_rows(folder, repeat=max(3, config.repeat)))
    return rows


def _upload_rows(folder: Path, repeat: int) -> list[Row]:
    """Dry run and publish of a 100 × 20 wide sheet into the 2-million-value table (a private copy)."""
    from etl.publish import prepare, publish
    from etl.store import Store

    work = Path(tempfile.mkdtemp(prefix="mechelen_bench_upload_"))
    try:
        store = Store(work / "parquet")
        Store(folder / "parquet").copy_to(store)  # Iceberg records absolute paths: write a copy
        dry, pub = [], []
        for i in range(repeat):
            data = wide_sheet("synth_0007", scale=1.0 + i)
            t0 = time.perf_counter()
            prepared = prepare(f"breed_{i}.xlsx", data, "indicatorwaarden", store)
            dry.append(time.perf_counter() - t0)
            if not prepared.ok:
                raise RuntimeError(f"upload refused: {prepared.result.problems[:3]}")
            t0 = time.perf_counter()
            publish(prepared, store, user="bench")
            pub.append(time.perf_counter() - t0)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    note = f"{AREAS} wijken × {len(YEARS)} jaar in een tabel van 2 M waarden"
    return [
        Row.compared(
            "wide upload: dry run / 1,5 s budget",
            statistics.median(dry),
            "s",
            UPLOAD_BUDGET_S,
            1.0,
            note=note,
            samples=dry,
        ),
        Row.compared(
            "wide upload: publish / 1,5 s budget",
            statistics.median(pub),
            "s",
            UPLOAD_BUDGET_S,
            1.0,
            note=note,
            samples=pub,
        ),
    ]


# The pages measured on the synthetic data: path, number of charts, texts that mark the page done
# (also visited by ``python -m bench.visit_cost --indicators``).
PAGE_VISITS = {
    "Indicatoren": (f"indicatoren?indicator=synth_0501&jaar={YEARS[-1]}", 1, ["Synthetische indicator 501"]),
    "Wijkprofiel": (f"wijkprofiel?wijk={wijk(42).replace(' ', '%20')}", 0, ["Alle indicatoren", "(benchmark)"]),
}


@benchmark("indicator_pages")
def indicator_pages_section(config: Config) -> list[Row]:
    """Indicatoren and Wijkprofiel warm in Chromium on the synthetic 2 million values, each visit
    next to a warm visit of the reference page (as the ``pages`` section measures)."""
    from bench.pages import (
        REFERENCE_CHART,
        WARM_ROUNDS,
        app_server,
        chromium,
        compared_row,
        median_row,
        new_page,
        reference_server,
    )
    from bench.pages import visit as visit_page

    folder = indicator_data_dir()
    visits = PAGE_VISITS
    work = Path(tempfile.mkdtemp(prefix="mechelen-bench-indicator-pages."))
    samples: dict[str, list[float]] = {}
    try:
        with chromium() as browser:
            for run in range(max(2, config.repeat)):
                with (
                    reference_server(work, f"reference-{run}") as (ref_url, _),
                    app_server(folder, work, f"app-{run}") as (app_url, _),
                    new_page(browser) as ref,
                    new_page(browser) as app,
                ):
                    ref_path, ref_charts, ref_texts = REFERENCE_CHART
                    for path, charts, texts in visits.values():  # cold first, then warm
                        visit_page(app, f"{app_url}/{path}", charts, texts)
                        visit_page(ref, f"{ref_url}/{ref_path}", ref_charts, ref_texts)
                    for _round in range(WARM_ROUNDS):
                        for name, (path, charts, texts) in visits.items():
                            samples.setdefault("reference warm", []).append(
                                visit_page(ref, f"{ref_url}/{ref_path}", ref_charts, ref_texts)
                            )
                            samples.setdefault(name, []).append(visit_page(app, f"{app_url}/{path}", charts, texts))
                log(f"[bench]   indicator pages run {run + 1}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    warm = median_row("reference warm (a later visit)", samples["reference warm"], "s", "measured next to each page")
    note = f"{INDICATORS} indicatoren × {AREAS} wijken × {len(YEARS)} jaar (synthetisch)"
    return [warm] + [compared_row(f"{name} warm", samples[name], warm, "s", 1.25, note) for name in visits]
