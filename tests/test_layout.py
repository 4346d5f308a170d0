"""Columns and panes: the title gets the free width, the author its content's,
the scrollbar covers nothing, and the detail pane can be hidden."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SEED, archive_from_text, settle
from tests.screen import screen_cells, text_of
from tui.app import make_app
from tui.bench.generate import generate_listing
from tui.widgets.article_table import ArticleTable, column_widths
from tui.widgets.detail_pane import DetailPane


def test_the_author_column_fits_its_content_up_to_a_cap() -> None:
    assert column_widths(80, author=10) == (10, 80 - 10 - 10 - 6, 10)
    assert column_widths(80, author=3)[2] == len("Author ▲")  # the header fits
    assert column_widths(80, author=40)[2] == 16  # a fifth of the width
    date, title, author = column_widths(200, author=30)
    assert author == 30 and date + title + author + 6 == 200


def header_columns(table: ArticleTable) -> tuple[int, int]:
    """Where the title and author columns start, as drawn in the header."""
    header = table.render_lines_for_test()[0]
    return header.index("Title"), header.index("Author")


async def test_at_100_columns_titles_get_the_room(tmp_path: Path) -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleTable)
        title_x, author_x = header_columns(table)
        assert author_x - title_x - 2 >= 34  # was 28 (the detail pane had 40% of the width)
        assert table.scrollable_content_region.width - author_x < len(
            "International Marxist Tendency"
        )
        lines = table.render_lines_for_test()
        assert any("The Russian Revolution: The Meaning" in line for line in lines)


async def test_without_the_detail_pane_the_table_takes_the_width() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleTable)
        await pilot.press("backslash")
        await pilot.pause()
        assert not app.screen.query_one(DetailPane).display
        assert table.region.width == 100
        title_x, author_x = header_columns(table)
        title = author_x - title_x - 2
        assert title >= 60
        lines = "\n".join(table.render_lines_for_test())
        for article in app.archive.articles:
            shown = article.title if len(article.title) <= title else article.title[: title - 1]
            assert shown in lines
        await pilot.press("backslash")
        await pilot.pause()
        assert table.region.width < 100


async def test_the_scrollbar_never_covers_an_author(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(generate_listing(300, seed=1), encoding="utf-8")
    app = make_app([str(big)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleTable)
        assert table.scrollbar_gutter.right > 0  # there is a scrollbar
        content = table.scrollable_content_region
        start = content.x + header_columns(table)[1]
        grid = screen_cells(app)
        checked = 0
        for row in range(table.region.y + 1, table.region.bottom):
            y = row - table.region.y - 1 + round(table.scroll_y)
            author = app.archive.articles[app.archive.view[y]].author
            shown = text_of(grid[row][start : content.right]).rstrip()
            # The whole name, or a prefix ending in an ellipsis: never a silent cut.
            assert shown == author or (shown.endswith("…") and author.startswith(shown[:-1]))
            checked += 1
        assert checked >= 25


async def test_long_names_everywhere_keep_the_columns_apart() -> None:
    text = "S\n\n" + "".join(
        f"{'T' * 90} {n}\n\nWritten by {'Author ' * 12}{n} Friday, 25 November 2016\n\nSum.\n\n"
        for n in range(3)
    )
    app = make_app(archive=archive_from_text(text))
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ArticleTable)
        for line in table.render_lines_for_test()[1:4]:
            assert line.count("…") == 2 and len(line) == table.scrollable_content_region.width
