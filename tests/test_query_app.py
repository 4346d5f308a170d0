"""The query language in the app (Pilot) and the CLI: field queries, inline errors
that keep the rows, history recall, highlights, relevance, and one set of rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import Static

from tests.conftest import SEED, settle
from tests.test_app import SIZE, parts
from tui.app import ArchiveApp, make_app
from tui.cli import main
from tui.history import read_entries
from tui.widgets.detail_pane import MATCH_STYLE

# By Alan Woods, and naming him in its summary too.
WOODS_IN_SUMMARY = "The Russian Revolution: The Meaning of October"
# By another author, naming Alan Woods in its summary only.
WOODS_NOT_AUTHOR = "97th anniversary of the russian revolution"


def view_titles(app: ArchiveApp) -> list[str]:
    screen, table, _, _ = parts(app)
    return [screen.archive.articles[i].title for i in table._view]


def marked(text: Text) -> list[str]:
    """The pieces of ``text`` styled as a match."""
    return [text.plain[s.start : s.end] for s in text.spans if str(s.style) == MATCH_STYLE]


async def test_a_field_query_filters_that_field_only() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen, table, status, _ = parts(app)
        await pilot.press("slash", *"woods")
        await settle(pilot)
        assert table.row_count == 6
        assert WOODS_NOT_AUTHOR in view_titles(app)
        await pilot.press("ctrl+u", *"author:woods")
        await settle(pilot)
        assert screen.filter_bar.value == "author:woods"
        assert table.row_count == 5
        assert WOODS_NOT_AUTHOR not in view_titles(app)
        assert status.text.startswith("5 of 7 articles")


async def test_an_invalid_query_shows_the_error_inline_and_keeps_the_rows() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen, table, status, _ = parts(app)
        await pilot.press("slash", *"stalin")
        await settle(pilot)
        rows = view_titles(app)
        assert len(rows) == 3
        await pilot.press(*' "paris')
        await settle(pilot)
        assert screen.filter_bar.error == " ✗ unclosed quote at 7"
        assert view_titles(app) == rows  # the last good result stays
        assert screen.archive.query.text.strip() == "stalin"
        assert status.text.startswith("3 of 7 articles")
        await pilot.press('"')  # valid again: the error goes, the rows follow
        await settle(pilot)
        assert screen.filter_bar.error == ""
        assert table.row_count == 0
        screen.filter_bar.value = "stalin date:2016-13"  # pasted: no valid step between
        await settle(pilot)
        assert screen.filter_bar.error == " ✗ bad date '2016-13' at 12"
        assert table.row_count == 0


async def test_history_recalls_queries_of_this_and_earlier_runs(_private_history: Path) -> None:
    first = make_app([str(SEED)])
    async with first.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"author:woods", "enter")
        await pilot.press("slash", *"stalin (", "enter")  # does not parse: not kept
        await settle(pilot)
    assert read_entries(_private_history) == ["author:woods"]

    second = make_app([str(SEED)])
    async with second.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen, table, _, _ = parts(second)
        await pilot.press("slash", *"trotsky", "enter", "slash", "escape")  # clear the filter
        assert screen.filter_bar.input.has_focus and screen.filter_bar.value == ""
        await pilot.press("up")
        assert screen.filter_bar.value == "trotsky"
        await pilot.press("up")
        assert screen.filter_bar.value == "author:woods"  # from the first run
        await settle(pilot)
        assert table.row_count == 5
        await pilot.press("up")  # nothing earlier
        assert screen.filter_bar.value == "author:woods"
        await pilot.press("down")
        assert screen.filter_bar.value == "trotsky"
        await pilot.press("down")
        assert screen.filter_bar.value == ""  # past the newest: what was typed
        assert screen.filter_bar.input.has_focus
        await pilot.press("down", "j")  # then down leaves, and j moves the table
        assert table.has_focus and table.cursor == 1
        assert screen.filter_bar.value == ""


async def test_a_corrupt_history_warns_and_the_app_runs(_private_history: Path) -> None:
    _private_history.write_text("{ not json")
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen, _, _, _ = parts(app)
        assert any("Ignored the unreadable query history" in n.message for n in app._notifications)
        await pilot.press("slash", "up")
        assert screen.filter_bar.value == ""
        await pilot.press(*"lenin", "enter")
    assert json.loads(_private_history.read_text())["queries"] == ["lenin"]


async def test_the_detail_pane_highlights_matches_in_their_field_only() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _, table, _, detail = parts(app)
        await pilot.press("slash", *"author:woods october", "enter")
        await settle(pilot)
        table.cursor = view_titles(app).index(WOODS_IN_SUMMARY)
        await pilot.pause()
        content = detail.query_one("#detail-text", Static).content
        assert isinstance(content, Text)
        assert "by Alan Woods" in content.plain  # in the summary: not an author match
        assert marked(content) == ["October", "Woods"]  # title, then byline's author
        assert content.plain.count("Woods") == 2


async def test_fuzzy_ranks_by_relevance_and_says_so() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _, _, status, _ = parts(app)
        await pilot.press("slash", *"~revbetr")
        await settle(pilot)
        assert view_titles(app)[0] == "The Revolution Betrayed – a Marxist masterpiece"
        assert "sorted by relevance ▼, date ▼, title ▲" in status.text
        await pilot.press("enter", "s")  # a new sort stays below relevance
        await settle(pilot)
        assert "sorted by relevance ▼, title ▲" in status.text
        assert view_titles(app)[0] == "The Revolution Betrayed – a Marxist masterpiece"


QUERIES = ["author:woods -stalin", "stalin | date:<2015", '"russian revolution" ~rvl', "year:2014"]


@pytest.mark.parametrize("query", QUERIES)
async def test_the_cli_lists_the_same_rows_in_the_same_order(
    query: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", str(SEED), "--format", "json", "--filter", query]) == 0
    cli = [record["title"] for record in json.loads(capsys.readouterr().out)]
    app = make_app([str(SEED)], initial_filter=query)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert view_titles(app) == cli
    assert cli  # each query matches something


@pytest.mark.parametrize("query", ["date:2016-13", 'x "y', "foo:bar", "(a"])
async def test_a_bad_query_is_the_same_error_in_the_cli_and_the_app(
    query: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", "--filter", query]) == 2
    line = capsys.readouterr().err.strip()
    assert line.startswith("archive-tui: bad query: ")
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen, _, _, _ = parts(app)
        await pilot.press("slash", *query)
        await settle(pilot)
        assert screen.filter_bar.error == " ✗ " + line.removeprefix("archive-tui: bad query: ")
