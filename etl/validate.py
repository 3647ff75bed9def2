"""Check extracted rows against their catalog declaration and turn them into an Arrow table.

Every problem names the source file and line of the offending row (``bron``/``bron_regel``).
"""

from __future__ import annotations

import datetime as dt
import math

import pyarrow as pa

from etl.catalog import Column, Dataset
from etl.errors import Problem, SourceError


def _where(row: dict, dataset: Dataset) -> tuple[str, int | None]:
    return str(row.get("bron") or dataset.name), row.get("bron_regel")


def _check_value(col: Column, value: object) -> str | None:
    """A Dutch message when ``value`` does not fit ``col``, else None."""
    missing = value is None or (isinstance(value, float) and math.isnan(value)) or value == ""
    if missing:
        return None if col.nullable else "waarde ontbreekt"
    if col.dtype == "string" and not isinstance(value, str):
        return f"tekst verwacht, kreeg {value!r}"
    if col.dtype == "int" and (isinstance(value, bool) or not isinstance(value, int)):
        return f"geheel getal verwacht, kreeg {value!r}"
    if col.dtype == "float" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        return f"getal verwacht, kreeg {value!r}"
    if col.dtype == "date" and not isinstance(value, dt.date):
        return f"datum verwacht, kreeg {value!r}"
    if col.minimum is not None and value < col.minimum:  # type: ignore[operator]
        return f"waarde {value!r} is kleiner dan het minimum {col.minimum:g}"
    if col.allowed is not None and value not in col.allowed:
        return f"waarde {value!r} niet toegelaten; toegelaten: {', '.join(col.allowed)}"
    return None


def validate_rows(dataset: Dataset, rows: list[dict]) -> list[Problem]:
    problems: list[Problem] = []
    expected = dataset.column_names
    if not rows:
        return [Problem(dataset.name, "geen rijen gevonden")]
    seen_keys: dict[tuple, int | None] = {}
    for row in rows:
        bestand, regel = _where(row, dataset)
        extra = [k for k in row if k not in expected]
        for name in extra:
            problems.append(Problem(bestand, "kolom hoort niet bij de dataset", regel, name))
        for col in dataset.columns:
            if col.name not in row:
                problems.append(Problem(bestand, "kolom ontbreekt", regel, col.name))
                continue
            message = _check_value(col, row[col.name])
            if message:
                problems.append(Problem(bestand, message, regel, col.name))
        if dataset.key:
            key = tuple(row.get(k) for k in dataset.key)
            if key in seen_keys:
                problems.append(
                    Problem(
                        bestand,
                        f"dubbele sleutel {key!r} (ook op regel {seen_keys[key]})",
                        regel,
                        ", ".join(dataset.key),
                    )
                )
            seen_keys[key] = regel
    return problems


def to_table(dataset: Dataset, rows: list[dict]) -> pa.Table:
    """Validated rows as an Arrow table with the catalog schema; raises SourceError otherwise."""
    problems = validate_rows(dataset, rows)
    if problems:
        raise SourceError(problems)
    columns = {c.name: [row[c.name] for row in rows] for c in dataset.columns}
    return pa.Table.from_pydict(columns, schema=dataset.arrow_schema)
