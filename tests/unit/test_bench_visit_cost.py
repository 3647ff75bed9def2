"""``python -m bench.visit_cost``: an unknown page is refused before any server or browser starts."""

from __future__ import annotations

import pytest

from bench import visit_cost


def test_an_unknown_page_is_refused(monkeypatch, capsys):
    monkeypatch.setattr(visit_cost.bp, "built_data_dir", lambda folder: pytest.fail("data built"))
    with pytest.raises(SystemExit) as exit_info:
        visit_cost.main(["personeel", "geen_pagina"])
    assert exit_info.value.code == 2
    assert "geen_pagina" in capsys.readouterr().err


def test_server_cpu_reads_this_process():
    import os

    assert visit_cost.server_cpu(os.getpid()) > 0


def test_a_profile_is_summed_per_script_file_and_the_browsers_own_work():
    profile = {
        "nodes": [
            {"id": 1, "callFrame": {"url": "", "functionName": "(idle)"}},
            {"id": 2, "callFrame": {"url": "http://x/static/js/PlotlyChart.abc.js", "functionName": "draw"}},
            {"id": 3, "callFrame": {"url": "http://x/static/js/PlotlyChart.abc.js", "functionName": "plot"}},
            {"id": 4, "callFrame": {"url": "", "functionName": "(program)"}},
        ],
        "samples": [1, 2, 3, 4, 2],
        "timeDeltas": [5000, 200, 300, 1000, 500],
    }
    spent = visit_cost.main_thread_ms(profile)
    assert spent == {"(idle)": 5.0, "PlotlyChart.abc.js": 1.0, "(program)": 1.0}
