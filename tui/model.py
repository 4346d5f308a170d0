"""The in-memory archive: articles plus a view of indices. Pure: no Textual import.

Filtering and sorting rebuild the *view* (a list of article indices), never
copies of articles.  Per-column ranks and whole-archive orders are computed
once and cached, so a sort toggle costs one keyed sort of the view, and a
filter walks candidates already in sorted order so its result needs no sort.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from tui.listing import Article, Diagnostic
from tui.query import EMPTY, SEP, Query, parse_query
from tui.text import fold

COLUMNS = ("date", "title", "author")
# The direction a column takes when it becomes the sort: newest first, A to Z.
DEFAULT_DESCENDING = {"date": True, "title": False, "author": False}
_RESULT_CACHE = 64


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


class Archive:
    """Articles, their folded haystacks, and the current filtered, sorted view."""

    def __init__(
        self,
        articles: Sequence[Article] = (),
        diagnostics: Sequence[Diagnostic] = (),
        sections: Sequence[str] = (),
    ) -> None:
        self.articles: list[Article] = list(articles)
        self.diagnostics: list[Diagnostic] = list(diagnostics)
        self.sections: list[str] = list(sections)
        self.haystacks: list[str] = [haystack(a) for a in self.articles]
        self.sort_keys: tuple[SortKey, ...] = DEFAULT_SORT
        self.query: Query = EMPTY
        self._ranks: dict[str, list[int]] = {}
        self._orders: dict[tuple[SortKey, ...], list[int]] = {}
        self._results: OrderedDict[str, list[int]] = OrderedDict()
        self.view: list[int] = list(self.order())

    def __len__(self) -> int:
        return len(self.articles)

    # -- sorting -----------------------------------------------------------

    def rank(self, column: str) -> list[int]:
        """Dense ascending rank of every article by ``column`` (cached)."""
        ranks = self._ranks.get(column)
        if ranks is None:
            keys: list[int] | list[str]
            if column == "date":
                keys = [a.date.toordinal() if a.date else 0 for a in self.articles]
            else:
                field = 0 if column == "title" else 1
                keys = [h.split(SEP, 2)[field] for h in self.haystacks]
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
        if order is None:
            order = list(range(len(self.articles)))
            for key in reversed(keys):
                order.sort(key=self.rank(key.column).__getitem__, reverse=key.descending)
            self._orders[keys] = order
        return order

    def set_sort(self, keys: Sequence[SortKey]) -> None:
        """Sort the view by ``keys``; the current filter is kept."""
        self.sort_keys = tuple(keys)
        order = self.order()
        if self.query.is_empty:
            self.view = list(order)
        else:
            position = [0] * len(order)
            for place, index in enumerate(order):
                position[index] = place
            self.view.sort(key=position.__getitem__)
        self._results.clear()

    def sort_by(self, column: str, descending: bool | None = None) -> None:
        """Make ``column`` the primary sort; the previous sort breaks ties."""
        if descending is None:
            current = self.sort_keys[0]
            if current.column == column:
                descending = not current.descending
            else:
                descending = DEFAULT_DESCENDING[column]
        rest = [k for k in self.sort_keys if k.column != column]
        self.set_sort([SortKey(column, descending), *rest][:3])

    def cycle_sort(self) -> None:
        """Move the primary sort to the next column, in its natural direction."""
        following = COLUMNS[(COLUMNS.index(self.sort_keys[0].column) + 1) % len(COLUMNS)]
        self.sort_by(following, DEFAULT_DESCENDING[following])

    def reverse(self) -> None:
        """Flip the primary sort's direction."""
        first = self.sort_keys[0]
        self.sort_by(first.column, not first.descending)

    # -- filtering ---------------------------------------------------------

    def search(self, query: Query) -> list[int]:
        """Indices matching ``query`` in sort order.  Reads state only, so it
        can run in a worker; narrows the last applied result when it can."""
        if query.is_empty:
            return list(self.order())
        cached = self._results.get(query.text)
        if cached is not None:
            return cached
        if not self.query.is_empty and query.narrows(self.query):
            candidates: Sequence[int] = self.view
        else:
            candidates = self.order()
        hay = self.haystacks
        result = list(candidates)
        for term in sorted(query.terms, key=len, reverse=True):
            result = [i for i in result if term in hay[i]]
        return result

    def apply(self, query: Query, indices: list[int]) -> None:
        """Make ``indices`` (from :meth:`search`) the view for ``query``."""
        self.query = query
        self.view = indices
        self._results[query.text] = indices
        self._results.move_to_end(query.text)
        while len(self._results) > _RESULT_CACHE:
            self._results.popitem(last=False)

    def set_filter(self, text: str) -> None:
        """Parse, search and apply in one step (the CLI and tests use this)."""
        query = parse_query(text)
        self.apply(query, self.search(query))
