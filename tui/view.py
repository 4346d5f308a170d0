"""What the table shows: the view state, owned by the UI thread alone. Pure: no Textual.

Workers never touch an :class:`ArchiveView`.  The UI thread asks it for a
:class:`Request` (an immutable corpus, the query, the order to list matches
in, and the rows to search among) and hands that to a worker; the worker
returns an immutable :class:`~tui.engine.Result`, which :meth:`ArchiveView.apply`
takes only if it was computed on the corpus and order shown now.  A result
from before a batch arrived or a sort changed is simply dropped.

Before the first batch there is no corpus: nothing here imports polars or
numpy until one arrives (the first frame must not wait for them).  The
synchronous helpers at the end (:meth:`ArchiveView.set_filter`,
:meth:`ArchiveView.sort_by`...) run the same engine on the calling thread,
for one-shot use (the CLI, tests).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

from tui.listing import Article, Diagnostic
from tui.query import EMPTY, Query, parse_query
from tui.sorting import DEFAULT_SORT, SortKey, cycled, keys_for, reversed_keys

if TYPE_CHECKING:
    from tui.corpus import Corpus
    from tui.engine import Result

# Results kept per corpus and order, by query text (narrowing and Backspace).
RESULTS = 64


class Rows(Sequence[int]):
    """Row indices (a read-only numpy array inside), as a sequence of ints."""

    __slots__ = ("array",)

    def __init__(self, array: Any = ()) -> None:
        self.array = array

    def __len__(self) -> int:
        return len(self.array)

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> Rows: ...

    def __getitem__(self, index: int | slice) -> int | Rows:
        if isinstance(index, slice):
            return Rows(self.array[index])
        return int(self.array[index])

    def __iter__(self) -> Iterator[int]:
        return iter(self.array.tolist() if hasattr(self.array, "tolist") else self.array)

    def __contains__(self, value: object) -> bool:
        return self.where(value) is not None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Rows | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def where(self, value: object) -> int | None:
        """The position of row ``value``, or None."""
        if not len(self.array) or not isinstance(value, int):
            return None
        import numpy as np

        found = np.flatnonzero(np.asarray(self.array) == value)
        return int(found[0]) if len(found) else None

    def index(self, value: Any, start: int = 0, stop: int | None = None) -> int:
        found = self.where(value)
        if found is None or found < start or (stop is not None and found >= stop):
            raise ValueError(f"{value!r} is not shown")
        return found

    def __repr__(self) -> str:
        return f"Rows({list(self)!r})"


@dataclass(frozen=True, slots=True)
class Request:
    """A search for a worker: everything it may read."""

    corpus: Corpus
    query: Query
    order: Any  # the row order (numpy) matches are listed in
    candidates: Any  # rows (in ``order``) an earlier result narrows to, or None


class ArchiveView:
    """The corpus shown, its sort, the query and the rows it matched (UI thread only)."""

    def __init__(self, corpus: Corpus | None = None, keys: Sequence[SortKey] = DEFAULT_SORT):
        self.corpus: Corpus | None = None
        self.sort_keys: tuple[SortKey, ...] = tuple(keys)
        self.row_order: Any = ()
        self.query: Query = EMPTY
        self.view = Rows()
        self.complete = True  # False while only a search's leading rows are shown
        self._results: OrderedDict[str, tuple[Query, Any]] = OrderedDict()
        if corpus is not None:
            from tui import orders

            self.set_corpus(corpus, orders.order(corpus, self.sort_keys))

    # -- what widgets read ---------------------------------------------------

    def __len__(self) -> int:
        return 0 if self.corpus is None else len(self.corpus)

    @property
    def articles(self) -> Sequence[Article]:
        """Every article (built from the columns on access)."""
        return () if self.corpus is None else self.corpus.articles

    def author_cells(self) -> int:
        """The widest author name in cells (the table's author column)."""
        return 0 if self.corpus is None else self.corpus.author_cells()

    @property
    def diagnostics(self) -> Sequence[Diagnostic]:
        return () if self.corpus is None else self.corpus.diagnostics

    @property
    def sections(self) -> Sequence[str]:
        return () if self.corpus is None else self.corpus.sections

    # -- searching -----------------------------------------------------------

    def request(self, query: Query) -> Request | None:
        """What a worker needs to search for ``query`` now (None: no corpus yet)."""
        if self.corpus is None:
            return None
        return Request(self.corpus, query, self.row_order, self._candidates(query))

    def cached(self, query: Query) -> Result | None:
        """An earlier complete result for ``query`` on this corpus and order."""
        from tui.engine import Result

        if self.corpus is None:
            return None
        if query.is_empty:
            return Result(self.corpus, query, self.row_order, self.row_order)
        found = self._results.get(query.text)
        return None if found is None else Result(self.corpus, query, self.row_order, found[1])

    def _candidates(self, query: Query) -> Any:
        """The smallest earlier result ``query`` provably narrows (``stalin -t``
        among ``stalin``'s rows), in sort order; None: every row."""
        best: Any = None
        for earlier, rows in list(self._results.values()):
            if earlier.ranked or not query.narrows(earlier):
                continue
            if best is None or len(rows) < len(best):
                best = rows
        return best

    def apply(self, result: Result) -> bool:
        """Show ``result`` if it was computed on what is shown now; a partial
        result is shown but never cached or narrowed from."""
        if result.corpus is not self.corpus or result.order is not self.row_order:
            return False
        self.query = result.query
        self.view = Rows(result.rows)
        self.complete = result.complete
        if result.complete and not result.query.is_empty and not result.query.ranked:
            key = result.query.text
            self._results[key] = (result.query, result.rows)
            self._results.move_to_end(key)
            while len(self._results) > RESULTS:
                self._results.popitem(last=False)
        return True

    # -- the corpus and the sort ---------------------------------------------

    def set_corpus(self, corpus: Corpus, order: Any) -> None:
        """Show ``corpus`` (a batch appended) sorted by ``order`` (the current
        keys' order, computed in a worker).  With no query every row shows at
        once; otherwise the old rows stay until the caller's new search lands."""
        self.corpus = corpus
        self.row_order = order
        self._results.clear()
        if self.query.is_empty:
            self.view = Rows(order)
            self.complete = True
        else:
            self.complete = False

    def set_sort(self, keys: Sequence[SortKey], order: Any) -> None:
        """Sort by ``keys`` (``order`` is their order of this corpus); the
        query's rows are kept, re-sorted.  A ranked query's rows are re-ranked
        by the caller (relevance first: :func:`tui.engine.rank`)."""
        self.sort_keys = tuple(keys)
        self.row_order = order
        self._results.clear()
        if self.corpus is None:
            return
        if self.query.is_empty:
            self.view = Rows(order)
        else:
            from tui import orders

            self.view = Rows(orders.resort(self.view.array, order, len(self.corpus)))

    def order(self) -> Rows:
        """Every row, in sort order."""
        return Rows(self.row_order)

    def position(self, article: int | None) -> int | None:
        """The row showing ``article``, or None."""
        return None if article is None else self.view.where(article)

    # -- synchronous use: the CLI and tests ----------------------------------

    def search(self, query: Query) -> Rows:
        """The rows ``query`` matches now (narrowing from earlier results)."""
        from tui import engine

        if self.corpus is None:
            return Rows()
        cached = self.cached(query)
        if cached is not None:
            return Rows(cached.rows)
        request = self.request(query)
        assert request is not None
        return Rows(engine.select(self.corpus, query, self.row_order, request.candidates))

    def set_filter(self, text: str) -> None:
        """Parse, search and apply in one step."""
        from tui.engine import Result

        query = parse_query(text)
        rows = self.search(query).array
        if self.corpus is not None:
            self.apply(Result(self.corpus, query, self.row_order, rows))

    def resort(self, keys: Sequence[SortKey]) -> None:
        """Sort by ``keys`` now (a ranked query is ranked again)."""
        from tui import engine, orders

        if self.corpus is None:
            self.sort_keys = tuple(keys)
            return
        self.set_sort(keys, orders.order(self.corpus, keys))
        if self.query.ranked:
            self.view = Rows(engine.rank(self.corpus, self.query, self.view.array))

    def sort_by(self, column: str, descending: bool | None = None) -> None:
        self.resort(keys_for(self.sort_keys, column, descending))

    def cycle_sort(self) -> None:
        self.resort(cycled(self.sort_keys))

    def reverse(self) -> None:
        self.resort(reversed_keys(self.sort_keys))
