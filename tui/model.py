"""The in-memory archive: articles plus a view of indices. Pure: no Textual import.

Filtering and sorting rebuild the *view* (a list of article indices), never
copies of articles.  Per-column ranks and whole-archive orders are computed
once and cached, so a sort toggle costs one keyed sort of the view, and a
filter walks candidates already in sorted order so its result needs no sort.
"""

from __future__ import annotations

import codecs
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.listing import Article, Diagnostic
from tui.query import EMPTY, SEP, Budget, Query, parse_query
from tui.text import fold

if TYPE_CHECKING:
    from tui.index import TrigramIndex
    from tui.query_eval import Context

COLUMNS = ("date", "title", "author")
# The direction a column takes when it becomes the sort: newest first, A to Z.
DEFAULT_DESCENDING = {"date": True, "title": False, "author": False}
_RESULT_CACHE = 64
# From this many candidates on, a search first yields its leading rows.
PARTIAL_MIN = 20_000
# From this many articles on, orders come from numpy's lexsort on the ranks
# (imported lazily: small archives and the CLI never pay for numpy).
_NUMPY_SORT = 20_000
# Between articles in a bulk fold; never in article text (controls are removed).
_ARTICLE_SEP = "\x1e"
_NON_ASCII = re.compile(rb"[\x80-\xff]+")


@dataclass(frozen=True, slots=True)
class SortKey:
    """One sort column and its direction."""

    column: str
    descending: bool

    def __str__(self) -> str:
        return f"{'-' if self.descending else ''}{self.column}"


DEFAULT_SORT = (SortKey("date", True), SortKey("title", False))


def haystack(article: Article) -> str:
    """The folded text a plain term is searched in, fields joined by :data:`SEP`."""
    date = f"{article.date_text} {article.iso_date}"
    fields = (article.title, article.author, article.caption or "", article.summary, date)
    return fold(SEP.join(fields))


def haystacks(articles: Sequence[Article]) -> list[str]:
    """:func:`haystack` of each article, folded in bulk (about 5x faster).

    Folding is per character and ASCII folds to lower case (the backtick to a
    quote), so the text is encoded as ASCII with :func:`_fold_run` folding each
    run of other characters (each distinct run once), then the ASCII bytes are
    lowered in one C pass.
    """
    if not articles:
        return []
    raw = _ARTICLE_SEP.join(
        [
            SEP.join((a.title, a.author, a.caption or "", a.summary, f"{a.date_text} {a.iso_date}"))
            for a in articles
        ]
    )
    if raw.isascii():
        folded = raw.lower().replace("`", "'")
    else:
        try:
            encoded = raw.encode("ascii", "tui.fold")
        except _Refold:  # rare: fold the ASCII bytes first, then each run
            encoded = _NON_ASCII.sub(
                lambda m: fold(m.group().decode()).encode(),
                raw.encode().lower().replace(b"`", b"'"),
            )
        else:
            encoded = encoded.lower().replace(b"`", b"'")
        folded = encoded.decode()
    return folded.split(_ARTICLE_SEP)


class _Refold(Exception):
    """A run folds to text the ASCII pass would change again (``｀`` to a backtick)."""


# Folded runs of non-ASCII characters, by run (short runs only: long ones rarely repeat).
_FOLDED_RUNS: dict[str, bytes] = {}
_ASCII_CHANGES = re.compile("[A-Z`]")


