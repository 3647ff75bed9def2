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
