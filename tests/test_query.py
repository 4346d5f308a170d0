"""The query language, construct by construct: results, precedence, errors, narrowing,
highlight spans and relevance, on a small archive written for it."""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import ROOT, archive_from_text
from tui.engine import Result
from tui.highlight import highlighter
from tui.query import SYNTAX, Query, QueryError, parse_query
from tui.query_nodes import And, Not, Or, Text, subsequence
from tui.sorting import SortKey
from tui.view import ArchiveView as Archive

# Default sort (date newest first): Café, Revolution, Warsaw, the end, Undated.
LISTING = """Query Section

Café society in Zürich

Written by Pierre Broué Friday, 25 November 2016

Public DomainBelow we publish a summary about the Paris Commune and Stalin’s purges.


The Revolution Betrayed

Written by Leon Trotsky Monday, 07 November 2016

An analysis of the Soviet state, written in 1936.


Warsaw 1920

Written by Alan Woods Thursday, 15 October 2015

The war in Warsaw, the red army and the paris   communes.


Undated piece

Written by Ted Grant Monday, 31 February 2016

No date here: 1917 and all that.


the end of october

Written by Alan Woods Wednesday, 25 June 2014

Stalin and Trotsky in October 1917
"""
CAFE, REVOLUTION, WARSAW, UNDATED, END = (
    "Café society in Zürich",
    "The Revolution Betrayed",
    "Warsaw 1920",
    "Undated piece",
    "the end of october",
)


@pytest.fixture
def archive() -> Archive:
    return archive_from_text(LISTING, "q.txt")


def titles(archive: Archive, text: str) -> list[str]:
    """Titles matching ``text`` in view order; the brute-force reference must agree."""
    query = parse_query(text)
    found = archive.search(query)
    reference = [i for i in archive.order() if query.matches_article(archive.articles[i])]
    assert sorted(found) == sorted(reference), text
    return [archive.articles[i].title for i in found]


