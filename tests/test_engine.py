"""The columnar engine against the definitions: bulk folding equals ``fold`` per
character; the polars search equals the brute-force reference on random
queries (whole corpus, narrowed candidates, many slices on threads); the Rust
rewrite of a user regex decides exactly as Python's ``re``; orders equal the
stable multi-pass sort."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from tests.conftest import HOSTILE, SEED
from tests.test_query import LISTING
from tests.test_query_props import queries
from tui import engine, orders
from tui.bench.generate import generate_listing
from tui.corpus import Corpus
from tui.engine_expr import compile_query
from tui.engine_regex import atoms_agree, rewrite
from tui.export import record
from tui.export_frame import json_bytes
from tui.listing import Article, parse_text, read_listing
from tui.query import Budget, Query, QueryError, SearchCancelled, parse_query
from tui.query_eval import article_fields, fuzzy_leaves
from tui.query_nodes import Text
from tui.searchtext import SEARCHABLE, fold_series
from tui.sorting import COLUMNS, DEFAULT_SORT, SortKey
from tui.text import fold

ORDER_KEYS = DEFAULT_SORT
PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LISTINGS = [
    read_listing(SEED),
    parse_text(LISTING, "q.txt"),
    parse_text(HOSTILE, "hostile.txt"),
    parse_text(generate_listing(60, seed=4), "gen.txt"),
]
ARTICLES = [a for listing in LISTINGS for a in listing.articles]
CORPUS = Corpus.from_listings(LISTINGS)
ORDER = orders.order(CORPUS, DEFAULT_SORT)

# Text of any character a listing can hold once decoded (no surrogates),
# weighted towards the ones folding cares about.
TRICKY = "AZaz`'’“”–—\u00a0\u00adÉéßẞİıſKﬁ½²…｀ꭰᏸΣσςǅ\u0301\u200bÅÆŁø"
texts = st.text(
    alphabet=st.one_of(
        st.sampled_from(TRICKY), st.characters(blacklist_categories=("Cs",), max_codepoint=0x2FFFF)
    ),
    max_size=40,
)


def sorted_reference(keys: tuple[SortKey, ...]) -> list[int]:
    """The definition of an order: a stable sort per key, last key first, by
    the folded title or author or the date's ordinal (undated: 0)."""
    rows = list(range(len(ARTICLES)))
    for key in reversed(keys):
        if key.column == "date":
            value = [a.date.toordinal() if a.date else 0 for a in ARTICLES]
        else:
            value = [fold(getattr(a, key.column)) for a in ARTICLES]
        rows.sort(key=value.__getitem__, reverse=key.descending)
    return rows


def reference(query: Query) -> list[int]:
    return [i for i in sorted_reference(DEFAULT_SORT) if query.matches_article(ARTICLES[i])]


def relevance(query: Query, article: Article) -> float:
    """The definition of relevance: each fuzzy term's partial ratio against
    its best field, summed."""
    total = 0.0
    for leaf in fuzzy_leaves(query.root):
        fields = article_fields(article)
        total += max(fuzz.partial_ratio(leaf.text, fields[name]) for name in leaf.fields)
    return total


def expected_rows(query: Query) -> list[int]:
    """The reference's rows, relevance first (a stable sort) when ranked."""
    rows = reference(query)
    if query.ranked:
        rows = sorted(rows, key=lambda i: -relevance(query, ARTICLES[i]))
    return rows


@PROPS
@given(st.lists(texts, max_size=12))
def test_bulk_fold_equals_fold_per_value(values: list[str]) -> None:
    folded = fold_series(pl.Series(values, dtype=pl.String))
    assert folded.to_list() == [fold(value) for value in values]


def test_every_folded_column_is_the_reference_field() -> None:
    for name in SEARCHABLE:
        expected = [article_fields(a)[name] for a in ARTICLES]
        assert CORPUS.folded(name).to_list() == expected, name


