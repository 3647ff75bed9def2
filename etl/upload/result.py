"""What an upload gives: the rows in the catalog schema, notes, and every problem located."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from etl.catalog import Dataset
from etl.errors import Problem
from etl.upload.workbook import Workbook

MAX_PROBLEMS = 500  # a file that is wrong everywhere is reported in full up to here
Progress = Callable[[float, str], None]


@dataclass
class IngestResult:
    dataset: Dataset
    filename: str
    sha256: str
    sheet: str | None = None
    header_row: int | None = None  # as Excel numbers it
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)  # the file's rows, in the catalog schema
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    extra: dict[str, pd.DataFrame] = field(default_factory=dict)  # rows for other datasets, published first

    @property
    def ok(self) -> bool:
        return not self.problems and not self.rows.empty


def _display(value: object) -> str:
    return str(value).strip()[:80]


@dataclass
class _Ctx:
    wb: Workbook
    sheet: str | None
    result: IngestResult

    failed: set[tuple[int, str]] = field(default_factory=set)  # (row, column) already reported as unreadable

    def problem(self, message: str, row: int | None = None, column: str | None = None, value: object = None) -> None:
        if len(self.result.problems) < MAX_PROBLEMS:
            self.result.problems.append(
                Problem(
                    self.wb.filename,
                    message,
                    regel=row,
                    kolom=column,
                    blad=self.sheet if self.wb.kind != "csv" else None,
                    waarde=None if value is None else _display(value),
                    rij_of_regel="rij",
                )
            )
