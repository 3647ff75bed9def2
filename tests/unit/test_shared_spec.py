"""Chart specs built once per distinct input (dashboard.result_cache.shared_spec)."""

from __future__ import annotations

import pandas as pd

from dashboard.result_cache import shared_spec


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


def test_keyword_arguments_and_missing_numbers_are_part_of_the_key() -> None:
    calls: list = []
    build = counting(calls)
    rows = pd.DataFrame({"n": [1]})
    first = build(rows, label=float("nan"))
    assert build(rows, label=float("nan")) is first  # another NaN object: the same key
    assert build(rows, label="a") is not first
    assert build(rows, "a") is not first
    assert len(calls) == 3
