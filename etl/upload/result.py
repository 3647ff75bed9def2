"""What an upload gives: the rows in the catalog schema, notes, and every problem located."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import pyarrow as pa

from etl.catalog import Dataset
from etl.errors import Code, Problem
from etl.upload.workbook import Workbook
from etl.validate import MAX_PROBLEMS, display

Progress = Callable[[float, str], None]


@dataclass
class IngestResult:
    dataset: Dataset
    filename: str
    sha256: str
    sheet: str | None = None
    header_row: int | None = None  # as Excel numbers it
    table: pa.Table | None = None  # the file's rows in the catalog schema (see :attr:`rows`)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)
    extra: dict[str, pd.DataFrame] = field(default_factory=dict)  # rows for other datasets, published first
    checked: frozenset[str] = frozenset()  # columns of ``table`` the validator passed as they are
    # Text columns of ``table`` also as the reader and converter had them, dictionary-encoded: the
    # same values, which the data file's writer takes without hashing each (etl.store._encode).
    dictionaries: dict[str, pa.DictionaryArray] = field(default_factory=dict)
    _frame: pd.DataFrame | None = field(default=None, repr=False)

    def __setattr__(self, name: str, value: object) -> None:
        super().__setattr__(name, value)
        if name == "table":  # the dictionaries describe the table they came with
            super().__setattr__("dictionaries", {})

    @property
    def rows(self) -> pd.DataFrame:
        """The rows as a frame (for display and the readers that build frames), made once when asked."""
        if self._frame is None:
            self._frame = pd.DataFrame() if self.table is None else self.table.to_pandas()
        return self._frame

    @rows.setter
    def rows(self, frame: pd.DataFrame) -> None:
        self._frame, self.table = frame, None

    @property
    def row_count(self) -> int:
        return self.table.num_rows if self.table is not None else len(self.rows)

    @property
    def ok(self) -> bool:
        return not self.problems and self.row_count > 0


@dataclass
class Context:
    """Where an upload's problems are collected: each names the file, sheet, row, column and value."""

    wb: Workbook
    sheet: str | None
    result: IngestResult

    def problem(
        self,
        message: str,
        row: int | None = None,
        column: str | None = None,
        value: object = None,
        code: str = Code.BRON,
    ) -> None:
        if len(self.result.problems) < MAX_PROBLEMS:
            self.result.problems.append(
                Problem(
                    self.wb.filename,
                    message,
                    regel=row,
                    kolom=column,
                    blad=self.sheet if self.wb.kind != "csv" else None,
                    waarde=None if value is None else display(value),
                    rij_of_regel="rij",
                    code=code,
                )
            )
