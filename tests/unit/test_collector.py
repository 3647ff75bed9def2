"""dashboard.collector: the long-lived objects are frozen once per new import, not per visit."""

from __future__ import annotations

import gc
import sys
import types

import pytest

from dashboard import collector


@pytest.fixture
def unfrozen(monkeypatch: pytest.MonkeyPatch):
    gc.unfreeze()
    monkeypatch.setattr(collector, "_modules_frozen", 0)  # as in a fresh process
    yield
    gc.unfreeze()


def test_freezes_when_modules_were_imported_and_not_again(unfrozen, monkeypatch: pytest.MonkeyPatch):
    collector.freeze_new_imports()  # whatever this test process imported so far
    frozen = gc.get_freeze_count()
    assert frozen > 0

    garbage = [[] for _ in range(1000)]  # new tracked objects, no new module: nothing frozen
    assert collector.freeze_new_imports() is False
    assert gc.get_freeze_count() == frozen

    monkeypatch.setitem(sys.modules, "mechelen_test_import", types.ModuleType("mechelen_test_import"))
    assert collector.freeze_new_imports() is True
    assert gc.get_freeze_count() >= frozen + len(garbage)  # the objects alive now are frozen too


def test_a_frozen_object_is_still_freed_by_its_reference_count(unfrozen):
    import weakref

    class Thing:
        pass

    thing = Thing()
    alive = weakref.ref(thing)
    assert collector.freeze_new_imports() is True
    assert gc.is_tracked(thing)
    del thing
    assert alive() is None  # freed at once: the cyclic collector was never needed for it