def _fold_run(error: UnicodeError) -> tuple[bytes, int]:
    """The ``tui.fold`` encoding error handler: a non-ASCII run, folded."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    run = error.object[error.start : error.end]
    done = _FOLDED_RUNS.get(run)
    if done is None:
        folded = fold(run)
        if _ASCII_CHANGES.search(folded):
            raise _Refold
        done = folded.encode()
        if len(run) <= 8:
            if len(_FOLDED_RUNS) >= 50_000:
                _FOLDED_RUNS.clear()
            _FOLDED_RUNS[run] = done
    return done, error.end


codecs.register_error("tui.fold", _fold_run)


class Archive:
    """Articles, their folded haystacks, and the current filtered, sorted view."""

    def __init__(
        self,
        articles: Sequence[Article] = (),
        diagnostics: Sequence[Diagnostic] = (),
        sections: Sequence[str] = (),
        folded: Sequence[str] | None = None,
    ) -> None:
        self.articles: list[Article] = list(articles)
        self.diagnostics: list[Diagnostic] = list(diagnostics)
        self.sections: list[str] = list(sections)
        # ``folded``: the haystacks when already built (the CLI's parse cache).
        self.haystacks: list[str] = haystacks(self.articles) if folded is None else list(folded)
        if len(self.haystacks) != len(self.articles):
            raise ValueError("one haystack per article")
        self.sort_keys: tuple[SortKey, ...] = DEFAULT_SORT
        self.query: Query = EMPTY
        # The trigram prefilter, built in the background once loading is done
        # (see :meth:`build_index`); searches scan until it is there.
        self.index: TrigramIndex | None = None
        self._ranks: dict[str, list[int]] = {}
        self._orders: dict[tuple[SortKey, ...], list[int]] = {}
        self._positions: dict[tuple[SortKey, ...], list[int]] = {}
        # Recently applied results (in sort order unless ranked), by query text.
        self._results: OrderedDict[str, tuple[Query, list[int]]] = OrderedDict()
        # False while the view misses articles added since the last search.
        self._view_complete = True
        # The whole order until a filter applies; computed when first read,
        # so a one-shot :meth:`select` (the CLI) never sorts every article.
        self._view: list[int] | None = None

    def __len__(self) -> int:
        return len(self.articles)

    @property
    def view(self) -> list[int]:
        """The article indices shown: filtered, in sort (or relevance) order."""
        if self._view is None:
            self._view = list(self.order())
        return self._view

    @view.setter
    def view(self, indices: list[int]) -> None:
        self._view = indices

    def extend(
        self,
        articles: Sequence[Article],
        diagnostics: Sequence[Diagnostic] = (),
        folded: Sequence[str] | None = None,
    ) -> None:
        """Add articles (a loading chunk); ``folded`` are their haystacks if
        already built (off the UI thread).  With no filter the view shows
        them at once; with one, the caller searches again (the view is then
        marked incomplete so that search does not narrow from it)."""
        if not articles and not diagnostics:
            return
        self.articles.extend(articles)
        self.haystacks.extend(folded if folded is not None else haystacks(articles))
        self.diagnostics.extend(diagnostics)
        self.index = None
        self._ranks.clear()
        self._orders.clear()
        self._positions.clear()
        self._results.clear()
        if self.query.is_empty:
            self.view = list(self.order())
        else:
            self._view_complete = False

    def build_index(self) -> TrigramIndex:
        """Build the trigram prefilter for the current articles (slow: run it
        in a worker) and make searches use it."""
        from tui.index import TrigramIndex

        index = TrigramIndex.build(self.haystacks)
        if index.size == len(self.articles):
            self.index = index
        return index

    # -- sorting -----------------------------------------------------------

    def rank(self, column: str) -> list[int]:
        """Dense ascending rank of every article by ``column`` (cached)."""
        ranks = self._ranks.get(column)
        if ranks is None or len(ranks) != len(self.articles):
            keys = sort_values(self, column, range(len(self.articles)))
            order = sorted(range(len(keys)), key=keys.__getitem__)
            ranks = [0] * len(keys)
            previous: object = None
            value = -1
            for index in order:
                if keys[index] != previous:
                    value += 1
                    previous = keys[index]
                ranks[index] = value
            self._ranks[column] = ranks
        return ranks

    def order(self, keys: tuple[SortKey, ...] | None = None) -> list[int]:
        """All article indices sorted by ``keys`` (cached per key tuple)."""
        keys = keys or self.sort_keys
        order = self._orders.get(keys)
        if order is None or len(order) != len(self.articles):
            if len(self.articles) >= _NUMPY_SORT:
                order = self._lexsort(keys)
            else:
                order = list(range(len(self.articles)))
                for key in reversed(keys):
                    order.sort(key=self.rank(key.column).__getitem__, reverse=key.descending)
            self._orders[keys] = order
        return order

    def _lexsort(self, keys: tuple[SortKey, ...]) -> list[int]:
        """The same order as the stable multi-pass sort, from numpy's lexsort."""
        import numpy as np

        columns = []
        for key in reversed(keys):  # lexsort's last key is the primary one
            rank = np.array(self.rank(key.column), dtype=np.int64)
            columns.append(-rank if key.descending else rank)
        order: list[int] = np.lexsort(columns).tolist()
        return order

    def positions(self, keys: tuple[SortKey, ...] | None = None) -> list[int]:
        """Each article's place in the order for ``keys`` (the inverse
        permutation; cached with the order)."""
        keys = keys or self.sort_keys
        order = self.order(keys)
        cached = self._positions.get(keys)
        if cached is not None and len(cached) == len(order):
            return cached
        position = [0] * len(order)
        for place, index in enumerate(order):
            position[index] = place
        self._positions[keys] = position
        return position

    def keys_for(self, column: str, descending: bool | None = None) -> tuple[SortKey, ...]:
        """The sort keys after making ``column`` primary (None: toggle or the
        column's natural direction); the previous sort breaks ties."""
        if descending is None:
            current = self.sort_keys[0]
            if current.column == column:
                descending = not current.descending
            else:
                descending = DEFAULT_DESCENDING[column]
        rest = [k for k in self.sort_keys if k.column != column]
        return (SortKey(column, descending), *rest)[:3]

    def warm_sorts(self) -> None:
        """Compute ahead the ranks, orders and positions one key press away
        (``s``, ``r``, a header click), so that a sort toggle finds them
        cached.  It only fills caches, so it can run in a worker."""
        for column in COLUMNS:
            self.rank(column)
        for column in COLUMNS:
            for descending in (True, False):
                self.positions(self.keys_for(column, descending))

    def set_sort(self, keys: Sequence[SortKey]) -> None:
        """Sort the view by ``keys``; the current filter is kept."""
        self.sort_keys = tuple(keys)
        order = self.order()
        if self.query.is_empty:
            self.view = list(order)
        else:
            self.view = sorted(self.view, key=self.positions().__getitem__)
            if self.query.ranked:
                self.view = self.by_relevance(self.query, self.view)
        self._results.clear()

    def sort_by(self, column: str, descending: bool | None = None) -> None:
        """Make ``column`` the primary sort; the previous sort breaks ties."""
        self.set_sort(self.keys_for(column, descending))

    def cycle_sort(self) -> None:
        """Move the primary sort to the next column, in its natural direction."""
        following = COLUMNS[(COLUMNS.index(self.sort_keys[0].column) + 1) % len(COLUMNS)]
        self.sort_by(following, DEFAULT_DESCENDING[following])

    def reverse(self) -> None:
        """Flip the primary sort's direction."""
        first = self.sort_keys[0]
        self.sort_by(first.column, not first.descending)

    # -- filtering ---------------------------------------------------------

    def search(self, query: Query, budget: Budget | None = None) -> list[int]:
        """Indices matching ``query`` in sort order.  Reads state only, so it
        can run in a worker; narrows the last applied result when it can.
        ``budget``: see :meth:`Query.search`."""
        if query.is_empty:
            return list(self.order())
        cached = self._results.get(query.text)
        if cached is not None:
            return cached[1]
        candidates = self._candidates(query)
        result = query.search(self, candidates, self._usable_index(), budget)
        if query.ranked and budget is not None:
            budget.checkpoint()
        return self.by_relevance(query, result) if query.ranked else result

    def _usable_index(self) -> TrigramIndex | None:
        """The index, if it covers every article (it lags while loading)."""
        index = self.index
        return index if index is not None and index.size == len(self.articles) else None

    def search_steps(
        self,
        query: Query,
        limit: int,
        min_candidates: int = PARTIAL_MIN,
        budget: Budget | None = None,
    ) -> Iterator[tuple[list[int], bool]]:
        """Search in steps over one candidate list: first, when a growing prefix
        of the candidates yields ``limit`` matches early, ``(leading rows,
        False)`` so the app can paint a screenful; then ``(all rows, True)``,
        which goes on from where the prefix stopped (no candidate is tested
        twice).  Few candidates, relevance ranking or a cached result give the
        whole result in one step.  One ``budget`` covers all the steps."""
        budget = budget or Budget()
        if query.is_empty or query.ranked or query.text in self._results:
            yield self.search(query, budget), True
            return
        candidates = self._candidates(query)
        index = self._usable_index()
        found: list[int] = []
        start, step = 0, 2048
        if len(candidates) >= max(1, min_candidates):
            while start < len(candidates) // 4:
                found += query.search(self, candidates[start : start + step], index, budget)
                start += step
                if len(found) >= limit:
                    yield found, False
                    break
                step *= 2
        yield found + query.search(self, candidates[start:], index, budget), True

    def _candidates(self, query: Query) -> Sequence[int]:
        """The smallest earlier result ``query`` provably narrows, in sort order
        (``stalin -t`` searches among ``stalin``'s rows), else every article."""
        best: Sequence[int] = self.order()
        if not self._view_complete:
            return best
        if not self.query.is_empty and query.narrows(self.query):
            best = self.view
            if self.query.ranked:  # back to sort order, so ties rank by the sort
                best = sorted(best, key=self.positions().__getitem__)
        for earlier, result in list(self._results.values()):  # a snapshot: apply() may run
            if len(result) < len(best) and not earlier.ranked and query.narrows(earlier):
                best = result
        return best

    def by_relevance(self, query: Query, indices: list[int]) -> list[int]:
        """``indices`` (in sort order) by relevance to the query's fuzzy terms,
        best first; the sort keys break ties (the sort is stable)."""
        return by_relevance(self, query, indices)

    def select(self, query: Query, keys: Sequence[SortKey]) -> list[int]:
        """:func:`select` on this archive (what the CLI runs, on its own context)."""
        return select(self, query, keys)

    def apply(self, query: Query, indices: list[int], *, complete: bool = True) -> None:
        """Make ``indices`` (from :meth:`search`) the view for ``query``; a
        partial view (a first step of :meth:`search_steps`) is shown but never narrowed
        from or cached."""
        self.query = query
        self.view = indices
        self._view_complete = complete
        if not complete:
            return
        self._results[query.text] = (query, indices)
        self._results.move_to_end(query.text)
        while len(self._results) > _RESULT_CACHE:
            self._results.popitem(last=False)

    def set_filter(self, text: str) -> None:
        """Parse, search and apply in one step (the CLI and tests use this)."""
        query = parse_query(text)
        self.apply(query, self.search(query))


