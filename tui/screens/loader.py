"""The base of a screen whose archive is worked on in the background: loaded,
searched, sorted, a suggestion counted — all in workers.

The first frame comes before any parsing (and before polars is imported):
the load worker reads each listing from the cache or parses it, appends the
parts to a new immutable corpus each time and sorts it, and posts it; the
search and sort workers get immutable requests.  Only this screen, on the UI
thread, changes the :class:`~tui.view.ArchiveView`, and only with results
computed on the corpus and order it shows.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from tui.query import Budget, Query, QueryError, SearchCancelled, parse_query
from tui.sorting import SortKey, nearby
from tui.view import ArchiveView, Request

if TYPE_CHECKING:
    from tui.corpus import Corpus
    from tui.corpus_load import Event
    from tui.engine import Result

# Leading rows a search shows before its whole result (more than a tall screen).
PAGE_ROWS = 200


def load_parts(paths: Sequence[str], directory: Path | None) -> Iterator[Event]:
    """The load path's events (:func:`tui.corpus_load.load_parts`, imported
    when the worker starts: polars is not needed before)."""
    from tui.corpus_load import load_parts as parts

    return parts(paths, directory)


class Loaded(Message):
    """A load event; with a new part, the grown corpus and its order by ``keys``."""

    def __init__(
        self, event: Event, corpus: Corpus | None, keys: tuple[SortKey, ...], order: Any
    ) -> None:
        super().__init__()
        self.event = event
        self.corpus = corpus
        self.keys = keys
        self.order = order


class SearchDone(Message):
    """A worker's result; ``generation`` tells a stale one from the latest."""

    def __init__(self, generation: int, result: Result) -> None:
        super().__init__()
        self.generation = generation
        self.result = result


class SearchFailed(Message):
    """A worker's search stopped on a query error (a pattern over its budget)."""

    def __init__(self, generation: int, error: str) -> None:
        super().__init__()
        self.generation = generation
        self.error = error


class Sorted(Message):
    """The order of ``corpus`` by ``keys``, computed in a worker."""

    def __init__(self, corpus: Corpus, keys: tuple[SortKey, ...], order: Any) -> None:
        super().__init__()
        self.corpus = corpus
        self.keys = keys
        self.order = order


class Suggestion(Message):
    """How many articles ``fuzzy`` (the fuzzy form of ``text``) would match."""

    def __init__(self, text: str, fuzzy: str, count: int) -> None:
        super().__init__()
        self.text = text
        self.fuzzy = fuzzy
        self.count = count


