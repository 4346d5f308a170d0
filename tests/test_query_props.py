"""Property tests: any text parses or raises QueryError; valid queries give the same
rows through the engine (over the whole corpus, and narrowing as a user types) as
through the brute-force reference; ``narrows`` never claims a false subset."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import HOSTILE, SEED
from tests.test_query import LISTING
from tui import engine
from tui.bench.generate import generate_listing
from tui.corpus import Corpus
from tui.listing import parse_text, read_listing
from tui.query import Query, QueryError, parse_query
from tui.view import ArchiveView

PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _archive() -> ArchiveView:
    listings = [
        read_listing(SEED),
        parse_text(LISTING, "q.txt"),
        parse_text(HOSTILE, "hostile.txt"),
        parse_text(generate_listing(60, seed=4), "gen.txt"),
    ]
    return ArchiveView(Corpus.from_listings(listings))


ARCHIVE = _archive()
ARTICLES = list(ARCHIVE.articles)
VOCABULARY = sorted(
    {w.strip(".,:;’'\"()") for a in ARTICLES for w in f"{a.title} {a.author}".split()} - {""}
)


def reference(query: Query) -> list[int]:
    return [i for i in ARCHIVE.order() if query.matches_article(ARTICLES[i])]


def search(query: Query) -> list[int]:
    assert ARCHIVE.corpus is not None
    return engine.select(ARCHIVE.corpus, query, ARCHIVE.row_order).tolist()


# -- strategies ------------------------------------------------------------

words = st.one_of(
    st.sampled_from(VOCABULARY),
    st.sampled_from(VOCABULARY).map(lambda w: w[: max(1, len(w) // 2)]),
    st.sampled_from(["stalin", "1917", "2016", "woods", "trotsky", "zurich", "o", "the", "’s"]),
    st.text(alphabet="aeiortsnlé’-1", min_size=1, max_size=4),
)
fields = st.sampled_from(["", "title:", "t:", "author:", "by:", "summary:", "caption:", "section:"])
years = st.integers(2013, 2017).map(str)
months = st.tuples(years, st.integers(1, 12)).map(lambda p: f"{p[0]}-{p[1]:02d}")
days = st.tuples(months, st.integers(1, 28)).map(lambda p: f"{p[0]}-{p[1]:02d}")
periods = st.one_of(years, months, days)
date_specs = st.one_of(
    periods,
    st.tuples(st.sampled_from([">", ">=", "<", "<=", "="]), periods).map("".join),
    st.tuples(years, years).map(lambda p: f"{min(p)}..{max(p)}"),
    periods.map(lambda p: f"{p}.."),
    periods.map(lambda p: f"..{p}"),
)
regexes = st.sampled_from(["^the", "in$", "s.a", "[0-9]{4}", "woods|grant", "^.{0,12}$", "é", "x*"])


KINDS = ("plain", "phrase", "word", "start", "end", "both", "regex", "fuzzy", "date", "year")


@st.composite
def leaves(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(KINDS))
    field = draw(fields)
    word = draw(words)
    if kind == "phrase":
        return f'{field}"{word} {draw(words)}"'
    if kind == "word":
        return f"{field}'{word}"
    if kind == "start":
        return f"{field}^{word}"
    if kind == "end":
        return f"{field}{word}$"
    if kind == "both":
        return f'{field}^"{word}"$'
    if kind == "regex":
        return f"{field}/{draw(regexes)}/"
    if kind == "fuzzy":
        return f"{field}~{word}"
    if kind == "date":
        return f"date:{draw(date_specs)}"
    if kind == "year":
        year = draw(years)
        return f"year:{draw(st.sampled_from(['', '>=', '<']))}{year}"
    return f"{field}{word}"


def _combine(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        inner.map(lambda e: f"-{e}"),
        inner.map(lambda e: f"NOT {e}"),
        st.tuples(inner, inner).map(lambda p: f"{p[0]} | {p[1]}"),
        st.lists(inner, min_size=1, max_size=3).map(lambda es: f"({' '.join(es)})"),
    )


expressions = st.recursive(leaves(), _combine, max_leaves=6)
queries = st.lists(expressions, min_size=1, max_size=3).map(" ".join)
noise = st.text(
    alphabet=st.sampled_from(list("ab é-!'^$~/\\:.()|\"“”NOT0123456789<>=\u00ad¨\x1f\t")),
    max_size=30,
)


# -- properties ------------------------------------------------------------


@PROPS
@given(st.one_of(noise, st.text(max_size=30), queries.map(lambda q: q[: len(q) // 2])))
def test_any_text_parses_or_raises_query_error(text: str) -> None:
    try:
        query = parse_query(text)
    except QueryError as error:
        assert 0 <= error.position <= len(text)
        assert str(error).endswith(f" at {error.position}")
        return
    # A query that parses also evaluates, highlights and narrows without error.
    found, expected = search(query), reference(query)
    if query.ranked:  # relevance reorders; the rows are the same
        found, expected = sorted(found), sorted(expected)
    assert found == expected
    query.spans("title", "the end of october")
    query.narrows(parse_query("stalin"))


@PROPS
@given(queries)
def test_search_equals_the_brute_force_reference(text: str) -> None:
    query = parse_query(text)  # generated from the grammar: must parse
    found, expected = search(query), reference(query)
    if query.ranked:  # relevance reorders; the rows are the same
        found, expected = sorted(found), sorted(expected)
    assert found == expected


@PROPS
@given(queries, queries)
def test_narrows_is_never_wrong(first: str, second: str) -> None:
    old, new = parse_query(first), parse_query(second)
    for a, b in ((new, old), (old, new)):
        if a.narrows(b):
            assert set(reference(a)) <= set(reference(b)), (a.text, b.text)


@settings(PROPS, max_examples=60)
@given(queries)
def test_typing_key_by_key_narrows_to_the_right_rows(text: str) -> None:
    """The view narrows from earlier results as a user types: every prefix
    that parses must still give exactly the reference rows."""
    archive = ArchiveView(ARCHIVE.corpus)
    for end in range(1, len(text) + 1):
        try:
            query = parse_query(text[:end])
        except QueryError:
            continue
        found = list(archive.search(query))
        expected = reference(query)
        if query.ranked:  # relevance reorders; the rows are the same
            found, expected = sorted(found), sorted(expected)
        assert found == expected, text[:end]
        archive.set_filter(text[:end])


@pytest.mark.parametrize("text", ["stalin", "author:woods -stalin", "~rev | date:2016"])
def test_the_archive_is_big_enough_to_mean_something(text: str) -> None:
    assert 0 < len(reference(parse_query(text))) < len(ARCHIVE)