# -- for any context (the CLI's articles are built on access) -------------


def sort_values(ctx: Context, column: str, indices: Iterable[int]) -> list[int] | list[str]:
    """What ``column`` sorts the articles at ``indices`` by (folded text, or
    the date's ordinal with 0 for none)."""
    if column == "date":
        articles = ctx.articles
        return [d.toordinal() if (d := articles[i].date) else 0 for i in indices]
    hay = ctx.haystacks
    if column == "title":  # sliced, not split: no copy of the long rest
        return [(h := hay[i])[: h.index(SEP)] for i in indices]
    return [(h := hay[i])[(a := h.index(SEP) + 1) : h.index(SEP, a)] for i in indices]


def by_relevance(ctx: Context, query: Query, indices: list[int]) -> list[int]:
    """``indices`` (in sort order) by relevance to the query's fuzzy terms,
    best first; the sort keys break ties (the sort is stable)."""
    scores = query.scores(ctx, indices)
    places = sorted(range(len(indices)), key=lambda k: -scores[k])
    return [indices[k] for k in places]


def select(ctx: Context, query: Query, keys: Sequence[SortKey]) -> list[int]:
    """What :meth:`Archive.set_sort` to ``keys`` then :meth:`Archive.search`
    give, for one-shot use (the CLI): only the matches are sorted, by plain
    values, so no whole-archive ranks, orders or numpy are needed, and only
    the matches' articles are read.  A stable sort from index order, key by
    key, is the whole order restricted to the matches."""
    found = query.search(ctx, range(len(ctx.haystacks)))
    for key in reversed(keys):
        values = sort_values(ctx, key.column, found)
        places = sorted(range(len(found)), key=values.__getitem__, reverse=key.descending)
        found = [found[k] for k in places]
    return by_relevance(ctx, query, found) if query.ranked else found
