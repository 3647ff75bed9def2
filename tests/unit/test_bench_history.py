"""The history benchmark publishes real versions into a fresh store and compares the last ones
with the first ones against its goal."""

from __future__ import annotations

import pytest

from bench import Config, history


def test_history_compares_old_versions_with_young_ones(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(history, "VERSIONS", 9)
    monkeypatch.setattr(history, "WINDOW", 3)
    young, old = history.history(Config(repeat=1, rows=10))
    assert young.name.endswith("versions 2–4") and len(young.samples) == 3 and young.goal is None
    assert old.name.endswith("versions 7–9") and len(old.samples) == 3
    assert old.baseline == young.value and old.goal == history.GOAL
    assert old.ok == (old.value / young.value <= history.GOAL)
