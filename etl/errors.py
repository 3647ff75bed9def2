"""Errors the ETL reports to people: always with the file and, where known, the line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a source, in Dutch, pointing at file and line (or row)."""

    bestand: str
    message: str
    regel: int | None = None
    kolom: str | None = None

    def __str__(self) -> str:
        where = self.bestand if self.regel is None else f"{self.bestand}, regel {self.regel}"
        if self.kolom:
            where += f", kolom '{self.kolom}'"
        return f"{where}: {self.message}"


class SourceError(Exception):
    """Raised when a source cannot be turned into a valid dataset. Nothing is written then."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