def test_listing_is_what_the_tests_assume(archive: Archive) -> None:
    assert [a.title for a in archive.articles] == [CAFE, REVOLUTION, WARSAW, UNDATED, END]
    assert archive.articles[0].caption == "Public Domain"
    assert archive.articles[3].date is None
    assert titles(archive, "") == [CAFE, REVOLUTION, WARSAW, END, UNDATED]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Plain words, ANDed, folded.
        ("stalin", [CAFE, END]),
        ("stalin trotsky", [END]),
        ("ZURICH broue", [CAFE]),
        ("stalin's", [CAFE]),  # a typographic apostrophe in the text
        ("-", [CAFE, REVOLUTION, WARSAW, END]),  # a lone dash is a character (ISO dates)
        ("–", [CAFE, REVOLUTION, WARSAW, END]),
        ("not stalin", []),  # lower case: just a word
        # Fields and aliases.
        ("author:woods", [WARSAW, END]),
        ("a:woods", [WARSAW, END]),
        ("by:woods", [WARSAW, END]),
        ("Author:WOODS", [WARSAW, END]),
        ("title:woods", []),
        ("t:warsaw", [WARSAW]),
        ("s:warsaw", [WARSAW]),
        ("summary:1936", [REVOLUTION]),
        ("caption:domain", [CAFE]),
        ("section:query", [CAFE, REVOLUTION, WARSAW, END, UNDATED]),
        ("section:nope", []),
        ("query", []),  # the section is searched by section: only
        ('author:"alan woods"', [WARSAW, END]),
        ('author:"woods alan"', []),
        # Phrases: adjacent, however much whitespace separates the words.
        ('"paris commune"', [CAFE, WARSAW]),
        ("“paris commune”", [CAFE, WARSAW]),
        ('"commune paris"', []),
        ('"red  army"', [WARSAW]),
        ('"broue public"', []),  # never across fields (author, then caption)
        # Negation in its four spellings.
        ("-stalin", [REVOLUTION, WARSAW, UNDATED]),
        ("!stalin", [REVOLUTION, WARSAW, UNDATED]),
        ("NOT stalin", [REVOLUTION, WARSAW, UNDATED]),
        ("-author:woods", [CAFE, REVOLUTION, UNDATED]),
        ("--stalin", [CAFE, END]),
        ('-"paris commune" -(woods | grant)', [REVOLUTION]),
        # OR, and its precedence over AND (fzf): (trotsky | warsaw) 1936.
        ("warsaw | revolution", [REVOLUTION, WARSAW]),
        ("warsaw|revolution", [REVOLUTION, WARSAW]),
        ("trotsky | warsaw 1936", [REVOLUTION]),
        ("1936 trotsky | warsaw", [REVOLUTION]),
        ("trotsky | (warsaw 1936)", [REVOLUTION, END]),
        ("(author:woods | author:grant) -stalin", [WARSAW, UNDATED]),
        ("((warsaw))", [WARSAW]),
        # Whole words and anchors.
        ("'war", [WARSAW]),
        ("'wars", []),
        ("'warsaw", [WARSAW]),
        ("^the", [REVOLUTION, WARSAW, END]),
        ("title:^the", [REVOLUTION, END]),
        ("1917$", [END]),
        ("^warsaw 1920$", [WARSAW]),
        ('^"warsaw 1920"$', [WARSAW]),
        ("^1920", []),
        ("title:'^the", [REVOLUTION, END]),
        # Regular expressions: folded text, case-insensitive, one field at a time.
        ("title:/^the .*october$/", [END]),
        ("/warsaw|zurich/", [CAFE, WARSAW]),
        ("/WARSAW/", [WARSAW]),
        ("/zürich/", [CAFE]),
        ("/^alan/", [WARSAW, END]),
        ("/woods.*friday/", []),  # never across fields
        ("/b\\/c/", []),
        ("-/stalin/", [REVOLUTION, WARSAW, UNDATED]),
        # Dates as dates; undated articles never match a date condition.
        ("date:2016", [CAFE, REVOLUTION]),
        ("date:2016-11", [CAFE, REVOLUTION]),
        ("date:2016-11-07", [REVOLUTION]),
        ("date:2016-11-7", [REVOLUTION]),
        ("date:>=2016-01-01", [CAFE, REVOLUTION]),
        ("date:>2016-11-07", [CAFE]),
        ("date:>2016-11", []),
        ("date:<2015", [END]),
        ("date:<=2014-06", [END]),
        ("date:=2015", [WARSAW]),
        ("date:2014..2015", [WARSAW, END]),
        ("date:2016-10..2016-11", [CAFE, REVOLUTION]),
        ("date:2016..", [CAFE, REVOLUTION]),
        ("date:..2015", [WARSAW, END]),
        ("date:>1000", [CAFE, REVOLUTION, WARSAW, END]),
        ("-date:2016", [WARSAW, END, UNDATED]),
        ("2016", [CAFE, REVOLUTION, UNDATED]),  # a plain word still finds the text
        ("year:2015", [WARSAW]),
        ("year:2014-2015", [WARSAW, END]),
        ("year:2014..2015", [WARSAW, END]),
        ("year:>=2015", [CAFE, REVOLUTION, WARSAW]),
        ("year:..2014", [END]),
        # Fuzzy: letters in order, in the title or author.
        ("~revbetr", [REVOLUTION]),
        ("~wrsw", [WARSAW]),
        ("title:~tndctbr", [END]),
        ("~tndctbr -stalin", []),
        ("summary:~wrswrd", [WARSAW]),
    ],
)
def test_construct(archive: Archive, text: str, expected: list[str]) -> None:
    assert titles(archive, text) == expected


