"""The fuzzy suggestion for a query without matches, and date marks."""

from __future__ import annotations

import pytest

from tui.highlight import highlighter, with_dates
from tui.query import parse_query
from tui.suggest import fuzzy_form, no_rows_message


@pytest.mark.parametrize(
    ("text", "fuzzy"),
    [
        ("revolution betrayd", "~revolution ~betrayd"),
        ("stalin's", "~stalin's"),
        ("a:woods", None),  # a field: not plain words
        ('"paris commune"', None),
        ("-stalin", None),
        ("x | y", None),
        ("NOT x", None),
        ("~already", None),
        ("", None),
    ],
)
def test_fuzzy_form(text: str, fuzzy: str | None) -> None:
    assert fuzzy_form(text) == fuzzy
    if fuzzy:
        assert parse_query(fuzzy).ranked


def test_no_rows_message_offers_the_way_forward() -> None:
    message = no_rows_message(
        "revolution betrayd", has_articles=True, loading=False, suggestion=("~r ~b", 3)
    )
    assert message.plain.splitlines() == [
        "No articles match “revolution betrayd”.",
        "",
        "Try the fuzzy form ~r ~b: 3 articles (letters in order, typos allowed).",
    ]
    none = no_rows_message("zz", has_articles=True, loading=False, suggestion=("~zz", 0))
    assert none.plain == "No articles match “zz”."
    assert no_rows_message("", has_articles=False, loading=True, suggestion=None).plain == (
        "Loading…"
    )


@pytest.mark.parametrize(
    ("query", "iso", "written"),
    [
        ("date:2016-11", [(0, 10)], [(0, 24)]),
        ("year:>=2016", [(0, 10)], [(0, 24)]),
        ("date:2014..2015", [], []),
        ("-date:2016", [], []),  # negated: marks nothing
        ("2016", [(0, 4)], [(20, 24)]),  # a text term, as before
    ],
)
def test_date_conditions_mark_the_whole_date(
    query: str, iso: list[tuple[int, int]], written: list[tuple[int, int]]
) -> None:
    parsed = parse_query(query)
    base = highlighter(parsed)
    marks = with_dates(parsed, base)
    assert base is not None and marks is not None
    assert marks("date", "2016-11-25") == iso
    assert marks("date", "Friday, 25 November 2016") == written
    assert marks("title", "2016-11-25 notes") == base("title", "2016-11-25 notes")
