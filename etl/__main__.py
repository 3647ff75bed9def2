"""Command line of the ETL, the only writer of data.

    python -m etl build [--raw DIR] [--out DIR] [--force]
    python -m etl ingest FILE --dataset NAME [--sheet S] [--dry-run] [--user U]
    python -m etl history NAME
    python -m etl rollback NAME --version N [--user U]
    python -m etl export NAME [--version N] [--format csv|parquet] [--out FILE]
    python -m etl withdraw NAME --yes [--user U]
    python -m etl template NAME [--out FILE]
    python -m etl publish-open [--out DIR] [--base-url URL]
    python -m etl report PAGE [--param key=value …] --out FILE.pdf

Exit status 0 on success; 2 on bad input, with every problem on stderr and nothing changed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl import paths
from etl.build import build
from etl.catalog import UnknownDataset, get_dataset
from etl.errors import SourceError
from etl.export import FORMATS, export
from etl.numbers import format_auto
from etl.publish import ingest_path, publish
from etl.store import Store, Unchanged
from etl.times import format_moment


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Mechelen in cijfers: ETL")
    parser.add_argument("--data", type=Path, default=None, help="Parquet-map (standaard data/parquet)")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="alle datasets opbouwen uit de brondocumenten")
    b.add_argument("--raw", type=Path, default=None, help="map met brondocumenten (standaard data/raw)")
    b.add_argument("--out", type=Path, default=None, help="map voor de Parquet-tabellen (standaard data/parquet)")
    b.add_argument(
        "--force", action="store_true", help="ook datasets overschrijven die via een upload gepubliceerd zijn"
    )
    i = sub.add_parser("ingest", help="een spreadsheet controleren en publiceren")
    i.add_argument("file", type=Path)
    i.add_argument("--dataset", required=True)
    i.add_argument("--sheet", default=None, help="blad (standaard het eerste zichtbare)")
    i.add_argument("--dry-run", action="store_true", help="alleen controleren en het verschil tonen")
    i.add_argument("--user", default=None, help="naam in het auditlog (standaard de systeemgebruiker)")
    h = sub.add_parser("history", help="versies van een dataset")
    h.add_argument("dataset")
    r = sub.add_parser("rollback", help="een eerdere versie terugzetten")
    r.add_argument("dataset")
    r.add_argument("--version", type=int, required=True)
    r.add_argument("--user", default=None)
    x = sub.add_parser("export", help="een gepubliceerde tabel als CSV (standaard naar stdout) of Parquet")
    x.add_argument("dataset")
    x.add_argument("--version", type=int, default=None, help="een eerdere versie (standaard de huidige)")
    x.add_argument("--format", choices=FORMATS, default="csv")
    x.add_argument("--out", type=Path, default=None, help="uitvoerbestand (standaard stdout)")
    w = sub.add_parser(
        "withdraw", help="een dataset die alleen uploads voeden intrekken (terug naar vóór de eerste publicatie)"
    )
    w.add_argument("dataset")
    w.add_argument("--yes", action="store_true", help="bevestiging: de dashboards tonen de dataset niet meer")
    w.add_argument("--user", default=None)
    t = sub.add_parser("template", help="een leeg sjabloon (xlsx) voor een dataset")
    t.add_argument("dataset")
    t.add_argument("--out", type=Path, default=None)
    t.add_argument("--layout", default=None, help="vorm van het sjabloon, bv. lang of breed (indicatorwaarden)")
    o = sub.add_parser("publish-open", help="open data (CSV, XLSX, Parquet, DCAT-AP-VL, Data Package) schrijven")
    o.add_argument("--out", type=Path, default=None, help="uitvoermap (standaard data/open)")
    o.add_argument(
        "--base-url",
        default=None,
        help="publiek adres waarop de map /open gepubliceerd wordt (standaard $MECHELEN_PUBLIC_URL)",
    )
    # Listed for --help only: main() hands the arguments to the dashboard's report command.
    sub.add_parser("report", help="een dashboardpagina als PDF-rapport (python -m etl report --help)", add_help=False)
    return parser


def _fail(problems) -> int:
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return 2


def cmd_build(args: argparse.Namespace) -> int:
    raw = args.raw or paths.raw_dir()
    out = args.out or args.data or paths.parquet_dir()
    if not raw.is_dir():
        print(f"fout: map met brondocumenten bestaat niet: {raw}", file=sys.stderr)
        return 2
    try:
        result = build(raw, out, force=args.force)
    except SourceError as exc:
        print(f"fout: opbouw gestopt, er is niets geschreven in {out}", file=sys.stderr)
        return _fail(exc.problems)
    width = max(len(name) for name in result.tables)
    print(f"{'dataset':<{width}}  rijen  resultaat")
    for name, table in result.tables.items():
        print(f"{name:<{width}}  {table.num_rows:>5}  {result.status[name]}")
    print(f"{len(result.tables)} datasets verwerkt naar {out} in {result.seconds:.2f} s")
    return 0


def cmd_ingest(args: argparse.Namespace, store: Store) -> int:
    if not args.file.is_file():
        print(f"fout: bestand niet gevonden: {args.file}", file=sys.stderr)
        return 2
    prepared = ingest_path(args.file, args.dataset, store, sheet=args.sheet)
    result = prepared.result
    for note in result.notes:
        print(f"let op: {note}")
    if not prepared.ok:
        n = len(result.problems)
        what = f"{n} probleem" if n == 1 else f"{n} problemen"
        print(f"fout: {result.filename} is niet gepubliceerd: {what}", file=sys.stderr)
        return _fail(result.problems or ["het bestand bevat geen gegevensrijen"])
    diff = prepared.diff
    assert diff is not None
    print(
        f"{len(result.rows)} rijen gelezen voor {args.dataset}: {len(diff.added)} nieuw, {len(diff.removed)} weg, "
        f"{len(diff.changed)} waarden gewijzigd"
    )
    for row in diff.headline.itertuples():
        sign = "+" if row.verschil > 0 else ""
        print(f"  {row.maat}: {format_auto(row.voor)} → {format_auto(row.na)} ({sign}{format_auto(row.verschil)})")
    if args.dry_run:
        print("proefrun: niets gepubliceerd")
        return 0
    entry = publish(prepared, store, user=args.user)
    if isinstance(entry, Unchanged):
        print(f"ongewijzigd: de inhoud is dezelfde als die van versie {entry.versie}; er is geen nieuwe versie gemaakt")
    else:
        print(f"gepubliceerd als versie {entry.versie} ({entry.rijen} rijen)")
    return 0


def cmd_history(args: argparse.Namespace, store: Store) -> int:
    entries = store.history(args.dataset)
    if not entries:
        print(f"{args.dataset}: nog geen versies")
        return 0
    print("versie  tijd (Brussel)       actie         rijen  gebruiker   bestand")
    for e in entries:
        extra = f" (= versie {e.van_versie})" if e.van_versie else ""
        when = format_moment(e.tijd)
        print(f"{e.versie:>6}  {when:<19}  {e.actie:<12}  {e.rijen:>5}  {e.gebruiker:<10}  {e.bestand}{extra}")
    return 0


def cmd_rollback(args: argparse.Namespace, store: Store) -> int:
    entry = store.rollback(args.dataset, args.version, gebruiker=args.user)
    print(f"{args.dataset}: versie {args.version} teruggezet als versie {entry.versie} ({entry.rijen} rijen)")
    return 0


def cmd_export(args: argparse.Namespace, store: Store) -> int:
    return export(store, args.dataset, args.version, args.format, args.out)


def cmd_withdraw(args: argparse.Namespace, store: Store) -> int:
    if not args.yes:
        print(
            f"fout: intrekken haalt {args.dataset} van alle dashboards; bevestig met --yes",
            file=sys.stderr,
        )
        return 2
    entry = store.withdraw(args.dataset, gebruiker=args.user)
    print(f"{args.dataset}: ingetrokken (versie {entry.versie}); de eerdere versies blijven bewaard")
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from etl.templates import template_xlsx

    dataset = get_dataset(args.dataset)
    layouts = dataset.upload.layouts if dataset.upload else ()
    if args.layout is not None and args.layout not in layouts:
        print(f"fout: onbekende vorm {args.layout!r}; bekend: {', '.join(layouts) or 'geen'}", file=sys.stderr)
        return 2
    data = template_xlsx(dataset, args.layout)
    suffix = f"_{args.layout}" if args.layout else ""
    out = args.out or Path(f"sjabloon_{args.dataset}{suffix}.xlsx")
    out.write_bytes(data)
    print(f"sjabloon geschreven: {out}")
    return 0


def cmd_publish_open(args: argparse.Namespace) -> int:
    from etl import opendata

    parquet = args.data or paths.parquet_dir()
    out = args.out or paths.data_dir() / "open"
    base_url = args.base_url or opendata.default_base_url()
    try:
        result = opendata.export_open_data(parquet, out, base_url)
    except opendata.NoPublicTables:
        print(
            f"fout: geen tabellen van publieke datasets in {parquet}; voer eerst `python -m etl build` uit",
            file=sys.stderr,
        )
        return 2
    except opendata.OpenDataError as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2
    if opendata.is_local(base_url):
        print(f"let op: de catalogus verwijst naar het lokale adres {base_url}; zet MECHELEN_PUBLIC_URL")
    if opendata.contact_email() == opendata.PLACEHOLDER_CONTACT_EMAIL:
        print(
            f"let op: MECHELEN_CONTACT_EMAIL is niet gezet; voorlopig contactadres {opendata.PLACEHOLDER_CONTACT_EMAIL}"
        )
    for path in result.written:
        print(f"  {path.name}")
    for path in result.removed:
        print(f"  {path.name} verwijderd (niet meer publiek, niet meer aanwezig of te groot voor Excel)")
    for note in result.notes:
        print(f"let op: {note}")
    print(f"{len(result.datasets)} publieke datasets, {len(result.written)} bestanden geschreven naar {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["report"]:
        # A report draws the dashboard's pages (queries, charts), so it lives in dashboard/. The ETL
        # must not import the dashboard (layering: dashboard → etl), except here, only when asked.
        from dashboard.report_cli import main as report_main

        return report_main(argv[1:])
    args = _parser().parse_args(argv)
    store = Store(args.data or paths.parquet_dir())
    try:
        if args.command == "build":
            return cmd_build(args)
        if args.command == "template":
            return cmd_template(args)
        if args.command == "publish-open":
            return cmd_publish_open(args)
        get_dataset(args.dataset)
        commands = {
            "ingest": cmd_ingest,
            "history": cmd_history,
            "rollback": cmd_rollback,
            "withdraw": cmd_withdraw,
            "export": cmd_export,
        }
        return commands[args.command](args, store)
    except UnknownDataset as exc:
        print(f"fout: {exc}", file=sys.stderr)
        return 2
    except SourceError as exc:
        print("fout:", file=sys.stderr)
        return _fail(exc.problems)


if __name__ == "__main__":
    sys.exit(main())
