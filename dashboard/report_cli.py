"""``python -m etl report PAGE [--param key=value …] --out FILE.pdf``: a page's report from the
command line (for a monthly batch). Exit 0 with the file written; 2 with a Dutch message on
stderr for an unknown page, parameter or value, and nothing written."""

from __future__ import annotations

import argparse
import logging
import sys
from collections import defaultdict
from pathlib import Path


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m etl report", description="Een dashboardpagina als A4-rapport (PDF)."
    )
    parser.add_argument("page", metavar="PAGINA", help="bv. personeel, bevolking, overzicht")
    parser.add_argument(
        "--param", action="append", default=[], metavar="SLEUTEL=WAARDE", help="een filter, zoals in de link"
    )
    parser.add_argument("--out", type=Path, required=True, metavar="BESTAND.pdf")
    parser.add_argument("--base-url", default=None, help="adres van de app voor de link (standaard $MECHELEN_BASE_URL)")
    return parser


def _params(pairs: list[str]) -> dict[str, list[str]]:
    given: dict[str, list[str]] = defaultdict(list)
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"parameter ‘{pair}’ heeft niet de vorm sleutel=waarde")
        given[key.strip()].append(value)
    return dict(given)


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    from dashboard.chart_server import CHARTS

    ours = not CHARTS.running  # (called in-process, e.g. by a test, a running session is left alone)
    CHARTS.warm_up()  # Chromium starts while the app's modules are imported and the queries run
    try:
        return _run(args)
    finally:
        if ours:
            CHARTS.close()  # before the interpreter's exit handlers remove the browser's temporary folder


def _run(args: argparse.Namespace) -> int:
    from dashboard.chart_server import RenderError

    # Streamlit's cache warns that no app is running: here that is expected, and only that is kept quiet.
    logging.getLogger("streamlit.runtime.caching.cache_data_api").addFilter(
        lambda record: "No runtime found" not in record.getMessage()
    )
    from dashboard import auth
    from dashboard.db import MissingDataset
    from dashboard.reports import ReportError, render, report_for
    from etl.io import write_bytes_atomic
    from etl.opendata import default_base_url

    try:
        given = _params(args.param)
        with auth.acting_as("bestuur"):  # whoever runs this on the server can read the tables' files
            report = report_for(args.page, given, args.base_url or default_base_url())
        pdf = render.to_pdf(report)
    except (ValueError, ReportError) as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2
    except MissingDataset as exc:
        print(f"fout: de dataset ‘{exc.name}’ is nog niet beschikbaar (python -m etl build)", file=sys.stderr)
        return 2
    except RenderError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 1
    write_bytes_atomic(pdf, args.out)
    print(f"rapport geschreven: {args.out} ({len(pdf) // 1024} kB)")
    return 0
