"""Run the benchmarks: ``python -m bench.run [--only SECTION] [--repeat N] [--rows N] [--strict]``.

The sections and their rows are described in :mod:`bench`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import platform
import sys
import time
import traceback
from dataclasses import asdict
from pathlib import Path

from bench import REGISTRY, Config, Row, log

RESULTS = Path(__file__).with_name("results.json")
SECTION_MODULES = (
    "bench.ingest",
    "bench.history",
    "bench.queries",
    "bench.pages",
    "bench.build",
    "bench.report",
    "bench.indicators",
)  # imported for their @benchmark registrations, in this order


_FORMATS = {"s": "{:.3f}", "MB": "{:.1f}", "×": "{:.2f}×"}


def _fmt(value: float | None, unit: str = "") -> str:
    return "" if value is None else _FORMATS.get(unit, "{:g}").format(value)


def render(sections: dict[str, list[Row]]) -> str:
    header = ("benchmark", "value", "unit", "baseline", "ratio", "goal", "result")
    lines: list[tuple[str, ...]] = []
    for section, rows in sections.items():
        for r in rows:
            result = "" if r.ok is None else ("OK" if r.ok else "MISSES GOAL")
            lines.append(
                (
                    f"{section}: {r.name}",
                    _fmt(r.value, r.unit),
                    r.unit,
                    _fmt(r.baseline, r.unit),
                    _fmt(r.ratio, "×"),
                    "" if r.goal is None else f"≤ {r.goal:g}×",
                    result,
                )
            )
    widths = [max([len(h), *(len(line[i]) for line in lines)]) for i, h in enumerate(header)]
    right = {1, 3, 4}  # numbers

    def fmt(cells: tuple[str, ...]) -> str:
        padded = (c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
        return "  ".join(padded).rstrip()

    out = [fmt(header), fmt(tuple("-" * w for w in widths))]
    out += [fmt(line) for line in lines]
    notes = [f"  * {s}: {r.name}: {r.note}" for s, rows in sections.items() for r in rows if r.note]
    if notes:
        out += ["", "notes:", *notes]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", help="run only this section (repeatable)")
    parser.add_argument("--repeat", type=int, default=Config.repeat, help="runs per figure (median reported)")
    parser.add_argument("--rows", type=int, default=Config.rows, help="rows of generated test data")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a goal is missed")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the JSON results")
    args = parser.parse_args(argv)

    for module in SECTION_MODULES:
        importlib.import_module(module)
    unknown = set(args.only or ()) - set(REGISTRY)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}; known: {', '.join(REGISTRY)}")
    config = Config(repeat=max(1, args.repeat), rows=args.rows)
    chosen = [name for name in REGISTRY if not args.only or name in args.only]

    started = time.perf_counter()
    sections: dict[str, list[Row]] = {}
    timings: dict[str, float] = {}
    failed: dict[str, str] = {}
    for name in chosen:
        log(f"[bench] {name} …")
        t0 = time.perf_counter()
        try:
            sections[name] = REGISTRY[name](config)
        except Exception:  # a failed measurement is no figure; the other sections still run
            failed[name] = traceback.format_exc()
            log(f"[bench] {name} FAILED:\n{failed[name]}")
            continue
        timings[name] = round(time.perf_counter() - t0, 2)
        log(f"[bench] {name} done in {timings[name]:.1f} s")
    total = time.perf_counter() - started

    print(render(sections))
    print(f"\n{sum(len(r) for r in sections.values())} figures in {total:.1f} s; written to {args.output}")
    payload = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "config": asdict(config),
        "seconds": {**timings, "total": round(total, 2)},
        "sections": {name: [asdict(r) for r in rows] for name, rows in sections.items()},
        "failed": failed,
    }
    args.output.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    missed = [r for rows in sections.values() for r in rows if r.ok is False]
    if missed:
        print(f"{len(missed)} goal(s) missed", file=sys.stderr)
    if failed:
        print(f"section(s) failed, no figures: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
