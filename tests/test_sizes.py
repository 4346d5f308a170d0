"""Any terminal size: the app renders from 20x6 to 300x100, survives rapid
resizes, and below the minimum shows the "too small" notice instead."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import HOSTILE, SEED, archive_from_text, settle
from tests.test_corpus_app import screen_text
from tui.app import make_app
from tui.screens.main import MainScreen
from tui.screens.too_small import MIN_HEIGHT, MIN_WIDTH, TooSmallScreen

SIZES = [(20, 6), (39, 24), (80, 9), (40, 10), (60, 12), (100, 30), (300, 100), (300, 6)]


@pytest.mark.parametrize(("width", "height"), SIZES)
async def test_renders_at_size(width: int, height: int) -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=(width, height)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        assert isinstance(app.screen, TooSmallScreen) == small
        if small:
            assert "Terminal too small" in " ".join(text.split())
        else:
            assert "Communists against Stalin" in text
            assert "7 of 7 articles" in text
        await pilot.press("j", "question_mark")
        await pilot.pause()
        await pilot.press("escape", "slash", *"stalin", "enter")
        await settle(pilot)
        assert app.is_running
        screen_text(app)


async def test_rapid_resizes_end_in_the_right_screen() -> None:
    app = make_app(archive=archive_from_text(HOSTILE, "hostile.txt"))
    sizes = [(300, 100), (20, 6), (100, 30), (39, 9), (41, 11), (80, 24), (25, 40), (120, 8)]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        for round_ in range(6):
            for width, height in sizes[round_ % 2 :]:
                await pilot.resize_terminal(width, height)
            await pilot.pause()
        await pilot.resize_terminal(30, 8)
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "30×8: needs 40×10" in " ".join(screen_text(app).split())
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        assert [type(s) for s in app.screen_stack].count(TooSmallScreen) == 0
        assert screen.table.current_article == screen.archive.view[1]  # state kept
        await pilot.press("k")  # the keys reach the table again
        assert screen.table.cursor == 0


async def test_too_small_notice_quits_with_q() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=(30, 8)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running


def test_snapshot_too_small(snap_compare: Callable[..., bool]) -> None:
    assert snap_compare(make_app([str(SEED)]), terminal_size=(34, 8), run_before=settle)