def test_the_corpus_gives_back_the_parsed_articles() -> None:
    assert list(CORPUS.articles) == ARTICLES
    assert CORPUS.article(-1) == ARTICLES[-1]
    assert CORPUS.take([5, 0, 5]) == [ARTICLES[i] for i in (5, 0, 5)]
    sections = [listing.section for listing in LISTINGS]
    assert CORPUS.sections == tuple(dict.fromkeys(s for s in sections if s))
    assert CORPUS.diagnostics == tuple(d for listing in LISTINGS for d in listing.diagnostics)


@pytest.mark.parametrize(
    "keys",
    [
        DEFAULT_SORT,
        (SortKey("author", False), SortKey("date", True)),
        (SortKey("title", True),),
        (SortKey("date", False), SortKey("author", True), SortKey("title", False)),
    ],
)
def test_orders_equal_the_stable_multi_pass_sort(keys: tuple[SortKey, ...]) -> None:
    assert orders.order(CORPUS, keys).tolist() == sorted_reference(keys)
    assert {k.column for k in keys} <= set(COLUMNS)


@PROPS
@given(queries)
@example("- ~Had -$var | author:~Guevara's")  # relevance ties broken by float32 rounding
def test_search_equals_the_brute_force_reference(text: str) -> None:
    query = parse_query(text)
    assert engine.select(CORPUS, query, ORDER).tolist() == expected_rows(query)


