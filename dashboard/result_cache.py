"""A small thread-safe cache of query results, shared by all sessions of the process.

It replaces ``st.cache_data`` for the query layer: that cache hashes every argument with
Streamlit's hasher, pickles each result on a miss and unpickles it on every hit, about half a
millisecond that every small query of a page paid on every run. Here a key is a plain tuple
(kind, SQL, parameters, datasets, data version) and a result is kept as it is; callers get a
copy that cannot change the kept one (see :func:`dashboard.queries._query`).

As ``st.cache_data`` does, a result is computed once at a time per key: a second session asking
for the same result waits for the first instead of running the query again.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

import pandas as pd

T = TypeVar("T")


class ResultCache(Generic[T]):
    """The ``max_entries`` most recently used results by key."""

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._values: OrderedDict[Hashable, T] = OrderedDict()
        self._computing: dict[Hashable, threading.Lock] = {}  # one lock per key being computed

    def _cached(self, key: Hashable) -> tuple[bool, T | None]:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return True, self._values[key]
            return False, None

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The result for ``key``, computed by ``compute`` when not kept (an exception is raised
        to the caller and nothing is kept)."""
        found, value = self._cached(key)
        if found:
            return value  # type: ignore[return-value]
        with self._lock:
            computing = self._computing.setdefault(key, threading.Lock())
        with computing:
            found, value = self._cached(key)  # another thread may have computed it meanwhile
            if found:
                return value  # type: ignore[return-value]
            try:
                value = compute()
                with self._lock:
                    self._values[key] = value
                    while len(self._values) > self.max_entries:
                        self._values.popitem(last=False)
            finally:
                with self._lock:
                    self._computing.pop(key, None)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def __len__(self) -> int:
        return len(self._values)


_specs: ResultCache[object] = ResultCache(256)  # chart specs kept by :func:`shared_spec` (a few kB each)


def _content_key(value: object) -> object:
    """A hashable stand-in for an argument: a DataFrame by its columns, types and values; a missing
    number (NaN, never equal to itself) as one key."""
    if isinstance(value, pd.DataFrame):
        rows = pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes()
        return ("frame", tuple(value.columns), tuple(map(str, value.dtypes)), hashlib.blake2b(rows).digest())
    if isinstance(value, float) and value != value:
        return ("nan",)
    hash(value)  # anything else must be hashable as it is (TypeError otherwise: then not shared)
    return value


def shared_spec(build: Callable[..., T]) -> Callable[..., T]:
    """Build a chart spec (or a figure) once per distinct input and hand every later caller the same one.

    Building a Plotly figure (validating every property) takes tens of milliseconds, on every
    visit, and the page's chart waits for it; its input is a query's (cached) rows. Only for
    functions whose result depends on their arguments alone (no query inside: a query may
    depend on who is asking). The spec is shared between sessions: never change it in place
    (Streamlit and the report copy the figure before they use it)."""

    @functools.wraps(build)
    def shared(*args: object, **kwargs: object) -> T:
        try:
            named = tuple((name, _content_key(value)) for name, value in sorted(kwargs.items()))
            key = (build.__qualname__, build.__module__, *map(_content_key, args), named)
        except TypeError:
            return build(*args, **kwargs)
        return _specs.get(key, lambda: build(*args, **kwargs))  # type: ignore[return-value]

    return shared
