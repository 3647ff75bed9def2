"""``make bench``: a section whose measurement fails gives no figure, the others still run, exit 1."""

from __future__ import annotations

import json

from bench import REGISTRY, Row, run


def test_a_failing_section_does_not_hide_the_others(monkeypatch, tmp_path):
    def broken(config):
        raise TimeoutError("page never drawn")

    def fine(config):
        return [Row("fine", 1.0, "s")]

    monkeypatch.setitem(REGISTRY, "broken", broken)
    monkeypatch.setitem(REGISTRY, "fine", fine)
    out = tmp_path / "results.json"

    code = run.main(["--only", "broken", "--only", "fine", "--output", str(out)])

    assert code == 1
    results = json.loads(out.read_text(encoding="utf-8"))
    assert [r["name"] for r in results["sections"]["fine"]] == ["fine"]
    assert "page never drawn" in results["failed"]["broken"]
    assert "broken" not in results["sections"]