@contextmanager
def sliced() -> Iterator[None]:
    """Slices of a few rows, so the small corpus runs as many slices on threads."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "SLICE_ROWS", 7)
        patch.setattr(engine, "_MIN_SPLIT", 1)
        yield


@settings(PROPS, max_examples=60)
@given(queries)
def test_slices_on_threads_give_the_same_rows(text: str) -> None:
    query = parse_query(text)
    with sliced():
        assert engine.select(CORPUS, query, ORDER).tolist() == expected_rows(query)


@settings(PROPS, max_examples=60)
@given(queries)
def test_typing_key_by_key_narrows_to_the_right_rows(text: str) -> None:
    """Each prefix that parses is searched among the last result it narrows
    (gathered or masked, whichever the share picks): always the reference."""
    previous: tuple[Query, np.ndarray] | None = None
    for end in range(1, len(text) + 1):
        try:
            query = parse_query(text[:end])
        except QueryError:
            continue
        candidates = None
        if previous is not None and not previous[0].ranked and query.narrows(previous[0]):
            candidates = previous[1]
        found = engine.select(CORPUS, query, ORDER, candidates).tolist()
        assert found == expected_rows(query), text[:end]
        previous = (query, np.asarray(found))


def test_a_term_never_matches_across_two_fields() -> None:
    """The short fields are searched joined by a separator: a term holding it
    must still match within one field only."""
    corpus = Corpus.from_articles(ARTICLES[:3])
    first = ARTICLES[0]
    across = fold(first.title[-3:] + "\x1f" + first.author[:3])
    query = Query(across, Text(None, "substring", across))
    assert engine.select(corpus, query, orders.order(corpus, DEFAULT_SORT)).tolist() == []
    assert not query.matches_article(first)


def test_leading_rows_come_first_then_all(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "PARTIAL_MIN", 10)
    monkeypatch.setattr(engine, "_PREFIX_ROWS", 20)
    query = parse_query("e")
    results = list(engine.steps(CORPUS, query, ORDER, limit=3))
    assert [r.complete for r in results] == [False, True]
    full = expected_rows(query)
    assert results[1].rows.tolist() == full
    assert results[0].rows.tolist() == full[: len(results[0].rows)]
    assert not results[1].rows.flags.writeable


def test_a_cancelled_search_stops_between_slices() -> None:
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 1

    with sliced(), pytest.raises(SearchCancelled):
        engine.select(CORPUS, parse_query("stalin"), ORDER, budget=Budget(stop=cancelled))
    assert len(calls) == 2


@pytest.mark.parametrize(
    ("text", "rust"),
    [
        ("/s.a/", True),
        ("'war", True),
        ('"paris commune"', True),
        ("~rev", True),
        ("title:/\\bthe\\b/", True),
        ("/(?=st)a/", False),  # lookahead: Python runs it
        ("/(a)\\1/", False),  # backreference
    ],
)
def test_what_runs_in_rust(text: str, rust: bool) -> None:
    plan = compile_query(CORPUS, parse_query(text).root)
    assert (not plan.fallbacks) is rust
    assert engine.select(CORPUS, parse_query(text), ORDER).tolist() == expected_rows(
        parse_query(text)
    )


# -- user regexes: Rust decides as Python does -----------------------------

ATOMS = st.sampled_from(
    [
        "a",
        "b",
        "é",
        "ß",
        "k",
        "K",
        ".",
        "\\d",
        "\\w",
        "\\W",
        "\\s",
        "\\S",
        "[a-c]",
        "[^a_]",
        "x",
        "[\\w-]",
        "\\.",
        "\\$",
        "[\\[]",
        "]",
        "{",
        "-",
        "\\n",
    ]
)


@st.composite
def regexes(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        atom = draw(ATOMS)
        kind = draw(st.sampled_from(["", "*", "+", "?", "{1,2}", "*?", "{2}", "group", "alt"]))
        if kind == "group":
            atom = f"({atom}{draw(ATOMS)})"
        elif kind == "alt":
            atom = f"(?:{atom}|{draw(ATOMS)})"
        else:
            atom += kind
        parts.append(atom)
    pattern = "".join(parts)
    if draw(st.booleans()):
        pattern = draw(st.sampled_from(["^", "\\A", "\\b", "(?s)", "(?m)^"])) + pattern
    if draw(st.booleans()):
        pattern += draw(st.sampled_from(["$", "\\Z", "\\b", "\\B"]))
    return pattern


def _rust(pattern: str, values: list[str]) -> list[bool]:
    found: list[bool] = pl.Series(values, dtype=pl.String).str.contains(pattern).to_list()
    return found


@settings(PROPS, max_examples=300)
@given(regexes(), st.lists(st.text(alphabet="abcéßkK .x-_1\n[]{}$", max_size=12), max_size=8))
def test_a_rewritten_regex_matches_as_python(pattern: str, values: list[str]) -> None:
    values = [v.rstrip("\n") for v in values]  # fields never end with a newline
    compiled = re.compile(pattern, re.IGNORECASE)
    found = rewrite(pattern)
    assume(found is not None)
    assert found is not None
    alphabet = set("".join(values)) | set("abcéßkK .x-_1\n[]{}$")
    assume(atoms_agree(found.atoms, alphabet, _rust))
    expected = [compiled.search(v) is not None for v in values]
    assert _rust(found.rust, values) == expected, (pattern, found.rust)


@pytest.mark.parametrize(
    "pattern", ["(?=a)", "(?<!a)b", "(a)\\1", "(?(1)a|b)", "a*+", "(?>a)", "a\\B"]
)
def test_constructs_without_a_rust_counterpart_are_not_rewritten(pattern: str) -> None:
    assert rewrite(pattern) is None


def test_an_atom_rust_reads_differently_is_caught() -> None:
    """Python's \\s matches the information separators U+001C-U+001F, Rust's does not."""
    found = rewrite("a\\sb")
    assert found is not None
    assert atoms_agree(found.atoms, set("ab "), _rust)
    assert not atoms_agree(found.atoms, set("ab \x1c"), _rust)


@PROPS
@given(st.lists(st.tuples(texts, texts, st.none() | texts, st.integers(1, 10**6)), max_size=6))
def test_json_from_columns_is_the_indented_dump(
    rows: list[tuple[str, str, str | None, int]],
) -> None:
    articles = [
        Article(title, author, None, "", caption, title + author, "S", "src.txt", line)
        for title, author, caption, line in rows
    ]
    frame = Corpus.from_articles(articles).display(range(len(articles)))
    expected = json.dumps([record(a) for a in articles], ensure_ascii=False, indent=2) + "\n"
    assert json_bytes(frame).decode() == expected