class ArchiveScreen(Screen[None]):
    """Loads ``paths`` into ``archive`` after the first frame, and runs its
    searches and sorts in workers."""

    def __init__(self, archive: ArchiveView, paths: Sequence[str] = ()) -> None:
        super().__init__()
        self.archive = archive
        self._paths = list(paths)
        # The fraction of the listings loaded; None once done (or nothing to load).
        self.load_progress: float | None = 0.0 if paths else None
        self._generation = 0
        self._wanted: tuple[SortKey, ...] | None = None  # a sort waiting for its order

    # -- hooks for the screen ------------------------------------------------

    def batch_arrived(self, message: Loaded) -> None:
        """A load event was applied (the archive may show a bigger corpus)."""
        raise NotImplementedError

    def result_arrived(self, result: Result, same_query: bool) -> None:
        """``result`` is now the archive's view."""
        raise NotImplementedError

    def search_failed(self, error: str) -> None:
        """The latest search stopped on a query error."""
        raise NotImplementedError

    def sorted(self) -> None:
        """The archive was re-sorted."""
        raise NotImplementedError

    # -- loading ---------------------------------------------------------------

    def start_loading(self) -> None:
        if self._paths:
            self._load(self._paths, self.archive.corpus, self.archive.sort_keys)

    def sections(self) -> str:
        """The header's subtitle: the archive's sections."""
        sections = " · ".join(self.archive.sections)
        return sections or ("loading…" if self.load_progress is not None else "(no section)")

    @work(thread=True, exclusive=True, group="load")
    def _load(self, paths: list[str], corpus: Corpus | None, keys: tuple[SortKey, ...]) -> None:
        from tui import corpus_cache, orders  # polars: off the UI thread, after the first frame
        from tui.corpus_load import distinct_paths

        worker = get_current_worker()
        for event in load_parts(distinct_paths(paths), corpus_cache.default_dir()):
            if worker.is_cancelled:  # quit: stop parsing
                return
            grown: Corpus | None = None
            order = None
            if event.part is not None:
                grown = corpus = event.part if corpus is None else corpus.extend(event.part)
                order = orders.order(grown, keys)
                grown.author_cells()  # measured here, read by the table
            self.post_message(Loaded(event, grown, keys, order))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        event = message.event
        if event.error:
            self.notify(event.error, title="Not loaded", severity="error", markup=False)
        self.load_progress = None if event.done else event.fraction
        if message.corpus is not None:
            order = message.order
            if message.keys != self.archive.sort_keys:  # re-sorted meanwhile (rare)
                from tui import orders

                order = orders.order(message.corpus, self.archive.sort_keys)
            self.archive.set_corpus(message.corpus, order)
        self.sub_title = self.sections()
        self.batch_arrived(message)
        if event.done:
            # Whatever lives as long as the app: out of the collector's reach,
            # or every full pass walks it again.  Once, when everything is in.
            gc.freeze()
            self.warm_sorts()

    # -- searching ---------------------------------------------------------------

    def start_search(self, query: Query) -> None:
        """Show ``query``'s rows: at once if known, else from a worker."""
        self._generation += 1
        cached = self.archive.cached(query)
        if cached is not None:
            self.workers.cancel_group(self, "search")
            same = query.text == self.archive.query.text
            self.archive.apply(cached)
            self.result_arrived(cached, same)
            return
        request = self.archive.request(query)
        if request is not None:
            self._search(request, self._generation)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, request: Request, generation: int) -> None:
        # The worker is cancelled by the next keystroke's search (exclusive)
        # and on quit; the engine polls that between slices and stops.
        from tui import engine

        worker = get_current_worker()
        budget = Budget(stop=lambda: worker.is_cancelled)
        try:
            for result in engine.steps(
                request.corpus,
                request.query,
                request.order,
                request.candidates,
                budget,
                limit=PAGE_ROWS,
            ):
                if worker.is_cancelled:
                    return
                self.post_message(SearchDone(generation, result))
        except SearchCancelled:
            return
        except QueryError as error:  # a pattern over its time budget
            self.post_message(SearchFailed(generation, str(error)))

    @on(SearchDone)
    def _search_done(self, message: SearchDone) -> None:
        if message.generation != self._generation:
            return  # a newer keystroke's search is on its way
        same = message.result.query.text == self.archive.query.text
        if self.archive.apply(message.result):
            self.result_arrived(message.result, same)

    @on(SearchFailed)
    def _search_failed(self, message: SearchFailed) -> None:
        if message.generation == self._generation:
            self.search_failed(message.error)

    # -- sorting -----------------------------------------------------------------

    def sort(self, keys: tuple[SortKey, ...]) -> None:
        """Sort by ``keys``: at once when the order is known (precomputed),
        else once a worker has computed it."""
        corpus = self.archive.corpus
        if corpus is None:
            self.archive.sort_keys = keys
            self.sorted()
            return
        from tui import orders

        order = orders.cached(corpus, keys)
        if order is None:
            self._wanted = keys
            self._order(corpus, keys)
            return
        self._apply_sort(keys, order)

    def _apply_sort(self, keys: tuple[SortKey, ...], order: Any) -> None:
        self._wanted = None
        self.archive.set_sort(keys, order)
        if self.archive.query.ranked:  # relevance first: rank again, in a worker
            self.start_search(self.archive.query)
        self.sorted()
        self.warm_sorts()

    @work(thread=True, exclusive=True, group="order")
    def _order(self, corpus: Corpus, keys: tuple[SortKey, ...]) -> None:
        from tui import orders

        self.post_message(Sorted(corpus, keys, orders.order(corpus, keys)))

    @on(Sorted)
    def _sorted(self, message: Sorted) -> None:
        if message.corpus is self.archive.corpus and message.keys == self._wanted:
            self._apply_sort(message.keys, message.order)

    def warm_sorts(self) -> None:
        """Precompute, in a worker, the orders one key press away."""
        if self.archive.corpus is not None:
            self._warm_sorts(self.archive.corpus, self.archive.sort_keys)

    @work(thread=True, exclusive=True, group="warm")
    def _warm_sorts(self, corpus: Corpus, keys: tuple[SortKey, ...]) -> None:
        from tui import orders

        worker = get_current_worker()
        for near in nearby(keys):
            if worker.is_cancelled:
                return
            orders.order(corpus, near)

    # -- suggestions ---------------------------------------------------------------

    def suggest(self, text: str, fuzzy: str) -> None:
        """Count, in a worker, what query ``fuzzy`` would match instead of ``text``."""
        if self.archive.corpus is not None:
            self._suggest(self.archive.corpus, text, fuzzy)

    @work(thread=True, exclusive=True, group="suggest")
    def _suggest(self, corpus: Corpus, text: str, fuzzy: str) -> None:
        from tui import engine

        query = parse_query(fuzzy)
        try:
            count = len(engine.matching(corpus, query.root))
        except (QueryError, SearchCancelled):
            return
        if not get_current_worker().is_cancelled:
            self.post_message(Suggestion(text, fuzzy, count))