def test_precedence_trees() -> None:
    a, b, c = (Text(None, "substring", t) for t in "abc")
    assert parse_query("a | b c").root == And((Or((a, b)), c))
    assert parse_query("a b | c").root == And((a, Or((b, c))))
    assert parse_query("(a b) | c").root == Or((And((a, b)), c))
    assert parse_query("-a | b").root == Or((Not(a), b))
    assert parse_query("NOT (a | b) c").root == And((Not(Or((a, b))), c))
    assert parse_query("(a b) c").root == And((a, b, c))  # groups of AND flatten


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('stalin trotsky "paris', "unclosed quote at 15"),
        ('author:"alan', "unclosed quote at 7"),
        ("a (b c", "unclosed parenthesis at 2"),
        ("((a)", "unclosed parenthesis at 0"),
        ("a b)", "unmatched ')' at 3"),
        ("foo:bar", "unknown field 'foo' at 0"),
        ("stalin Foo:bar", "unknown field 'Foo' at 7"),
        ("title:", "missing value after 'title:' at 0"),
        ("x title: y", "missing value after 'title:' at 2"),
        ("date:2016-13", "bad date '2016-13' at 5"),
        ("date:2016-02-30", "bad date '2016-02-30' at 5"),
        ("date:november", "bad date 'november' at 5"),
        ("date:>=2016-1x", "bad date '2016-1x' at 7"),
        ("date:2014..2015-13", "bad date '2015-13' at 11"),
        ("year:2016-11", "bad year '2016-11' at 5"),
        ("date:>=", "missing date at 7"),
        ("date:..", "missing date in range at 5"),
        ("date:2016..2015", "empty date range '2016..2015' at 5"),
        ("/[a/", "bad regex (unterminated character set) at 1"),
        ("x /a(b/", "bad regex (missing ), unterminated subpattern) at 4"),
        ("/abc", "unclosed regex at 0"),
        ("//", "empty regex at 0"),
        ("a ()", "empty group at 2"),
        ('""', "empty phrase at 0"),
        ("^\u00ad", "empty term at 0"),
        ("| a", "missing term before '|' at 0"),
        ("a |", "missing term after '|' at 2"),
        ("a | | b", "missing term after '|' at 2"),
        ("(a |)", "missing term after '|' at 3"),
        ("a NOT", "nothing to negate after NOT at 2"),
    ],
)
def test_error_messages(text: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(text)
    assert str(caught.value) == message
    assert caught.value.message == message.rsplit(" at ", 1)[0]


def test_lone_operator_characters_are_plain_text() -> None:
    for text in ("-", "!", "'", "^", "$", "~", "- x", "x !"):
        root = parse_query(text).root
        leaves = root.children if isinstance(root, And) else (root,)
        assert all(isinstance(leaf, Text) and leaf.plain for leaf in leaves), text


@pytest.mark.parametrize(
    ("new", "old"),
    [
        ("stalin", "stal"),
        ("stalin trotsky", "stalin"),
        ("author:woods", "woods"),
        ("author:woodsy", "author:woods"),
        ('"paris commune"', "paris"),
        ('"paris communes"', '"paris commune"'),
        ("'stalin", "stal"),
        ("^stalin", "^sta"),
        ("1917$", "17$"),
        ("date:2016-11", "date:2016"),
        ("date:2015..2016", "date:2014.."),
        ("year:2016", "date:2016"),
        ("-stalin -lenin", "-stalin"),
        ("-stal", "-stalin"),
        ("(a | b) c", "a | b"),
        ("a", "a | b"),
        ("a b", "a | b"),
        ("~revbe", "~revb"),
        ("title:~rb", "~rb"),
        ("stalin", ""),
    ],
)
def test_narrows_when_provably_a_subset(archive: Archive, new: str, old: str) -> None:
    assert parse_query(new).narrows(parse_query(old))
    assert set(archive.search(parse_query(new))) <= set(archive.search(parse_query(old)))


@pytest.mark.parametrize(
    ("new", "old"),
    [
        ("stal", "stalin"),
        ("-stalin", "-stal"),
        ("woods", "author:woods"),
        ("section:x", "x"),
        ("'stalin", "'stal"),
        ("/a/", "a"),
        ("date:2016", "date:2016-11"),
        ("a | b", "a"),
        ("~abc", "~abd"),
        ("summary:~ab", "~ab"),
        ("", "stalin"),
        ("^stalin", "stalin$"),
        ("stalin", "^sta"),
        ("stalin", "lin$"),
        ("'stalin", "^sta"),
    ],
)
def test_does_not_narrow_otherwise(new: str, old: str) -> None:
    assert not parse_query(new).narrows(parse_query(old))


def tamper(archive: Archive, rows: list[int]) -> None:
    """Make ``rows`` the applied result of the current query (whatever it matches)."""
    assert archive.corpus is not None
    result = Result(
        archive.corpus, archive.query, archive.row_order, np.array(rows, dtype=np.int64)
    )
    assert archive.apply(result)


def test_narrowing_searches_only_the_last_result(archive: Archive) -> None:
    archive.set_filter("author:woods")
    tamper(archive, [archive.view[0]])  # narrowing must look only here
    assert archive.search(parse_query("author:woods 1920")) == [archive.view[0]]
    assert len(archive.search(parse_query("woods"))) == 2  # not a subset: a full search


def test_an_earlier_result_the_query_narrows_is_searched_instead(archive: Archive) -> None:
    archive.set_filter("stalin")
    tamper(archive, [archive.view[-1]])  # the cached result is [END]
    archive.set_filter("war")  # applied last, and unrelated
    found = archive.search(parse_query("stalin -xyz"))  # narrows "stalin", not "war"
    assert [archive.articles[i].title for i in found] == [END]
    archive.set_filter("~o")  # a ranked earlier result is not in sort order: not used
    tamper(archive, [3])
    archive.set_filter("war")
    assert [archive.articles[i].title for i in archive.search(parse_query("~oc"))] == [CAFE, END]


def spans_of(text: str, field: str, value: str) -> list[str]:
    """The highlighted pieces of ``value`` shown in ``field`` for query ``text``."""
    mark = highlighter(parse_query(text))
    assert mark is not None
    return [value[s:e] for s, e in mark(field, value)]


def test_highlight_spans_per_construct() -> None:
    assert spans_of("author:woods stalin -trotsky", "author", "Alan Woods") == ["Woods"]
    assert spans_of("author:woods stalin -trotsky", "title", "Stalin and Trotsky (Woods)") == [
        "Stalin"
    ]
    assert spans_of("zurich", "title", "Café society in Zürich") == ["Zürich"]
    assert spans_of('"paris commune"', "summary", "the Paris   Commune.") == ["Paris   Commune"]
    assert spans_of("'war", "summary", "The war in Warsaw") == ["war"]
    assert spans_of("^the", "title", "The theory") == ["The"]
    assert spans_of("1917$", "summary", "1917 to 1917") == ["1917"]
    assert spans_of("title:/r.v/", "title", "Revolution, rival") == ["Rev", "riv"]
    assert spans_of("~rvb", "title", "Revolution Betrayed") == ["R", "v", "B"]
    assert spans_of("stalin | trotsky", "summary", "Trotsky, Stalin") == ["Trotsky", "Stalin"]
    assert spans_of("2016", "date", "Friday, 25 November 2016") == ["2016"]
    assert spans_of("date:2016", "date", "Friday, 25 November 2016") == []
    assert spans_of("-stalin NOT lenin !marx", "summary", "Stalin Lenin Marx") == []
    assert spans_of("caption:crop", "summary", "crop") == []
    assert highlighter(parse_query("")) is None


def test_fuzzy_highlight_is_the_tightest_run() -> None:
    assert subsequence("ab", "a xa b") == [3, 5]
    assert subsequence("abc", "xyz") is None
    assert subsequence("", "xyz") == []


def test_relevance_ranks_fuzzy_matches_and_the_sort_breaks_ties(archive: Archive) -> None:
    # By date Café comes first; "ar" is a substring of "warsaw": a better match.
    assert titles(archive, "~ar") == [WARSAW, CAFE]
    assert parse_query("~ar").ranked and not parse_query("-~ar").ranked
    # Equal scores (both by Alan Woods) keep the sort order, either way round.
    archive.set_filter("~woods")
    assert [archive.articles[i].title for i in archive.view] == [WARSAW, END]
    archive.resort([SortKey("date", False)])
    assert [archive.articles[i].title for i in archive.view] == [END, WARSAW]
    # A narrowing fuzzy query re-ranks from sort order, not from the last ranking.
    archive.resort([SortKey("date", True)])
    archive.set_filter("~a")
    archive.set_filter("~ar")
    assert [archive.articles[i].title for i in archive.view] == [WARSAW, CAFE]


def test_query_error_is_a_value_error_with_position() -> None:
    with pytest.raises(ValueError, match=r"unclosed quote at 2"):
        parse_query('x "y')


def test_query_object_basics() -> None:
    assert parse_query("").is_empty and parse_query("   ").is_empty
    assert not parse_query("x").is_empty
    assert parse_query("a b") == Query("a b", parse_query("a  b").root)


def test_every_syntax_example_parses_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for example, meaning in SYNTAX:
        assert not parse_query(example).is_empty and meaning
        quoted = "`" + example.replace("|", "\\|") + "`"  # a table cell escapes |
        assert quoted in readme, example
