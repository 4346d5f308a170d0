"""What the table shows: the view state, owned by the UI thread alone. Pure: no Textual.

Workers never touch a :class:`ViewState`.  The UI thread asks it for a
:class:`Request` (an immutable corpus, the query, the order to list matches
in, and the rows to search among) and hands that to a worker; the worker
returns an immutable :class:`~tui.engine.Result`, which :meth:`ViewState.apply`
takes only if it was computed on the corpus and order shown now.  A result
from before a batch arrived or a sort changed is simply dropped.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tui import orders
from tui.corpus import Corpus
from tui.engine import Result, Rows, frozen
from tui.model import COLUMNS, DEFAULT_DESCENDING, DEFAULT_SORT, SortKey
from tui.query import EMPTY, Query

# Results kept per corpus and order, by query text (narrowing and Backspace).
RESULTS = 64


@dataclass(frozen=True, slots=True)
class Request:
    """A search for a worker: everything it may read."""

    corpus: Corpus
    query: Query
    order: Rows
    candidates: Rows | None  # rows (in ``order``) an earlier result narrows to


class ViewState:
    """The corpus shown, its sort, the query and the rows it matched (UI thread only)."""

    def __init__(self, corpus: Corpus | None = None, keys: Sequence[SortKey] = DEFAULT_SORT):
        self.corpus = Corpus.empty() if corpus is None else corpus
        self.keys: tuple[SortKey, ...] = tuple(keys)
        self.order: Rows = orders.order(self.corpus, self.keys)
        self.query: Query = EMPTY
        self.rows: Rows = self.order
        self.complete = True  # False while only a search's leading rows are shown
        self._results: OrderedDict[str, tuple[Query, Rows]] = OrderedDict()

    def __len__(self) -> int:
        return len(self.rows)

    # -- searching -----------------------------------------------------------

    def request(self, query: Query) -> Request:
        """What a worker needs to search for ``query`` now."""
        return Request(self.corpus, query, self.order, self._candidates(query))

    def cached(self, query: Query) -> Result | None:
        """An earlier complete result for ``query`` on this corpus and order."""
        if query.is_empty:
            return Result(self.corpus, query, self.order, self.order)
        found = self._results.get(query.text)
        return None if found is None else Result(self.corpus, query, self.order, found[1])

    def _candidates(self, query: Query) -> Rows | None:
        """The smallest earlier result ``query`` provably narrows (``stalin -t``
        among ``stalin``'s rows), in sort order; None: every row."""
        best: Rows | None = None
        for earlier, rows in self._results.values():
            if earlier.ranked or not query.narrows(earlier):
                continue
            if best is None or len(rows) < len(best):
                best = rows
        return best

    def apply(self, result: Result) -> bool:
        """Show ``result`` if it was computed on what is shown now; a partial
        result is shown but never cached or narrowed from."""
        if result.corpus is not self.corpus or result.order is not self.order:
            return False
        self.query = result.query
        self.rows = result.rows
        self.complete = result.complete
        if result.complete and not result.query.is_empty:
            key = result.query.text
            if not result.query.ranked:
                self._results[key] = (result.query, result.rows)
                self._results.move_to_end(key)
            while len(self._results) > RESULTS:
                self._results.popitem(last=False)
        return True

    # -- the corpus and the sort ---------------------------------------------

    def set_corpus(self, corpus: Corpus, order: Rows) -> None:
        """Show ``corpus`` (a batch appended) sorted by ``order`` (the current
        keys' order, computed in a worker).  With no query every row shows at
        once; otherwise the old rows stay until the caller's new search lands."""
        self.corpus = corpus
        self.order = order
        self._results.clear()
        if self.query.is_empty:
            self.rows = order
            self.complete = True
        else:
            self.complete = False

    def set_sort(self, keys: Sequence[SortKey], order: Rows) -> None:
        """Sort by ``keys`` (``order`` is their order of this corpus); the
        query's rows are kept, re-sorted (relevance still first when ranked)."""
        self.keys = tuple(keys)
        self.order = order
        self._results.clear()
        if self.query.is_empty:
            self.rows = order
        elif self.query.ranked:
            from tui.engine import rank

            self.rows = frozen(rank(self.corpus, self.query, self._resorted()))
        else:
            self.rows = frozen(self._resorted())

    def _resorted(self) -> Rows:
        return orders.resort(np.asarray(self.rows), self.order, len(self.corpus))

    def keys_for(self, column: str, descending: bool | None = None) -> tuple[SortKey, ...]:
        """The sort keys after making ``column`` primary (None: toggle, or the
        column's natural direction); the previous sort breaks ties."""
        if descending is None:
            current = self.keys[0]
            if current.column == column:
                descending = not current.descending
            else:
                descending = DEFAULT_DESCENDING[column]
        rest = [k for k in self.keys if k.column != column]
        return (SortKey(column, descending), *rest)[:3]

    def cycled(self) -> tuple[SortKey, ...]:
        """The keys after moving the primary sort to the next column."""
        following = COLUMNS[(COLUMNS.index(self.keys[0].column) + 1) % len(COLUMNS)]
        return self.keys_for(following, DEFAULT_DESCENDING[following])

    def reversed(self) -> tuple[SortKey, ...]:
        """The keys after flipping the primary sort's direction."""
        first = self.keys[0]
        return self.keys_for(first.column, not first.descending)
