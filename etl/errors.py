"""Errors the ETL reports to people: always with the file and, where known, the line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a source, in Dutch, pointing at file, sheet, line or row, column, value."""

    bestand: str
    message: str
    regel: int | None = None  # 1-based line (documents) or row as Excel numbers it (spreadsheets)
    kolom: str | None = None
    blad: str | None = None
    waarde: str | None = None
    rij_of_regel: str = "regel"

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
