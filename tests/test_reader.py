"""The reader (enter on a row) and paging the detail pane from the table."""

from __future__ import annotations

from tests.conftest import SEED, archive_from_text, settle
from tui.app import ArchiveApp, make_app
from tui.screens.main import MainScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.article_table import ArticleTable
from tui.widgets.detail_pane import DetailPane

SIZE = (100, 30)
LONG = "S\n\n" + "".join(
    f"Long article {n}\n\nWritten by Alan Woods Friday, 2{n} November 2016\n\n"
    + " ".join(f"Paragraph {n}.{k} of a long summary about the revolution." for k in range(120))
    + "\n\n"
    for n in range(3)
)


def reader(app: ArchiveApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen), screen
    return screen


async def test_enter_reads_the_article_and_escape_returns_to_its_row() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "enter")
        await pilot.pause()
        article = app.archive.articles[app.archive.view[1]]
        text = reader(app).text
        assert text.startswith(article.title)
        assert "Alan Woods · Tuesday, 8 November 2016" in text
        assert "Image caption: Stalin Trotsky front cover crop" in text
        assert article.summary in text
        assert text.endswith(f"{article.source}:{article.line}")
        assert reader(app).sub_title == "article 2 of 7"
        await pilot.press("n", "n")
        await pilot.pause()
        assert reader(app).text.startswith(app.archive.articles[app.archive.view[3]].title)
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        table = app.screen.query_one(ArticleTable)
        assert table.cursor == 2 and table.has_focus  # the article last read


async def test_the_reader_walks_the_filtered_view_and_stops_at_its_ends() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"stalin", "enter", "enter")
        await pilot.pause()
        titles = [reader(app).text.split("\n")[0]]
        for _ in range(3):
            await pilot.press("n")
            await pilot.pause()
            titles.append(reader(app).text.split("\n")[0])
        assert len(set(titles)) == 3 and titles[2] == titles[3]  # three matches, then stop
        assert all("Stalin" in title for title in titles)
        assert any("last article" in n.message for n in app._notifications)


async def test_space_b_and_j_k_scroll_the_reader() -> None:
    app = make_app(archive=archive_from_text(LONG))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        scroller = reader(app).scroller
        assert scroller.max_scroll_y > 20
        await pilot.press("space")
        await pilot.pause()
        page = scroller.scroll_y
        assert page >= scroller.scrollable_content_region.height - 2
        await pilot.press("j", "j")
        await pilot.pause()
        assert scroller.scroll_y == page + 2
        await pilot.press("k", "k", "b")
        await pilot.pause()
        assert scroller.scroll_y == 0
        await pilot.press("G")
        await pilot.pause()
        assert scroller.scroll_y == scroller.max_scroll_y
        await pilot.press("n")  # a new article starts at its top
        await pilot.pause()
        assert scroller.scroll_y == 0


async def test_c_in_the_reader_copies_through_the_main_screens_copy() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("G", "enter", "p", "c")
        await settle(pilot)
        assert app.clipboard == app.archive.articles[app.archive.view[5]].summary
        assert any(n.message.startswith(("Copied", "Sent")) for n in app._notifications)


async def test_double_click_reads_and_space_pages_the_detail_pane() -> None:
    app = make_app(archive=archive_from_text(LONG))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        detail = app.screen.query_one(DetailPane)
        assert detail.max_scroll_y > 0
        await pilot.press("space")
        await pilot.pause()
        assert detail.scroll_y >= detail.scrollable_content_region.height - 1
        await pilot.press("b")
        await pilot.pause()
        assert detail.scroll_y == 0
        await pilot.click(ArticleTable, offset=(20, 2), times=2)
        await pilot.pause()
        assert reader(app).sub_title == "article 2 of 3"
