"""Command line of the ETL: ``python -m etl build [--raw DIR] [--out DIR]``.

Exit status 0 on success; 2 on bad input, with the problems on stderr and no table changed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etl import paths
from etl.build import build
from etl.errors import SourceError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m etl", description="Mechelen in cijfers: ETL")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="alle datasets opbouwen uit de brondocumenten")
    b.add_argument("--raw", type=Path, default=None, help="map met brondocumenten (standaard data/raw)")
    b.add_argument("--out", type=Path, default=None, help="map voor de Parquet-tabellen (standaard data/parquet)")
    return parser


def cmd_build(args: argparse.Namespace) -> int:
    raw = args.raw or paths.raw_dir()
    out = args.out or paths.parquet_dir()
    if not raw.is_dir():
        print(f"fout: map met brondocumenten bestaat niet: {raw}", file=sys.stderr)
        return 2
    try:
        result = build(raw, out)
    except SourceError as exc:
        print(f"fout: opbouw gestopt, er is niets geschreven in {out}", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    width = max(len(name) for name in result.tables)
    print(f"{'dataset':<{width}}  rijen")
    for name, table in result.tables.items():
        print(f"{name:<{width}}  {table.num_rows:>5}")
    print(f"{len(result.tables)} tabellen geschreven naar {out} in {result.seconds:.2f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return {"build": cmd_build}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
