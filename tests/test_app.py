"""Behaviour through Pilot: typing filters, keys move and sort, copy, hostile text."""

from __future__ import annotations

import io
from pathlib import Path
from unittest.mock import patch

import pytest
from rich.console import Console
from textual.widgets import Static

from tests.conftest import SEED, settle
from tui.app import ArchiveApp, make_app
from tui.screens.main import MainScreen
from tui.sorting import SortKey
from tui.view import ArchiveView as Archive
from tui.widgets.article_table import ArticleTable
from tui.widgets.detail_pane import DetailPane
from tui.widgets.filter_bar import FilterBar
from tui.widgets.status_line import StatusLine

SIZE = (100, 30)


def parts(app: ArchiveApp) -> tuple[MainScreen, ArticleTable, StatusLine, DetailPane]:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return (
        screen,
        screen.query_one(ArticleTable),
        screen.query_one(StatusLine),
        screen.query_one(DetailPane),
    )


async def test_typing_filters_live_and_status_follows() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen, table, status, _ = parts(app)
        assert status.text.startswith("7 of 7 articles · sorted by date ▼")
        await pilot.press("slash", *"stal")
        await settle(pilot)
        assert table.row_count == 3
        await pilot.press(*"in")
        await settle(pilot)
        assert status.text.startswith("3 of 7 articles")
        assert screen.archive.query.text == "stalin"
        await pilot.press("x", "y", "z")
        await settle(pilot)
        assert table.row_count == 0
        assert any(
            "No articles match “stalinxyz”" in line for line in table.render_lines_for_test()
        )
        await pilot.press("escape")
        await settle(pilot)
        assert screen.filter_bar.value == ""
        assert table.row_count == 7
        await pilot.press("escape")
        assert table.has_focus


async def test_enter_and_down_leave_the_filter_keeping_it() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen, table, status, _ = parts(app)
        for leave in ("enter", "down"):
            await pilot.press("slash", *"woo")
            await settle(pilot)
            await pilot.press(leave)
            assert table.has_focus
            assert screen.filter_bar.value == "woo"
        assert status.text.startswith("6 of 7 articles")


async def test_navigation_keys_move_the_cursor_and_detail() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _, table, _, detail = parts(app)
        assert table.cursor == 0
        await pilot.press("down", "j")
        assert table.cursor == 2
        await pilot.press("k")
        assert table.cursor == 1
        await pilot.press("G")
        assert table.cursor == 6
        await pilot.press("g")
        assert table.cursor == 0
        await pilot.press("end")
        assert table.cursor == 6
        await pilot.press("home", "pagedown")
        assert table.cursor == 6
        await pilot.press("pageup")
        assert table.cursor == 0
        await pilot.pause()
        assert detail.text.startswith("Communists against Stalin")
        assert "Image caption: Trotskyist Left Opposition 1927 Public Domain" in detail.text
        assert "Alan Woods · Friday, 25 November 2016" in detail.text


async def test_sort_keys_and_header_click() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen, table, status, _ = parts(app)
        await pilot.press("s")
        assert screen.archive.sort_keys[0] == SortKey("title", False)
        assert "sorted by title ▲" in status.text
        await pilot.press("r")
        assert screen.archive.sort_keys[0] == SortKey("title", True)
        assert "Title ▼" in table.render_lines_for_test()[0]
        author_x = table.size.width - 3  # the Author header
        await pilot.click(ArticleTable, offset=(author_x, 0))
        assert screen.archive.sort_keys[0] == SortKey("author", False)
        await pilot.click(ArticleTable, offset=(author_x, 0))
        assert screen.archive.sort_keys[0] == SortKey("author", True)
        await pilot.click(ArticleTable, offset=(3, 0))
        assert screen.archive.sort_keys[0] == SortKey("date", True)


async def test_sort_keeps_the_highlighted_article() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _, table, _, _ = parts(app)
        await pilot.press("j", "j")
        before = table.current_article
        await pilot.press("s")
        assert table.current_article == before


def _fake_xclip(folder: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> None:
    """An X11 session whose only clipboard tool is ``script``."""
    folder.mkdir()
    (folder / "xclip").write_text(script)
    (folder / "xclip").chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)


@pytest.mark.parametrize("works", [True, False])
async def test_copy_summary_with_and_without_a_system_clipboard(
    works: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copied = tmp_path / "copied"
    script = f'#!/bin/sh\nexec /bin/cat > "{copied}"\n' if works else "#!/bin/sh\nexit 1\n"
    _fake_xclip(tmp_path / "bin", monkeypatch, script)
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "c")
        await settle(pilot)
        summary = app.archive.articles[app.archive.view[1]].summary
        assert app.clipboard == summary  # OSC 52 route, always
        assert copied.exists() == works
        if works:
            assert copied.read_text(encoding="utf-8") == summary
        messages = [n.message for n in app._notifications]
        if works:
            assert messages == [
                f"Copied {len(summary)} characters · system clipboard (xclip) · "
                "sent to the terminal (OSC 52)"
            ]
        else:
            assert messages == [
                f"Sent {len(summary)} characters to the terminal clipboard (OSC 52) · "
                "xclip failed (exit 1)"
            ]


async def test_copy_times_out_when_the_clipboard_hangs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_xclip(tmp_path / "bin", monkeypatch, "#!/bin/sh\nexec /bin/sleep 30\n")
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        with patch("tui.clipboard.COPY_TIMEOUT", 0.2):
            await settle(pilot)
            await pilot.press("c")
            await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any(m.endswith("xclip did not answer within 0.2 s") for m in messages)


async def test_hostile_text_is_rendered_literally(hostile_archive: Archive) -> None:
    app = make_app(archive=hostile_archive)
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        screen, table, _, detail = parts(app)
        lines = table.render_lines_for_test()
        assert any("[/] unmatched close [@click=app.quit]click me[/]" in line for line in lines)
        assert any("[red]Mallory[/red]" in line for line in lines)
        assert "[link=https://example.com]link[/link] summary with [/]" in detail.text
        assert screen.sub_title == "Hostile [bold]Section[/]"
        await pilot.click(ArticleTable, offset=(30, 1))
        await pilot.press("c")
        await settle(pilot)
        assert app.is_running  # the [@click=app.quit] text is not an action


async def test_help_screen_lists_live_bindings() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        console = Console(record=True, width=100, file=io.StringIO())
        console.print(app.screen.query_one("#help-body", Static).content)
        body = console.export_text()
        assert app.screen.__class__.__name__ == "HelpScreen"
        for description in ("Copy summary", "Reverse", "First article", "Clear filter"):
            assert description in body
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_narrow_terminal_stacks_the_detail_pane() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        _, table, _, detail = parts(app)
        assert detail.region.y > table.region.y
        assert detail.region.x == table.region.x


async def test_initial_filter_from_the_cli() -> None:
    app = make_app([str(SEED)], initial_filter="stalin")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert parts(app)[1].row_count == 3
        assert isinstance(app.screen.query_one(FilterBar), FilterBar)
