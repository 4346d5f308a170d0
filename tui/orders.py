"""Sort orders of a corpus: numpy's lexsort over per-column dense ranks. Pure.

An order is every row index sorted by a tuple of sort keys; a filtered view
in that order is ``order[mask[order]]``, so re-sorting a view never sorts
its rows again.  Ranks and orders are pure functions of an immutable corpus,
so they are memoised on it: any thread may compute one, and a second
computation would give the same array.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from tui.corpus import Corpus
from tui.model import SortKey
from tui.searchtext import folded

Rows = np.ndarray[Any, np.dtype[np.int64]]


def ranks(corpus: Corpus, column: str) -> np.ndarray[Any, Any]:
    """Dense ascending rank of every row by ``column`` (date: the day, undated
    first; title and author: the folded text, by code point)."""
    key = f"rank:{column}"
    found = corpus._memo.get(key)
    if found is None:
        if column == "date":
            values = corpus.frame["date"].fill_null(0)
        else:
            values = corpus.frame[folded(column)]
        rank = values.rank("dense").to_numpy().astype(np.int64, copy=False)
        rank.flags.writeable = False
        found = corpus._memo[key] = rank
    assert isinstance(found, np.ndarray)
    return found


def order(corpus: Corpus, keys: Sequence[SortKey]) -> Rows:
    """Every row index sorted by ``keys`` (the first is primary); ties keep
    row order (a stable sort, as the multi-pass sort it replaces)."""
    keys = tuple(keys)
    memo = f"order:{keys}"
    found = corpus._memo.get(memo)
    if found is None:
        if not len(corpus):
            result: Rows = np.zeros(0, dtype=np.int64)
        else:
            columns = [
                -ranks(corpus, key.column) if key.descending else ranks(corpus, key.column)
                for key in reversed(keys)  # lexsort's last key is the primary one
            ]
            result = np.lexsort(columns).astype(np.int64, copy=False)
        result.flags.writeable = False
        found = corpus._memo[memo] = result
    assert isinstance(found, np.ndarray)
    return found


def resort(rows: Rows, new_order: Rows, size: int) -> Rows:
    """``rows`` (any subset of ``size`` rows) in ``new_order``'s order."""
    member = np.zeros(size, dtype=np.bool_)
    member[rows] = True
    sorted_rows: Rows = new_order[member[new_order]]
    return sorted_rows
