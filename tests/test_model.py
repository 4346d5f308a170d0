"""The model: filtering, folding in queries, narrowing, stable multi-key sort."""

from __future__ import annotations

import pytest

from tests.conftest import archive_from_text
from tests.test_query import tamper
from tui import engine, orders
from tui.query import parse_query
from tui.sorting import SortKey, cycled, nearby, reversed_keys
from tui.view import ArchiveView as Archive


def titles(archive: Archive) -> list[str]:
    return [archive.articles[i].title for i in archive.view]


def test_default_sort_is_newest_first(seed_archive: Archive) -> None:
    dates = [seed_archive.articles[i].iso_date for i in seed_archive.view]
    assert dates == sorted(dates, reverse=True)
    assert seed_archive.sort_keys[0] == SortKey("date", True)


def test_filter_plain_terms(seed_archive: Archive) -> None:
    seed_archive.set_filter("stalin")
    assert len(seed_archive.view) == 3
    seed_archive.set_filter("stalin trotsky")
    assert titles(seed_archive) == [
        "Communists against Stalin: the massacre of a generation – Preface to the book",
        "The Truth about Stalin - a Reply to the Morning Star",
        "80 years on: The Trotskyists in Stalin's concentration camps - An eyewitness account "
        "of the strike at Vorkuta",
    ]


def test_filter_folds_case_accents_and_typography(seed_archive: Archive) -> None:
    seed_archive.set_filter("BROUE")
    assert len(seed_archive.view) == 1
    seed_archive.set_filter("broue's")  # the text has "Broué’s", typographic apostrophe
    assert len(seed_archive.view) == 1
    seed_archive.set_filter("stalin’s")  # typographic in the query, straight in a title
    assert len(seed_archive.view) == 1
    seed_archive.set_filter("–")  # en dash in a query finds "-" too
    assert len(seed_archive.view) == 7


def test_filter_matches_dates_as_written_and_iso(seed_archive: Archive) -> None:
    seed_archive.set_filter("25 november 2016")
    assert len(seed_archive.view) == 1
    seed_archive.set_filter("2016-11-25")
    assert len(seed_archive.view) == 1
    seed_archive.set_filter("2016-11")
    assert len(seed_archive.view) == 3


def test_caption_is_searchable(seed_archive: Archive) -> None:
    seed_archive.set_filter("sverdlov")
    assert [seed_archive.articles[i].author for i in seed_archive.view] == [
        "International Marxist Tendency"
    ]


def test_narrowing_searches_only_the_previous_result(seed_archive: Archive) -> None:
    seed_archive.set_filter("stal")
    # Tamper with the applied result: a narrowing query must only look there.
    only = seed_archive.view[:1]
    tamper(seed_archive, list(only))
    assert seed_archive.search(parse_query("stalin")) == only
    # A query that does not extend the last one rescans everything.
    assert len(seed_archive.search(parse_query("woods"))) == 6


def test_narrows_rule() -> None:
    assert parse_query("stalin").narrows(parse_query("stal"))
    assert parse_query("stalin trotsky").narrows(parse_query("stalin"))
    assert not parse_query("stal").narrows(parse_query("stalin"))
    assert not parse_query("woods").narrows(parse_query("stalin"))


def test_sort_is_stable_and_ties_on_date_sort_by_title() -> None:
    text = "S\n\n" + "\n\n\n".join(
        f"{title}\n\nWritten by {author} Friday, 25 November 2016\n\nSum."
        for title, author in [("Charlie", "B"), ("alpha", "A"), ("Bravo", "B")]
    )
    archive = archive_from_text(text)
    assert titles(archive) == ["alpha", "Bravo", "Charlie"]
    archive.sort_by("author")
    assert [(a.author, a.title) for a in (archive.articles[i] for i in archive.view)] == [
        ("A", "alpha"),
        ("B", "Bravo"),
        ("B", "Charlie"),
    ]
    archive.reverse()
    assert titles(archive) == ["Bravo", "Charlie", "alpha"]


def test_cycle_and_reverse(seed_archive: Archive) -> None:
    seed_archive.cycle_sort()
    assert seed_archive.sort_keys[0] == SortKey("title", False)
    first = titles(seed_archive)
    seed_archive.reverse()
    assert titles(seed_archive) == first[::-1]
    seed_archive.cycle_sort()
    assert seed_archive.sort_keys[0] == SortKey("author", False)
    seed_archive.cycle_sort()
    assert seed_archive.sort_keys[0] == SortKey("date", True)


def test_sort_keeps_the_filter(seed_archive: Archive) -> None:
    seed_archive.set_filter("stalin")
    seed_archive.sort_by("title")
    assert len(seed_archive.view) == 3
    assert titles(seed_archive) == sorted(titles(seed_archive), key=str.casefold)


def test_search_steps_paint_a_prefix_then_the_whole_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tui.bench.generate import generate_listing

    archive = archive_from_text(generate_listing(3000, seed=7))
    corpus, order = archive.corpus, archive.row_order
    assert corpus is not None
    too_few = list(engine.steps(corpus, parse_query("s"), order, limit=50))  # 3,000 < PARTIAL_MIN
    assert [r.complete for r in too_few] == [True]
    monkeypatch.setattr(engine, "PARTIAL_MIN", 1)
    monkeypatch.setattr(engine, "_PREFIX_ROWS", 1500)
    for text in ("s", "st", "the", "stalin t", "-woods"):
        query = parse_query(text)
        whole = list(archive.search(query))
        steps = list(engine.steps(corpus, query, order, limit=50))
        assert [r.complete for r in steps] == [False, True], text
        first = steps[0].rows.tolist()
        assert len(first) >= 50
        assert first == whole[: len(first)]
        assert steps[1].rows.tolist() == whole
    ranked = list(engine.steps(corpus, parse_query("~revbetr"), order, limit=50))
    assert [r.complete for r in ranked] == [True]
    rare = parse_query("zzqx")
    assert [r.rows.tolist() for r in engine.steps(corpus, rare, order, limit=50)] == [[]]


def test_a_partial_view_is_never_narrowed_from(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.bench.generate import generate_listing

    archive = archive_from_text(generate_listing(2000, seed=3))
    assert archive.corpus is not None
    monkeypatch.setattr(engine, "PARTIAL_MIN", 1)
    monkeypatch.setattr(engine, "_PREFIX_ROWS", 100)
    query = parse_query("st")
    first = next(engine.steps(archive.corpus, query, archive.row_order, limit=10))
    assert not first.complete
    assert archive.apply(first)
    longer = parse_query("sta")
    expected = [i for i in archive.order() if longer.matches_article(archive.articles[i])]
    assert archive.search(longer) == expected


def test_the_sorts_one_key_away_are_precomputed_for_a_toggle(seed_archive: Archive) -> None:
    """What the app's warm-up worker computes is what a toggle then reads."""
    corpus = seed_archive.corpus
    assert corpus is not None
    for keys in nearby(seed_archive.sort_keys):
        assert orders.cached(corpus, keys) is None or keys == seed_archive.sort_keys
        orders.order(corpus, keys)
    for change in (cycled, reversed_keys):
        keys = change(seed_archive.sort_keys)
        warmed = orders.cached(corpus, keys)
        assert warmed is not None
        seed_archive.resort(keys)
        assert seed_archive.row_order is warmed
