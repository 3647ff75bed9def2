"""The content checksum (etl.checksum): a stored checksum stays verifiable, so each form is pinned;
equal content gives an equal checksum however the table is laid out in memory."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pytest

from etl.checksum import CONTENT_FORM, LEGACY_FORM, content_sha256

FORMS = [LEGACY_FORM, CONTENT_FORM]


def sample() -> pa.Table:
    return pa.table(
        {
            "wijk": pa.array(["Binnenstad", None, "Nekkerspoel", "", 'Heffen "oost"'], pa.string()),
            "jaar": pa.array([2024, 2025, None, 2026, 2027], pa.int64()),
            "waarde": pa.array([1.5, None, -0.25, 3.0, 1e9], pa.float64()),
            "datum": pa.array(
                [dt.date(2024, 1, 1), None, dt.date(2025, 6, 30), dt.date(2018, 1, 1), dt.date(2000, 2, 29)],
                pa.date32(),
            ),
        }
    )


def test_each_form_gives_what_it_always_gave():
    """The values every stored version is checked against: the csv form as the store computed it
    before forms existed (worked out with that code), the arrow-1 form as first released."""
    assert content_sha256(sample(), LEGACY_FORM) == "c737a8a0cd95a4153cc97245341c468e47be8b45e93b053939a59dc8e22b10ac"
    assert content_sha256(sample(), CONTENT_FORM) == "3d086942451da8465045beaa9a3167ba593d3fc2546289e12435bef1a6cdd58c"
    assert content_sha256(sample()) == content_sha256(sample(), CONTENT_FORM)
    with pytest.raises(ValueError, match="unknown checksum form"):
        content_sha256(sample(), "md5")


@pytest.mark.parametrize("form", FORMS)
def test_the_layout_in_memory_does_not_count(form: str):
    table = sample()
    expected = content_sha256(table, form)
    chunked = pa.Table.from_batches([*table.slice(0, 2).to_batches(), *table.slice(2).to_batches()])
    assert chunked.column(0).num_chunks == 2
    padded = pa.concat_tables([table.slice(0, 1), table, table.slice(0, 1)]).combine_chunks().slice(1, 5)
    assert padded.column("wijk").chunk(0).offset == 1
    tagged = table.replace_schema_metadata({b"bijgewerkt": b"2026-12-01"})
    for same in (chunked, padded, tagged):
        assert content_sha256(same, form) == expected
    # a missing value is missing whatever bytes lie under it
    valid = pa.py_buffer(np.packbits([1, 0, 1], bitorder="little").tobytes())
    under = [
        pa.Array.from_buffers(pa.int64(), 3, [valid, pa.py_buffer(np.array([1, v, 3]).tobytes())]) for v in (0, 99)
    ]
    assert content_sha256(pa.table({"n": under[0]}), form) == content_sha256(pa.table({"n": under[1]}), form)


@pytest.mark.parametrize("form", FORMS)
def test_other_content_another_checksum(form: str):
    table = sample()
    expected = content_sha256(table, form)
    others = [
        table.set_column(0, "wijk", pa.array(["Binnenstad", "", "Nekkerspoel", "", 'Heffen "oost"'])),  # "" ≠ missing
        table.set_column(1, "jaar", pa.array([2024, 2025, 0, 2026, 2027], pa.int64())),  # 0 ≠ missing
        table.set_column(2, "waarde", pa.array([1.5, None, -0.25, 3.0, 1e9 + 1])),
        table.rename_columns(["gebied", "jaar", "waarde", "datum"]),
        table.slice(0, 4),
        table.take([1, 0, 2, 3, 4]),  # row order counts
        table.set_column(1, "jaar", table["jaar"].cast(pa.float64())),
    ]
    checksums = [content_sha256(other, form) for other in others]
    assert expected not in checksums and len(set(checksums)) == len(others)
