"""What the screen tells a person: footer keys, placeholders, errors, help,
progress, date matches and a way forward when nothing matches."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.conftest import SEED, settle
from tests.screen import screen_cells, text_of, widget_rows
from tui import corpus_load as loading
from tui.app import ArchiveApp, make_app
from tui.bench.generate import generate_listing
from tui.corpus_load import Event
from tui.screens.main import MainScreen
from tui.widgets.article_table import ArticleTable
from tui.widgets.filter_bar import FilterBar
from tui.widgets.status_line import StatusLine

SIZE = (100, 30)


def row_text(app: ArchiveApp, y: int) -> str:
    return text_of(screen_cells(app)[y])


def status(app: ArchiveApp) -> str:
    return app.screen.query_one(StatusLine).text


async def test_the_footer_shows_the_filter_keys_while_it_has_focus() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table_footer = row_text(app, SIZE[1] - 1)
        assert "Sort" in table_footer and "Table" not in table_footer
        await pilot.press("slash")
        await pilot.pause()
        footer = row_text(app, SIZE[1] - 1)
        for key, description in (
            ("⏎", "Table"),
            ("esc", "Clear filter"),
            ("↑", "Earlier query"),
            ("↓", "Later query"),
        ):
            assert f"{key} {description}" in footer, footer
        assert "Sort" not in footer  # typing s types an s here


async def test_the_placeholder_says_how_to_filter_when_typing_would_run_commands() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        filter_row = app.screen.query_one(FilterBar).region.y
        assert row_text(app, filter_row).strip() == "/ to filter"
        await pilot.press("slash")
        await pilot.pause()
        assert row_text(app, filter_row).strip() == "/ Filter: type words to match…"
        await pilot.press("escape")  # back to the table
        await pilot.pause()
        assert row_text(app, filter_row).strip() == "/ to filter"


async def test_an_invalid_query_keeps_the_rows_marked_as_the_last_good_result() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleTable)
        await pilot.press("slash", "a")
        await settle(pilot)
        live = widget_rows(app, table)
        rows = table.row_count
        await pilot.press(":", '"', "a", "l", "a", "n")
        await settle(pilot)
        assert app.screen.query_one(FilterBar).error.startswith(" ✗ unclosed quote")
        assert table.row_count == rows  # the rows stay
        assert "the last valid query’s results (“a”)" in status(app)
        stale = widget_rows(app, table)
        # The first row's title: "Communists against ..." has an "a" at 12.
        title_at = 13
        assert text_of(live[1])[title_at + 11] == "a"
        live_mark, stale_mark = live[1][title_at + 11], stale[1][title_at + 11]
        plain = stale[1][title_at]  # the "C"
        assert live_mark.look != plain.look  # a live match stands out...
        assert stale_mark.look != live_mark.look  # ...a stale one is drawn differently
        assert stale_mark.fg == plain.fg  # without the match colour
        await pilot.press("ctrl+u", "a")  # valid again
        await settle(pilot)
        assert "last valid" not in status(app)
        assert widget_rows(app, table)[1][title_at + 11].look == live_mark.look


async def test_an_invalid_query_typed_fast_is_marked_too() -> None:
    """Typed in one go, the last valid query's search lands after the error."""
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "a", ":", '"', "a", "l")
        await settle(pilot)
        assert app.screen.query_one(FilterBar).error
        assert app.archive.query.text == "a"
        assert "the last valid query’s results (“a”)" in status(app)


async def test_help_says_how_to_close_it_and_lists_the_mouse_tab_and_palette() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = "\n".join(text_of(row) for row in screen_cells(app))
        assert "esc, q or ? closes" in text
        footer = row_text(app, 39)
        assert "Close help" in footer and "Sort" not in footer
        body = str(app.screen.query_one("#help-body").content)
        for words in ("click a header", "tab, shift+tab", "^p", "command palette", "Read"):
            assert words in body or words in text, words
        await pilot.press("end")
        await pilot.pause()
        assert "Query syntax" in "\n".join(text_of(row) for row in screen_cells(app))
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_a_long_load_shows_one_total_and_one_progress_figure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.txt"
    big.write_text(generate_listing(3000, seed=3), encoding="utf-8")
    go = threading.Event()
    real = loading.load_parts

    def held(paths: Sequence[str], directory: Path | None) -> Iterator[Event]:
        go.wait(10)
        yield from real(paths, directory, 200_000)

    monkeypatch.setattr("tui.screens.loader.load_parts", held)
    app = make_app([str(big)])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert status(app) == "loading… 0%"  # not "0 of 0 articles"
        assert screen.sub_title == "loading…"  # not "(no section)"
        assert "Loading…" in "\n".join(screen.table.render_lines_for_test())
        go.set()
        await settle(pilot)
        await settle(pilot)
        assert status(app).startswith("3,000 of 3,000 articles · sorted by")
        assert screen.sub_title == "Generated Archive"


async def test_date_conditions_mark_the_date_column() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleTable)
        await pilot.press("slash", *"date:2016..", "enter", "j")
        await settle(pilot)
        assert table.row_count == 4
        rows = widget_rows(app, table)
        date = [row[1:11] for row in rows[1:5]]
        assert [text_of(d) for d in date] == [
            "2016-11-25",
            "2016-11-08",
            "2016-11-07",
            "2016-10-27",
        ]
        await pilot.press("slash", "ctrl+u", *"stalin", "enter")  # the dates are plain here
        await settle(pilot)
        plain = widget_rows(app, table)[3][1:11]  # a row off the cursor
        marked = date[2]  # the same kind of row, off the cursor
        assert {c.look for c in marked} != {c.look for c in plain}
        assert marked[0].style.underline and not plain[0].style.underline


async def test_no_match_suggests_the_fuzzy_form_and_its_count() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"revolution betrayd")
        await settle(pilot)
        await settle(pilot)
        table = app.screen.query_one(ArticleTable)
        assert table.row_count == 0
        lines = "\n".join(table.render_lines_for_test())
        assert "No articles match “revolution betrayd”." in lines
        assert "Try the fuzzy form ~revolution ~betrayd: 1 article" in lines
        await pilot.press("ctrl+u", *"~revolution ~betrayd")
        await settle(pilot)
        assert table.row_count == 1
        assert "Revolution Betrayed" in app.archive.articles[app.archive.view[0]].title
