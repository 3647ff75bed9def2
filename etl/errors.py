"""Errors the ETL reports to people: always with the file and, where known, the line."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Code(StrEnum):
    """Stable codes of problems: tests and callers match on these, never on the Dutch sentence."""

    ONTBREEKT = "ontbreekt"  # a required value is missing
    TYPE = "type"  # a value is not of the column's type
    MINIMUM = "minimum"  # a number below the column's minimum
    NIET_TOEGELATEN = "niet_toegelaten"  # a value outside the column's allowed values
    DUBBELE_SLEUTEL = "dubbele_sleutel"  # two rows with the same key
    KOLOM_ONTBREEKT = "kolom_ontbreekt"  # a column of the dataset is missing
    KOLOM_ONBEKEND = "kolom_onbekend"  # a column that is not the dataset's
    GEEN_RIJEN = "geen_rijen"  # nothing to publish
    VERWIJZING = "verwijzing"  # a value that names a row of another dataset that does not exist
    AFGELEID = "afgeleid"  # a column the catalog derives cannot be derived
    BRON = "bron"  # anything else about the source (unreadable file, header, totals, …)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a source, in Dutch, pointing at file, sheet, line or row, column, value,
    with a stable :class:`Code`."""

    bestand: str
    message: str
    regel: int | None = None  # 1-based line (documents) or row as Excel numbers it (spreadsheets)
    kolom: str | None = None
    blad: str | None = None
    waarde: str | None = None
    rij_of_regel: str = "regel"
    code: str = Code.BRON

    def __str__(self) -> str:
        where = self.bestand
        if self.blad:
            where += f", blad '{self.blad}'"
        if self.regel is not None:
            where += f", {self.rij_of_regel} {self.regel}"
        if self.kolom:
            where += f", kolom '{self.kolom}'"
        value = f" (waarde: {self.waarde!r})" if self.waarde is not None else ""
        return f"{where}: {self.message}{value}"

    def as_row(self) -> dict[str, object]:
        """For a table of problems in the UI."""
        return {
            "Bestand": self.bestand,
            "Blad": self.blad or "",
            self.rij_of_regel.capitalize(): self.regel,
            "Kolom": self.kolom or "",
            "Waarde": self.waarde or "",
            "Probleem": self.message,
        }


class SourceError(Exception):
    """Raised when a source cannot be turned into a valid dataset. Nothing is written then."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
