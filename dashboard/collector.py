"""Python's cyclic garbage collector and Streamlit's full collection after every script run.

Streamlit calls ``gc.collect(2)`` after each script run (``runner.postScriptGC``), so memory of a
finished run is freed at once. A full collection walks every object the process tracks, and most
of those are the modules of pandas, pyarrow, plotly, DuckDB and Streamlit itself, alive as long as
the process: measured 60 ms per collection with the dashboards' imports, holding the GIL while
the browser waits for the run's last messages. Frozen (``gc.freeze``) they are skipped: 0 ms.

Freezing moves every object alive at that moment, also those of the session being served; frozen
objects are still freed when their reference count drops (that is how nearly all go), only a cycle
among them would stay. It is done only when modules were imported since the last time, so a few
times per process (the first visit of each kind of page), not per visit."""

from __future__ import annotations

import gc
import sys
import threading

_lock = threading.Lock()
_modules_frozen = 0  # len(sys.modules) at the last freeze


def freeze_new_imports() -> bool:
    """Freeze what is alive now if modules were imported since the last freeze; True if it did."""
    global _modules_frozen
    with _lock:
        if len(sys.modules) == _modules_frozen:
            return False
        _modules_frozen = len(sys.modules)
        gc.freeze()
        return True
