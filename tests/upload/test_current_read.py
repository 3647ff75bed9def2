"""The current table is read beside the conversion, once the file is parsed (etl.publish.prepare
hands the flow what starts the read): not beside the CSV parse, which uses both cores; and not at
all for a file refused before it is parsed."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.publish import prepare, publish
from etl.store import Store
from etl.upload import workbook
from tests.upload.test_publish_reuse import population, years


def test_the_current_table_is_read_once_the_file_is_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    store = Store(tmp_path)
    publish(prepare("2023.csv", population(2023, 10), "bevolking_leeftijd", store), store)
    events: list[str] = []
    load, read_current = workbook.SheetReader.load, Store.read_current
    monkeypatch.setattr(workbook.SheetReader, "load", lambda *a, **k: events.append("parsed") or load(*a, **k))
    monkeypatch.setattr(Store, "read_current", lambda *a: events.append("read") or read_current(*a))

    publish(prepare("2024.csv", population(2024, 20), "bevolking_leeftijd", store), store)
    assert events == ["parsed", "read"]
    events.clear()
    assert not prepare("kolommen.csv", b"jaar;leeftijd\r\n2024;3\r\n", "bevolking_leeftijd", store).ok
    assert not prepare("kapot.xlsx", b"PK\x03\x04kapot", "bevolking_leeftijd", store).ok
    assert events == []  # refused before their cells were read (columns missing, no zip): no read
    monkeypatch.undo()
    assert years(store) == {2023: 21, 2024: 41}
