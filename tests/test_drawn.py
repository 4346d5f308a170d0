"""What is drawn, cell by cell: the cursor, themes, highlights and dim text.

State can be right while the screen is wrong (a cursor whose background the
row's own style covered passed every state test); these assert on the
styles of the cells the compositor hands to the terminal.
"""

from __future__ import annotations

from rich.color import Color
from textual.app import App

from tests.conftest import SEED, settle
from tests.screen import (
    contrast,
    rgb,
    row_background,
    text_of,
    widget_rows,
)
from tui.app import make_app
from tui.widgets.article_table import ArticleTable

SIZE = (100, 30)
THEMES = sorted(App().available_themes)


def theme_rgb(app: App[int], variable: str) -> tuple[int, int, int]:
    return rgb(Color.parse(app.theme_variables[variable]))


async def test_cursor_row_background_differs_from_every_other_row_in_every_theme() -> None:
    app = make_app([str(SEED)])
    failures = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleTable)
        await pilot.press("j")
        for theme in THEMES:
            app.theme = theme
            for focus in ("table", "filter"):
                if focus == "filter":
                    await pilot.press("slash")
                else:
                    table.focus()
                await pilot.pause()
                rows = widget_rows(app, table)
                cursor = rows[2]  # the header, the first article, the cursor's
                assert "The Truth about Stalin" in text_of(cursor)
                others = [row for y, row in enumerate(rows) if y != 2]
                same = [
                    text_of(r)[:30] for r in others if row_background(r) == row_background(cursor)
                ]
                if same:
                    failures.append(f"{theme} ({focus} focused): {same}")
    assert not failures, failures


async def test_after_a_theme_change_every_visible_row_uses_the_new_colours() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = "textual-dark"
        await pilot.pause()
        table = app.screen.query_one(ArticleTable)
        old_surface = theme_rgb(app, "surface")
        await pilot.press("j")
        app.theme = "solarized-light"
        await pilot.pause()
        await pilot.press("j")  # a row repaint, as the report had it
        await pilot.pause()
        surface, foreground = theme_rgb(app, "surface"), theme_rgb(app, "foreground")
        assert surface != old_surface
        rows = widget_rows(app, table)
        articles = [row for row in rows[1:8] if text_of(row).strip()]
        assert len(articles) == 7
        for y, row in enumerate(articles):
            if y == table.cursor:
                continue
            assert rgb(row_background(row)) == surface, text_of(row)
            title = row[14]  # a title cell: the theme's foreground
            assert rgb(title.fg) == foreground, text_of(row)
        for row in rows[8:]:  # and the blank rows below
            assert rgb(row_background(row)) == surface


async def test_match_highlights_differ_from_plain_text_on_every_row() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"stalin", "enter")
        await settle(pilot)
        table = app.screen.query_one(ArticleTable)
        rows = widget_rows(app, table)
        checked = 0
        for y, row in enumerate(rows[1:4], start=1):
            text = text_of(row)
            at = text.find("Stalin")
            if at < 0:
                continue
            match = row[at : at + 6]
            plain = [row[x] for x in range(at - 8, at - 1) if row[x].char != " "]
            assert len({cell.look for cell in match}) == 1
            for cell in plain:
                assert cell.look != match[0].look, (y, text)
            checked += 1
        assert checked == 2  # two titles name Stalin, the cursor's row among them
        assert table.cursor == 0 and "Stalin" in text_of(rows[1])


async def test_the_date_column_is_dimmer_than_the_titles_in_every_theme() -> None:
    app = make_app([str(SEED)])
    failures = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleTable)
        for theme in THEMES:
            app.theme = theme
            await pilot.pause()
            rows = widget_rows(app, table)
            for row in rows[2:8]:  # not the cursor's row
                date, title = row[1], row[14]
                assert text_of(row[1:11]).startswith("20")
                if not contrast(date) < contrast(title):
                    failures.append((theme, text_of(row)[:30], contrast(date), contrast(title)))
    assert not failures, failures
