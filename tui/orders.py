"""Sort orders of a corpus: every row index sorted by a tuple of sort keys. Pure.

A filtered view in an order is ``order[mask[order]]``, so re-sorting a view
never sorts its rows again.  An order comes from polars' multi-column
``arg_sort_by`` (stable: ties keep row order, exactly as the multi-pass sort
it replaces), which compares titles only where the keys before tie: 1.6-3.7
times faster than numpy's lexsort over per-column dense ranks (measured, see
the engine notes).  Orders are pure functions of an immutable corpus, so they
are memoised on it: any thread may compute one, and two computations agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl

from tui.corpus import Corpus
from tui.searchtext import folded
from tui.sorting import SortKey

Rows = np.ndarray[Any, np.dtype[np.int64]]


def sort_expr(column: str) -> pl.Expr:
    """What ``column`` sorts by: the date's day (undated first, as day 0), or
    the folded title or author (by code point)."""
    return pl.col("date").fill_null(0) if column == "date" else pl.col(folded(column))


def order(corpus: Corpus, keys: Sequence[SortKey]) -> Rows:
    """Every row index sorted by ``keys`` (the first is primary); ties keep
    row order."""
    keys = tuple(keys)
    memo = f"order:{keys}"
    found = corpus._memo.get(memo)
    if found is None:
        if not len(corpus) or not keys:
            result: Rows = np.arange(len(corpus), dtype=np.int64)
        else:
            picked = pl.arg_sort_by(
                [sort_expr(key.column) for key in keys],
                descending=[key.descending for key in keys],
                maintain_order=True,
            )
            result = corpus.frame.select(picked).to_series().to_numpy().astype(np.int64)
        result.flags.writeable = False
        found = corpus._memo[memo] = result
    assert isinstance(found, np.ndarray)
    return found


def cached(corpus: Corpus, keys: Sequence[SortKey]) -> Rows | None:
    """The order by ``keys`` if it was computed already (no work here)."""
    found = corpus._memo.get(f"order:{tuple(keys)}")
    return found if isinstance(found, np.ndarray) else None


def resort(rows: Rows, new_order: Rows, size: int) -> Rows:
    """``rows`` (any subset of ``size`` rows) in ``new_order``'s order."""
    member = np.zeros(size, dtype=np.bool_)
    member[rows] = True
    sorted_rows: Rows = new_order[member[new_order]]
    return sorted_rows
