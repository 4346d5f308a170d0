"""Where the time of opening a listing goes: the load path, phase by phase.

``python -m tui.bench.child load --path LISTING`` runs what the app's load
worker runs (no Textual): the imports it needs, then a cold open (an empty
cache directory: read and decode, parse into columns, fold, sort, and, after
everything is shown, the cache entry written) and a cached one (read the
entry, validate it, sort).  Each phase's seconds are summed over the calls
the load path makes (a big listing comes in several parts).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _timed(module: Any, name: str, label: str, totals: dict[str, float]) -> Callable[[], None]:
    """Wrap ``module.name`` to add its time to ``totals[label]``; an undo."""
    original = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            totals[label] = totals.get(label, 0.0) + time.perf_counter() - start

    setattr(module, name, wrapper)
    return lambda: setattr(module, name, original)


def _open(path: str, directory: Path) -> tuple[float, float, dict[str, float]]:
    """Seconds until every part is in (sorted), until the load path ends
    (cache written), and per phase."""
    from tui import columnar, corpus, corpus_cache, corpus_load, orders
    from tui.sorting import DEFAULT_SORT

    totals: dict[str, float] = {}
    undo = [
        _timed(corpus_load, "read_text", "read + decode", totals),
        _timed(columnar, "parse_columns", "parse", totals),
        _timed(corpus, "add_folded", "fold", totals),
        _timed(orders, "order", "sort", totals),
        _timed(corpus_cache, "read_bytes", "cache read", totals),
        _timed(corpus_cache, "parse_entry", "cache validate", totals),
        _timed(corpus_cache, "store", "cache write", totals),
    ]
    try:
        start = time.perf_counter()
        shown = 0.0
        grown = None
        for event in corpus_load.load_parts([path], directory):
            if event.part is not None:
                grown = event.part if grown is None else grown.extend(event.part)
                orders.order(grown, DEFAULT_SORT)
            if event.done:
                shown = time.perf_counter() - start
        return shown, time.perf_counter() - start, totals
    finally:
        for restore in undo:
            restore()


def measure_load(path: str, t0: float) -> dict[str, Any]:
    """Imports, then a cold and a cached open, phase by phase."""
    start = time.perf_counter()
    import numpy  # noqa: F401
    import polars  # noqa: F401
    import pyarrow  # noqa: F401

    imports = time.perf_counter() - start
    with tempfile.TemporaryDirectory(prefix="tui-bench-cache-") as tmp:
        directory = Path(tmp)
        cold, cold_all, cold_phases = _open(path, directory)
        cached, _, cached_phases = _open(path, directory)
    return {
        "imports_s": imports,
        "cold_s": cold,
        "cold_with_write_s": cold_all,
        "cold_phases": cold_phases,
        "cached_s": cached,
        "cached_phases": cached_phases,
    }
