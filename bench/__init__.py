"""Benchmarks of the platform (``make bench``), each against a baseline measured in the same run.

A section is a function registered with :func:`benchmark`; it gets the :class:`Config` and returns
rows (see :class:`Row`). A row with a ``goal`` is a ratio against a baseline measured in the same
run; ``ok`` says whether the ratio stays within the goal. Nothing is invented: a measurement that
fails makes the section fail, it never becomes a number. :mod:`bench.run` runs the sections,
prints one table and writes ``bench/results.json``.

To add a section (queries, pages, …): create ``bench/<name>.py`` with a function decorated with
``@benchmark("<name>")`` and list the module in ``bench.run.SECTION_MODULES``.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Config:
    repeat: int = 3  # measurements per figure; the median is reported
    rows: int = 200_000  # size of generated test data


@dataclass
class Row:
    name: str
    value: float
    unit: str
    baseline: float | None = None  # the baseline's value in the same unit, when this row is compared
    ratio: float | None = None  # value / baseline
    goal: float | None = None  # the highest acceptable ratio
    ok: bool | None = None  # ratio <= goal; None for a row without a goal
    note: str = ""
    samples: list[float] = field(default_factory=list)  # every measurement behind ``value``

    @classmethod
    def compared(cls, name: str, value: float, unit: str, baseline: float, goal: float | None, **extra: object) -> Row:
        ratio = value / baseline if baseline else float("inf")
        return cls(name, value, unit, baseline, ratio, goal, None if goal is None else ratio <= goal, **extra)  # type: ignore[arg-type]


Benchmark = Callable[[Config], list[Row]]
REGISTRY: dict[str, Benchmark] = {}


def benchmark(name: str) -> Callable[[Benchmark], Benchmark]:
    """Register a section under ``name`` (the order of registration is the order of the table)."""

    def register(fn: Benchmark) -> Benchmark:
        REGISTRY[name] = fn
        return fn

    return register


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build_fingerprint() -> str:
    """A short hash of what a built data folder depends on (the ETL code and data/raw/), so a cached
    folder that other code built — and that the pages may no longer read — is made anew."""
    digest = hashlib.sha256()
    for path in sorted([*(ROOT / "etl").rglob("*.py"), *(ROOT / "data" / "raw").iterdir()]):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]
