"""Article keys survive re-saving, moving and a second listing; listings scopes
ignore order and spelling of paths."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tui.identity import (
    GLOBAL_SCOPE,
    KEY_LENGTH,
    article_key,
    is_key,
    key_of,
    keys_for,
    keys_of,
    listings_scope,
)
from tui.listing import Article, parse_text, read_listing

# A short excerpt of a real listing page (the bundled seed), then the same
# articles saved again: another heading, an article before them, other blank
# lines, a non-breaking space and doubled spaces in the byline and title.
FIRST = """The Russian Revolution

Communists against Stalin: the massacre of a generation – Preface to the book

Written by Alan Woods Friday, 25 November 2016

Below we publish the introduction to the first Italian edition of Pierre Broué’s book.


The Truth about Stalin - a Reply to the Morning Star

Written by Alan Woods Tuesday, 08 November 2016

On Monday 17 October, the Morning Star published a review.
"""
RESAVED = """History

Lenin and Trotsky: what they really stood for

Written by Alan Woods Thursday, 03 November 2016

A newer article at the top.



The Truth about  Stalin - a Reply to the Morning Star

Written by Alan\u00a0Woods Tuesday, 08 November 2016

On Monday 17 October, the Morning Star published a review (edited summary).


Communists against Stalin: the massacre of a generation – Preface to the book

Written by Alan Woods Friday, 25 November 2016

Below we publish the introduction.
"""


def _by_title(articles: list[Article]) -> dict[str, Article]:
    return {" ".join(a.title.split()): a for a in articles}


def test_same_article_in_two_listings_and_after_resaving_has_one_key(tmp_path: Path) -> None:
    first_path = tmp_path / "a" / "listing.txt"
    moved_path = tmp_path / "b" / "renamed.txt"
    first_path.parent.mkdir()
    moved_path.parent.mkdir()
    first_path.write_text(FIRST, encoding="utf-8")
    moved_path.write_text(RESAVED, encoding="utf-8")
    first = _by_title(read_listing(first_path).articles)
    again = _by_title(read_listing(moved_path).articles)
    assert len(first) == 2 and len(again) == 3
    for title, article in first.items():
        other = again[title]
        # Other file, other line, other section, other summary: the same article.
        assert (other.source, other.line, other.section) != (
            article.source,
            article.line,
            article.section,
        )
        assert other.summary != article.summary
        assert key_of(other) == key_of(article)
    assert len({key_of(a) for a in again.values()}) == 3


def test_a_different_title_author_or_date_is_a_different_article() -> None:
    base = article_key("The Truth about Stalin", "Alan Woods", "2016-11-08")
    assert article_key("The Truth about Lenin", "Alan Woods", "2016-11-08") != base
    assert article_key("The Truth about Stalin", "Rob Sewell", "2016-11-08") != base
    assert article_key("The Truth about Stalin", "Alan Woods", "2016-11-09") != base
    assert article_key("The Truth about Stalin", "Alan Woods", "") != base
    # Fields do not run into each other.
    assert article_key("ab", "c", "") != article_key("a", "bc", "")


def test_cosmetic_differences_are_folded_away() -> None:
    base = article_key('Lenin\'s "April Theses" - a study', "Alan Woods", "2017-04-04")
    for title in (
        'LENIN\'S "APRIL THESES" - A STUDY',
        "Lenin\u2019s \u201cApril Theses\u201d \u2013 a study",
        '  Lenin\'s  "April\u00a0Theses"\t- a study ',
    ):
        assert article_key(title, " alan  woods ", "2017-04-04") == base


def test_key_is_the_blake2b_of_the_folded_fields() -> None:
    """Pinned so that a change to the key (which orphans every user's marks
    unless a migration rewrites them) cannot pass unnoticed."""
    expected = hashlib.blake2b(
        b"the truth about stalin\x1falan woods\x1f2016-11-08", digest_size=16
    ).hexdigest()
    assert article_key("The Truth about  Stalin", "Alan Woods", "2016-11-08") == expected
    assert len(expected) == KEY_LENGTH and is_key(expected)


def test_column_and_bulk_versions_agree_with_the_single_one() -> None:
    listing = parse_text(RESAVED, "resaved.txt")
    articles = listing.articles
    singles = [key_of(a) for a in articles]
    assert keys_of(articles) == singles
    columns = keys_for(
        [a.title for a in articles], [a.author for a in articles], [a.iso_date for a in articles]
    )
    assert columns == singles
    with pytest.raises(ValueError):
        keys_for(["a"], ["b", "c"], [""])
    # Folded in one call, one by one when a text holds the bulk separator.
    odd = ["Trótsky\x1eand  Lenin", "Ленин", ""]
    assert keys_for(odd, odd[::-1], ["", "2017-11-07", ""]) == [
        article_key(odd[0], "", ""),
        article_key(odd[1], odd[1], "2017-11-07"),
        article_key("", odd[0], ""),
    ]


def test_is_key_refuses_what_is_not_a_key() -> None:
    key = article_key("t", "a", "")
    for bad in (key.upper(), key[:-1], key + "0", "g" * KEY_LENGTH, 5, None, b"0" * 32):
        assert not is_key(bad)


def test_listings_scope_ignores_order_duplicates_and_spelling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("x")
    b.write_text("y")
    link = tmp_path / "link.txt"
    link.symlink_to(a)
    monkeypatch.chdir(tmp_path)
    scope = listings_scope([a, b])
    assert is_key(scope) and scope != GLOBAL_SCOPE
    assert listings_scope([b, a, a]) == scope
    assert listings_scope(["a.txt", os.fspath(b)]) == scope
    assert listings_scope([link, b]) == scope
    assert listings_scope([a]) != scope
    assert listings_scope([]) not in (GLOBAL_SCOPE, scope)
