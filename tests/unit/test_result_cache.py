"""The query layer's result cache: one computation per key at a time, failures not kept, the most
recently used results kept."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from dashboard.result_cache import ResultCache


def test_sessions_asking_at_once_share_one_computation():
    cache: ResultCache[int] = ResultCache(max_entries=8)
    calls = []
    started, release = threading.Event(), threading.Event()

    def compute() -> int:
        calls.append(1)
        started.set()
        assert release.wait(10)
        return 42

    with ThreadPoolExecutor(max_workers=6) as pool:
        first = pool.submit(cache.get, "k", compute)
        assert started.wait(10)  # the first caller is computing; the others arrive now
        others = [pool.submit(cache.get, "k", compute) for _ in range(5)]
        release.set()
        assert [f.result(10) for f in [first, *others]] == [42] * 6
    assert len(calls) == 1


def test_a_failure_is_not_kept():
    cache: ResultCache[int] = ResultCache(max_entries=8)

    def fail() -> int:
        raise RuntimeError("kapot")

    with pytest.raises(RuntimeError):
        cache.get("k", fail)
    assert cache.get("k", lambda: 7) == 7
    assert cache.get("k", fail) == 7  # now kept


def test_keeps_the_most_recently_used():
    cache: ResultCache[str] = ResultCache(max_entries=2)
    cache.get("a", lambda: "a")
    cache.get("b", lambda: "b")
    cache.get("a", lambda: "opnieuw")  # "a" used again: "b" is now the oldest
    cache.get("c", lambda: "c")
    assert len(cache) == 2
    assert cache.get("a", lambda: "opnieuw") == "a"
    assert cache.get("b", lambda: "opnieuw") == "opnieuw"
    cache.clear()
    assert cache.get("c", lambda: "leeg") == "leeg"
