"""The trigram index and indexed search against brute force, on random archives."""

from __future__ import annotations

import random

import pytest

from tui.bench.generate import generate_listing
from tui.index import TrigramIndex, bucket_count
from tui.listing import parse_text
from tui.model import Archive, haystack, haystacks
from tui.query import parse_query
from tui.query_eval import PREFILTER_MIN, article_fields
from tui.text import fold

# Few buckets force many collisions, so verification is really exercised.
TINY_BUCKETS = 64
EXTRA = ["Łódź", "naïveté", "Café", "STALIN’s", "x–y", "`quoted`", "日本語", "ﬁnance", "Ǆemal"]


def random_archive(rng: random.Random, size: tuple[int, int] = (20, 120)) -> Archive:
    """A generated archive with random extra text (accents, CJK, ligatures)."""
    listing = parse_text(generate_listing(rng.randint(*size), seed=rng.randint(0, 10**6)))
    articles = []
    for article in listing.articles:
        if rng.random() < 0.3:
            extra = " ".join(rng.sample(EXTRA, 2))
            article = type(article)(
                *[
                    f"{article.title} {extra}" if name == "title" else getattr(article, name)
                    for name in article.__slots__
                ]
            )
        articles.append(article)
    return Archive(articles)


def random_literal(rng: random.Random, archive: Archive) -> str:
    """A substring of some haystack (often a hit), sometimes mangled (often a miss)."""
    hay = rng.choice(archive.haystacks).replace("\x1f", " ")
    start = rng.randrange(len(hay))
    literal = hay[start : start + rng.randint(1, 9)].strip() or "e"
    if rng.random() < 0.3:
        literal = literal[::-1]
    if rng.random() < 0.1:
        literal += rng.choice("zqxj")
    return literal


def test_bulk_haystacks_equal_one_by_one() -> None:
    archive = random_archive(random.Random(1))
    assert haystacks(archive.articles) == [haystack(a) for a in archive.articles]


@pytest.mark.parametrize("seed", range(4))
def test_candidates_never_miss_a_match(seed: int) -> None:
    rng = random.Random(seed)
    archive = random_archive(rng)
    index = TrigramIndex.build(archive.haystacks, buckets=TINY_BUCKETS)
    for _ in range(60):
        literal = fold(random_literal(rng, archive))
        found = index.candidates(literal)
        truth = {i for i, hay in enumerate(archive.haystacks) if literal in hay}
        if len(literal.encode()) < 3:
            assert found is None
        else:
            assert found is not None
            assert truth <= found


def test_candidates_prune_with_enough_buckets() -> None:
    archive = random_archive(random.Random(7))
    index = TrigramIndex.build(archive.haystacks, buckets=4096)
    assert index.candidates("zzzqqq") == frozenset()
    assert index.candidates("the") is not None
    assert len(index.candidates("stalin") or ()) < len(archive)


def test_indexed_search_equals_brute_force() -> None:
    """Hundreds of random queries: with and without the index, and by the
    reference definition (every term a folded substring of a field)."""
    rng = random.Random(2024)
    cases = 0
    for _ in range(4):
        # Big enough that the evaluator consults the index (PREFILTER_MIN).
        archive = random_archive(rng, (PREFILTER_MIN + 50, PREFILTER_MIN + 300))
        archive.index = TrigramIndex.build(archive.haystacks, buckets=TINY_BUCKETS)
        plain = Archive(archive.articles)
        references = [
            [v for k, v in article_fields(a).items() if k != "section"] for a in archive.articles
        ]
        for _ in range(80):
            words = [random_literal(rng, archive) for _ in range(rng.randint(1, 3))]
            text = " ".join(w for w in words if w and not w.startswith(("-", "!", "~")))
            # Plain terms only: the operators (' - ! ~ | : ...) are issue 4's tests.
            text = "".join(c for c in text if c.isalnum() or c in " ’–")
            query = parse_query(text)
            expected = [
                i
                for i in archive.order()
                if all(any(t in f for f in references[i]) for t in fold(text).split())
            ]
            assert archive.search(query) == expected, text
            assert plain.search(query) == expected, text
            archive.apply(query, expected)  # the next query may narrow from this one
            cases += 1
    assert cases >= 300


def test_search_consults_the_index() -> None:
    """An index of other text (same size) changes results: the index is used."""
    rng = random.Random(5)
    archive = random_archive(rng, (PREFILTER_MIN + 10, PREFILTER_MIN + 20))
    query = parse_query("stalin")
    honest = archive.search(query)
    assert honest
    archive.index = TrigramIndex.build(["nothing here"] * len(archive))
    assert archive.search(query) == []


def test_bucket_count_keeps_the_bitmap_in_budget() -> None:
    assert bucket_count(100_000) == 4096
    assert bucket_count(1_000_000) * 1_000_000 // 8 <= 64 * 1024 * 1024
    assert bucket_count(10) == 4096


def test_archive_uses_the_index_only_when_it_is_current() -> None:
    archive = random_archive(random.Random(3))
    archive.build_index()
    assert archive.index is not None
    more = random_archive(random.Random(4))
    archive.extend(more.articles[:5])
    assert archive.index is None  # stale: the index covered fewer articles
