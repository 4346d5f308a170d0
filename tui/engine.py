"""Search a corpus: the compiled query run over slices on every core. Pure: no Textual.

A search is a pure function of an immutable :class:`~tui.corpus.Corpus`, a
:class:`~tui.query.Query` and the order to list matches in (an array of row
indices, see :mod:`tui.orders`), so any worker may run it; its result is an
immutable :class:`Result` the UI thread applies or drops.

The frame is cut into slices, evaluated two (one per core) at a time in a
small thread pool; polars runs each outside the GIL, so the UI thread stays
responsive, and a cancelled search stops at the next slice boundary (its
:class:`~tui.query.Budget`'s ``stop``: SearchCancelled).  When the
candidates are a small part of the corpus (typing on from an earlier result),
only their rows are gathered and tested.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from tui.corpus import Corpus
from tui.engine_expr import Plan, compile_query, evaluate
from tui.orders import sort_expr
from tui.query import Budget, Query
from tui.query_eval import fuzzy_leaves
from tui.query_nodes import And, Dates, Node, Not, Or, Text
from tui.searchtext import folded
from tui.sorting import SortKey

Rows = np.ndarray[Any, np.dtype[np.int64]]
Mask = np.ndarray[Any, np.dtype[np.bool_]]
# Rows per slice (but at least one slice per core).
SLICE_ROWS = 1 << 16
# Below this many rows, one slice: threads would cost more than they save.
_MIN_SPLIT = 4096
# Candidates below this share of the corpus are gathered rather than the whole
# corpus tested (measured: see /work/notes/engine-notes.md).
GATHER_SHARE = 0.25
# From this many candidates, a search first reports a screenful of leading rows.
PARTIAL_MIN = 200_000
_PREFIX_ROWS = 1 << 14
_pool: ThreadPoolExecutor | None = None


def cores() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _executor() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(cores(), thread_name_prefix="search")
    return _pool


@dataclass(frozen=True, slots=True, eq=False)
class Result:
    """Rows of ``corpus`` matching ``query``, listed in the order ``order``
    (relevance first when the query ranks); ``complete`` is False for the
    leading rows only."""

    corpus: Corpus
    query: Query
    order: Rows
    rows: Rows
    complete: bool = True


def frozen(array: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """``array``, made read-only (results are shared between threads)."""
    array.flags.writeable = False
    return array


def mask(
    corpus: Corpus,
    node: Node,
    rows: Rows | None = None,
    budget: Budget | None = None,
) -> Mask:
    """Which of ``rows`` (default: every row, in row order) match ``node``."""
    plan = compile_query(corpus, node)
    frame = corpus.frame.select(sorted(plan.columns)) if plan.columns else corpus.frame[:, :1]
    if rows is not None:
        frame = frame[rows]
    return _run(plan, frame, budget or Budget())


def _run(plan: Plan, frame: pl.DataFrame, budget: Budget) -> Mask:
    """Evaluate ``plan`` on ``frame`` in slices, a round of one per core at a
    time (one at a time in this thread when Python evaluates a leaf: the GIL
    would serialise them anyway, and the budget is charged in order).  Raises
    SearchCancelled between slices once the budget's ``stop`` says so."""
    height = frame.height
    if height == 0:
        return np.zeros(0, dtype=np.bool_)
    workers = 1 if plan.fallbacks else cores()
    count = max(workers, -(-height // SLICE_ROWS)) if height >= _MIN_SPLIT else 1
    step = -(-height // count)
    slices = [frame.slice(start, step) for start in range(0, height, step)]
    out: list[Mask] = []
    for first in range(0, len(slices), workers):
        budget.checkpoint()
        batch = slices[first : first + workers]
        if len(batch) == 1:
            out.append(evaluate(plan, batch[0], budget).to_numpy())
        else:
            done = _executor().map(lambda part: evaluate(plan, part, budget).to_numpy(), batch)
            out.extend(done)
    budget.checkpoint()
    return np.concatenate(out) if len(out) > 1 else out[0]


def select(
    corpus: Corpus,
    query: Query,
    order: Rows,
    candidates: Rows | None = None,
    budget: Budget | None = None,
) -> Rows:
    """The rows matching ``query``, in ``order`` (relevance first when ranked).
    ``candidates`` (a subset of rows in ``order``'s order, e.g. an earlier
    result this query narrows) limits the search."""
    if query.is_empty:
        return order
    found = matching(corpus, query.root, candidates, budget)
    if candidates is None:  # row order: into the sort order
        member = np.zeros(len(corpus), dtype=np.bool_)
        member[found] = True
        found = order[member[order]]
    return rank(corpus, query, found) if query.ranked else found


def matching(
    corpus: Corpus,
    node: Node,
    rows: Rows | None = None,
    budget: Budget | None = None,
) -> Rows:
    """The ``rows`` (None: all, in row order) that match ``node``.  The terms
    of an AND run one after the other, cheapest first, each over the rows the
    ones before kept (gathered once few enough are left)."""
    terms = node.children if isinstance(node, And) and node.children else (node,)
    for term in sorted(terms, key=cost):
        if rows is not None and not len(rows):
            break
        if rows is not None and len(rows) < GATHER_SHARE * len(corpus):
            rows = rows[mask(corpus, term, rows, budget)]
        else:
            hits = mask(corpus, term, None, budget)
            rows = np.flatnonzero(hits) if rows is None else rows[hits[rows]]
    assert rows is not None
    return rows


def cost(node: Node) -> float:
    """A rough cost per row, to run cheap (and likely selective) terms first."""
    if isinstance(node, Dates):
        return 0.0
    if isinstance(node, Text):
        base = {"substring": 1.0, "word": 3.0, "regex": 20.0, "fuzzy": 10.0}.get(node.kind, 5.0)
        return base + (0 if node.field is None else 0.5) - min(len(node.text), 30) / 100
    if isinstance(node, Not):
        return cost(node.child) + 1.0
    if isinstance(node, And | Or):
        return sum(cost(child) for child in node.children) + 1.0
    return 50.0


def steps(
    corpus: Corpus,
    query: Query,
    order: Rows,
    candidates: Rows | None = None,
    budget: Budget | None = None,
    limit: int = 200,
) -> Iterator[Result]:
    """:func:`select` as results: first, on a big search, the leading rows
    (when a prefix of the candidates yields ``limit`` of them), then all."""
    base = order if candidates is None else candidates
    if not query.is_empty and not query.ranked and len(base) >= PARTIAL_MIN:
        head = base[:_PREFIX_ROWS]
        found = head[mask(corpus, query.root, head, budget)]
        if len(found) >= limit:
            yield Result(corpus, query, order, frozen(found), complete=False)
    rows = select(corpus, query, order, candidates, budget)
    yield Result(corpus, query, order, frozen(rows))


def select_sorted(
    corpus: Corpus, query: Query, keys: Sequence[SortKey], budget: Budget | None = None
) -> Rows:
    """What a view sorted by ``keys`` shows for ``query``, for one-shot use
    (``list``): only the matches are sorted, stably from row order, which is
    the whole order restricted to them (no whole-corpus order is computed)."""
    if query.is_empty:
        rows: Rows = np.arange(len(corpus), dtype=np.int64)
    else:
        rows = matching(corpus, query.root, None, budget)
    if len(rows) > 1 and keys:
        columns = sorted({"date" if k.column == "date" else folded(k.column) for k in keys})
        picked = corpus.frame.select(columns)[rows].select(
            pl.arg_sort_by(
                [sort_expr(k.column) for k in keys],
                descending=[k.descending for k in keys],
                maintain_order=True,
            )
        )
        rows = rows[picked.to_series().to_numpy()]
    return rank(corpus, query, rows) if query.ranked else rows


def rank(corpus: Corpus, query: Query, rows: Rows) -> Rows:
    """``rows`` (in sort order) by relevance to the fuzzy terms, best first;
    the sort order breaks ties (a stable sort)."""
    scores = relevance(corpus, query, rows)
    ranked: Rows = rows[np.argsort(-scores, kind="stable")]
    return ranked


def relevance(corpus: Corpus, query: Query, rows: Sequence[int] | Rows) -> np.ndarray[Any, Any]:
    """Each row's relevance: rapidfuzz's partial ratio of each fuzzy term
    against its best field, summed over the fuzzy terms."""
    from rapidfuzz import fuzz, process

    index = pl.Series(np.asarray(rows, dtype=np.int64))
    total = np.zeros(len(index), dtype=np.float64)
    columns: dict[str, list[str]] = {}
    for leaf in fuzzy_leaves(query.root):
        best = np.zeros(len(index), dtype=np.float64)
        for name in leaf.fields:
            column = columns.get(name)
            if column is None:
                column = columns[name] = corpus.frame[folded(name)].gather(index).to_list()
            row = process.cdist(
                [leaf.text], column, scorer=fuzz.partial_ratio, workers=1, dtype=np.float64
            )[0]
            best = np.maximum(best, row)
        total += best
    return total
