"""What the screen looks like, as SVG snapshots at fixed terminal sizes.

Update deliberately with ``pytest tests/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from textual.command import CommandInput
from textual.pilot import Pilot

from tests.conftest import HOSTILE, SEED, archive_from_text
from tests.conftest import settle as _settle
from tui.app import make_app
from tui.bench.generate import generate_listing
from tui.corpus_load import Event, load_parts

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


def test_reader(snap_compare: SnapCompare) -> None:
    async def read(pilot: Pilot[int]) -> None:
        await _settle(pilot)
        await pilot.press("slash", *"stalin", "enter", "j", "enter")
        await _settle(pilot)

    # A relative source name: the reader shows it, and the snapshot must not
    # depend on where the repository is.
    archive = archive_from_text(SEED.read_text(encoding="utf-8"), "data/russian-revolution.txt")
    assert snap_compare(make_app(archive=archive), terminal_size=(100, 30), run_before=read)


def test_palette_with_app_commands(snap_compare: SnapCompare) -> None:
    async def palette(pilot: Pilot[int]) -> None:
        await _settle(pilot)
        await pilot.press("ctrl+p", *"sort")
        # A steady cursor: its blink would make the picture depend on timing.
        pilot.app.screen.query_one(CommandInput).cursor_blink = False
        for _ in range(10):  # the palette searches in the background
            await pilot.pause(0.05)

    assert snap_compare(make_app([str(SEED)]), terminal_size=(100, 30), run_before=palette)


def test_light_theme_remembered(snap_compare: SnapCompare, _private_settings: Path) -> None:
    _private_settings.write_text('{"theme": "solarized-light", "detail": true}')

    async def move(pilot: Pilot[int]) -> None:
        await _settle(pilot)
        await pilot.press("j")

    assert snap_compare(make_app([str(SEED)]), terminal_size=(100, 30), run_before=move)


def test_long_load_in_progress(
    snap_compare: SnapCompare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first batches of a big listing are in, the rest is still loading."""
    big = tmp_path / "big.txt"
    big.write_text(generate_listing(6000, seed=7), encoding="utf-8")

    def first_batches(paths: Sequence[str], directory: Path | None) -> Iterator[Event]:
        return itertools.islice(load_parts(paths, directory, 200_000), 3)  # and no "done"

    monkeypatch.setattr("tui.screens.loader.load_parts", first_batches)
    app = make_app([str(big)])
    assert snap_compare(app, terminal_size=(100, 24), run_before=_settle)
