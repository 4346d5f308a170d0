"""The hostile corpus in the app: the literal text shows everywhere (table,
detail, header, status, notifications, help, warnings screen), nothing is read
as markup, and the warnings screen lists every diagnostic and jumps to it."""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import OptionList

from tests.conftest import settle
from tests.corpus.build import build, manifest
from tui.app import ArchiveApp, make_app
from tui.listing import read_listing
from tui.screens.diagnostics import DiagnosticsScreen, count_words
from tui.screens.main import MainScreen
from tui.text import fit

SnapCompare = Callable[..., bool]
MANIFEST = manifest()
LOADABLE = sorted(name for name, spec in MANIFEST.items() if "error" not in spec)
SIZE = (160, 40)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("corpus"))


def screen_text(app: ArchiveApp) -> str:
    """The whole composed screen (modals over their background, toasts
    included) as plain text, as the terminal would show it."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True)
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    console.print(update)
    return console.export_text()


def main_screen(app: ArchiveApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


@pytest.mark.parametrize("name", LOADABLE)
async def test_every_article_shows_literally(corpus: Path, name: str) -> None:
    listing = read_listing(corpus / name)
    app = make_app([str(corpus / name)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        assert screen.sub_title == (listing.section or "(no section)")
        assert len(app.archive) == len(listing.articles)
        status = screen.query_one("StatusLine").text
        notes = sum(d.severity == "note" for d in listing.diagnostics)
        count = len(listing.diagnostics) - notes
        if count or notes:
            assert status.endswith(f"{count_words(count, notes)} (! to view)")
        else:
            assert "warning" not in status and "note" not in status
        rows = "\n".join(screen.table.render_lines_for_test())
        for row in range(len(listing.articles)):
            article = app.archive.articles[screen.table.current_article or 0]
            assert fit(article.title, 30)[:-1] in rows
            detail = screen.query_one("DetailPane").text
            assert detail.startswith(article.title or "(untitled)")
            assert article.summary[:1000] in detail
            if row + 1 < len(listing.articles):
                await pilot.press("j")
                await pilot.pause()


async def test_markup_in_every_field_is_literal_on_screen(corpus: Path) -> None:
    app = make_app([str(corpus / "markup.txt")])
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        await pilot.press("c")  # a copy: its notification must not disturb the screen
        await settle(pilot)
        text = screen_text(app)
        for literal in (
            "[b]Hostile[/b] [@click=app.quit]Section[/]",  # header
            "[bold red]Bold title[/bold red] [/] unmatched close",  # table
            "[i]Mallory[/i] [@click=app.bell]",  # author column and byline
            "Photo [b]by[/b] mallory.jpg",  # caption
            "[link=https://evil.example/x]click[/link]",
        ):
            assert literal in text, literal
        detail = main_screen(app).query_one("DetailPane").text
        assert "click[/link] $text-accent [/bold] unclosed [italic" in detail
        notes = [n.message for n in app._notifications]
        assert any("(OSC 52)" in n for n in notes)
        await pilot.click("ArticleTable", offset=(40, 1))  # clicking "[@click=...]" text
        await pilot.press("question_mark", "end")  # the syntax is below the keys
        await pilot.pause()
        assert "Query syntax" in screen_text(app)
        await pilot.press("escape")
        assert app.is_running


async def test_warnings_screen_lists_every_diagnostic_literally(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A file name with markup in it: the warnings quote the path (relative,
    # so that each line fits the screen whatever the temp directory).
    monkeypatch.chdir(tmp_path)
    marked = Path("[@click=app.quit][b]dates.txt")
    shutil.copyfile(corpus / "dates.txt", marked)
    paths = [str(marked), str(corpus / "escapes.txt"), str(corpus / "structure.txt")]
    expected = [str(d) for p in paths for d in read_listing(p).diagnostics]
    notes = sum(": note: " in line for line in expected)
    counts = count_words(len(expected) - notes, notes)
    assert counts == "15 warnings · 1 note"
    app = make_app(paths)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        assert f"{counts} (! to view)" in screen_text(app)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, DiagnosticsScreen)
        options = app.screen.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert sorted(shown) == sorted(expected)
        text = screen_text(app)
        assert f"{marked}:5: warning: impossible date 31 February 2017" in text
        assert counts in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_enter_on_a_warning_jumps_to_its_article_clearing_the_filter(
    corpus: Path,
) -> None:
    app = make_app([str(corpus / "dates.txt")])
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        await pilot.press("slash", *"lowercase", "enter")
        await settle(pilot)
        assert screen.table.row_count == 1
        await pilot.press("exclamation_mark")
        await pilot.pause()
        await pilot.press("down", "down", "down", "enter")  # line 35: three-digit year
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert screen.filter_bar.value == ""
        assert screen.table.row_count == 8
        article = app.archive.articles[screen.table.current_article or 0]
        assert (article.title, article.line) == ("Three-digit year", 33)
        assert screen.table.has_focus
        assert screen.query_one("DetailPane").text.startswith("Three-digit year")
        # Without a filter in the way the jump keeps the view as it is.
        await pilot.press("exclamation_mark")
        await pilot.pause()
        await pilot.press("enter")  # line 5: impossible date
        await settle(pilot)
        assert app.archive.articles[screen.table.current_article or 0].line == 3


async def test_a_warning_outside_any_article_says_so(corpus: Path) -> None:
    app = make_app([str(corpus / "real-page-midway.txt")])
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        await pilot.press("enter")  # line 1: the scrap the page starts with
        await pilot.pause()
        assert isinstance(app.screen, DiagnosticsScreen)  # still open
        notes = [n.message for n in app._notifications]
        assert notes == [
            f"Line 1 of {corpus / 'real-page-midway.txt'} is not part of a loaded article."
        ]


async def test_no_warnings_gives_a_message_not_an_empty_screen(corpus: Path) -> None:
    app = make_app([str(corpus / "crlf.txt")])
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert [n.message for n in app._notifications] == [
            "No warnings: every file loaded cleanly."
        ]


async def test_huge_summary_shows_a_prefix_and_copies_all(corpus: Path) -> None:
    path = corpus / "huge-summary.txt"
    summary = read_listing(path).articles[0].summary
    app = make_app([str(path)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        detail = main_screen(app).query_one("DetailPane").text
        assert summary[:20_000] in detail
        assert f"… {len(summary) - 20_000:,} more characters (c copies all of it)" in detail
        await pilot.press("c")
        await settle(pilot)
        assert app.clipboard == summary


def test_snapshot_warnings_screen(snap_compare: SnapCompare, corpus: Path) -> None:
    paths = [str(Path("tests/corpus") / n) for n in ("dates.txt", "structure.txt", "markup.txt")]

    async def open_warnings(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("exclamation_mark")
        await pilot.pause()
        await pilot.press("down", "down")
        await pilot.pause()

    assert snap_compare(make_app(paths), terminal_size=(110, 30), run_before=open_warnings)


def test_snapshot_markup_corpus_literal(snap_compare: SnapCompare) -> None:
    async def select_second(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("j")
        await pilot.pause()

    app = make_app([str(Path("tests/corpus") / "markup.txt")])
    assert snap_compare(app, terminal_size=(140, 24), run_before=select_second)


def _styles_of(widget: Widget, word: str) -> set[str]:
    """The foreground colours the widget draws ``word`` in (rendered cells)."""
    region = Region(0, 0, widget.size.width, widget.size.height)
    return {
        str(segment.style.color if segment.style else None)
        for strip in widget.render_lines(region)
        for segment in strip
        if segment.text.strip() == word
    }


async def test_a_real_page_shows_its_articles_and_lists_its_page_text_on_bang(
    corpus: Path,
) -> None:
    page = corpus / "real-page.txt"
    notes = [str(d) for d in read_listing(page).diagnostics]
    app = make_app([str(page), str(corpus / "dates.txt")])
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        screen = main_screen(app)
        # Four bylines, four rows of the page (plus dates.txt's eight): no junk row.
        rows = "\n".join(screen.table.render_lines_for_test())
        assert sum(a.source == str(page) for a in app.archive.articles) == 4
        for furniture in ("Recent highlights", "Page 1 of 80", "Upcoming", "Polytech "):
            assert furniture not in rows
        status = screen.query_one("StatusLine").text
        assert status.endswith("6 warnings · 8 notes (! to view)")
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, DiagnosticsScreen)
        options = app.screen.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert [line for line in shown if ": note: " in line] == notes
        text = screen_text(app)
        assert "6 warnings · 8 notes" in text
        assert f'{page}:5: note: skipped page text "Recent highlights:"' in text
        # A note is drawn in its own colour, not a warning's.
        note, warning = _styles_of(options, "note"), _styles_of(options, "warning")
        assert len(note) == 1 and len(warning) == 1 and note != warning
