"""What the screen looks like, as SVG snapshots at fixed terminal sizes.

Update deliberately with ``pytest tests/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.pilot import Pilot

from tests.conftest import HOSTILE, SEED, archive_from_text
from tests.conftest import settle as _settle
from tui.app import make_app

SnapCompare = Callable[..., bool]


def test_main_screen_wide(snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app([str(SEED)]), terminal_size=(100, 30), run_before=_settle)


def test_main_screen_narrow_stacks_detail(snap_compare: SnapCompare) -> None:
    assert snap_compare(make_app([str(SEED)]), terminal_size=(80, 34), run_before=_settle)


def test_filtered_with_highlights(snap_compare: SnapCompare) -> None:
    async def type_filter(pilot: Pilot[int]) -> None:
        await pilot.press("slash", *"stalin")
        await _settle(pilot)
        await pilot.press("enter", "j")
        await _settle(pilot)

    assert snap_compare(make_app([str(SEED)]), terminal_size=(100, 30), run_before=type_filter)


def test_no_match_message(snap_compare: SnapCompare) -> None:
    async def type_filter(pilot: Pilot[int]) -> None:
        await pilot.press("slash", *"zzzz")
        await _settle(pilot)

    assert snap_compare(make_app([str(SEED)]), terminal_size=(100, 20), run_before=type_filter)


def test_hostile_title_rendered_literally(snap_compare: SnapCompare) -> None:
    app = make_app(archive=archive_from_text(HOSTILE, "hostile.txt"))
    assert snap_compare(app, terminal_size=(120, 24), run_before=_settle)


def test_help_screen(snap_compare: SnapCompare) -> None:
    async def open_help(pilot: Pilot[int]) -> None:
        await _settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app([str(SEED)]), terminal_size=(100, 40), run_before=open_help)
