"""Chart specs built once per distinct input (dashboard.reports.model.shared_spec)."""

from __future__ import annotations

import pandas as pd

from dashboard.reports.model import shared_spec


def counting(calls: list) -> object:
    @shared_spec
    def build(rows: pd.DataFrame, label: str | None = None) -> dict:
        calls.append(label)
        return {"sum": int(rows["n"].sum()), "label": label}

    return build


def test_same_rows_same_spec_other_rows_or_arguments_built_anew() -> None:
    calls: list = []
    build = counting(calls)
    rows = pd.DataFrame({"n": [1, 2, 3]})
    first = build(rows, "a")
    assert build(rows.copy(), "a") is first  # equal content, another frame: the spec is shared
    assert build(rows, "b") is not first
    changed = build(pd.DataFrame({"n": [1, 2, 4]}), "a")
    assert changed["sum"] == 7
    retyped = build(pd.DataFrame({"n": [1.0, 2.0, 3.0]}), "a")  # same values, other type: built anew
    assert retyped is not first
    assert calls == ["a", "b", "a", "a"]


def test_unhashable_argument_is_built_every_time() -> None:
    calls: list = []
    build = counting(calls)
    rows = pd.DataFrame({"n": [1]})
    build(rows, ["x"])  # type: ignore[arg-type]
    build(rows, ["x"])  # type: ignore[arg-type]
    assert len(calls) == 2
