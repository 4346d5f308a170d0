"""Searches, loading and sorting at once: no search ever returns rows of a
half-built corpus, and the view state takes only results computed on what it
shows.  Workers get immutable requests; the "UI thread" (this test's main
thread) alone changes the view state, from a message queue as the app does."""

from __future__ import annotations

import queue
import threading

import numpy as np

from tui import engine, orders
from tui.bench.generate import generate_listing
from tui.corpus import Corpus
from tui.listing import parse_text
from tui.query import parse_query
from tui.sorting import DEFAULT_SORT, SortKey
from tui.view import ArchiveView, Request

QUERIES = ["stalin", "s", "a:woods -stalin", "date:2000..", "'the", "~rvl", "zzqx", "e | o"]
SORTS = [
    DEFAULT_SORT,
    (SortKey("author", False),),
    (SortKey("title", True), SortKey("date", False)),
]


def _parts(count: int) -> list[Corpus]:
    listing = parse_text(generate_listing(count * 150, seed=8), "g.txt")
    size = len(listing.articles) // count
    return [
        Corpus.from_articles(listing.articles[k * size : (k + 1) * size], (), [listing.section])
        for k in range(count)
    ]


def _check(result: engine.Result) -> None:
    """The rows are exactly the query's matches in this result's own corpus,
    listed in its order."""
    corpus, rows = result.corpus, result.rows.tolist()
    assert all(0 <= row < len(corpus) for row in rows)
    articles = corpus.take(range(len(corpus)))
    expected = [i for i in result.order.tolist() if result.query.matches_article(articles[i])]
    if result.query.ranked:
        assert sorted(rows) == sorted(expected)
    elif result.complete:
        assert rows == expected
    else:
        assert rows == expected[: len(rows)]


def test_searches_while_batches_arrive_and_sorts_change() -> None:
    parts = _parts(6)
    inbox: queue.Queue[tuple[str, object]] = queue.Queue()
    requests: queue.Queue[Request | None] = queue.Queue()
    results: list[engine.Result] = []

    def loader() -> None:  # the loader worker: builds each new corpus and its order
        corpus = Corpus.empty()
        for part in parts:
            corpus = corpus.extend(part)
            inbox.put(("corpus", corpus))
        inbox.put(("loaded", None))

    def searcher() -> None:  # the search worker
        while (request := requests.get()) is not None:
            for result in engine.steps(
                request.corpus, request.query, request.order, request.candidates, limit=5
            ):
                results.append(result)
                inbox.put(("result", result))

    view = ArchiveView()
    threads = [threading.Thread(target=loader), threading.Thread(target=searcher)]
    for thread in threads:
        thread.start()
    applied = dropped = 0
    loaded = False
    step = 0
    pending = 0  # requests whose last result has not arrived
    while not loaded or pending:
        kind, payload = inbox.get(timeout=60)
        if kind == "corpus":
            assert isinstance(payload, Corpus)
            view.set_corpus(payload, orders.order(payload, view.sort_keys))
        elif kind == "loaded":
            loaded = True
        else:
            assert isinstance(payload, engine.Result)
            pending -= payload.complete
            if view.apply(payload):
                applied += 1
                assert view.view.array is payload.rows and view.corpus is payload.corpus
            else:  # computed before a batch or a sort change: never shown
                assert payload.corpus is not view.corpus or payload.order is not view.row_order
                dropped += 1
        step += 1
        if step % 3 == 0:
            keys = SORTS[step % len(SORTS)]
            view.set_sort(keys, orders.order(view.corpus, keys))
        request = view.request(parse_query(QUERIES[step % len(QUERIES)]))
        if request is not None and (not loaded or step < 60):
            requests.put(request)
            pending += 1
    requests.put(None)
    for thread in threads:
        thread.join(timeout=60)
    while not inbox.empty():
        inbox.get()
    assert len(results) > 20 and applied and dropped  # both kinds really happened
    for result in results:
        _check(result)
    # What is shown is what the shown query matches in the whole corpus.
    assert len(view.corpus) == sum(len(p) for p in parts)
    assert view.corpus is not None and np.all(view.view.array < len(view.corpus))
    if view.complete:
        _check(engine.Result(view.corpus, view.query, view.row_order, view.view.array))
