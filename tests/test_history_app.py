"""The query history in the app: a hostile file neither reaches the terminal
nor stops the app, and Enter saves the query the filter holds once the keys
typed before it (a paste, a fast typist, a script) have been taken."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual import events

from tests.conftest import SEED, settle
from tui.app import make_app
from tui.bench.frames import send_key
from tui.history import read_entries
from tui.text import is_safe

SIZE = (100, 30)


async def test_a_hostile_history_entry_is_recalled_as_plain_text(_private_history: Path) -> None:
    _private_history.write_text(
        json.dumps({"version": 1, "queries": ["\x1b]0;PWNED\x07\x1b[2Jstalin"]})
    )
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen: Any = app.screen
        await pilot.press("slash", "up")
        assert screen.filter_bar.value == "stalin"
        assert is_safe(screen.filter_bar.value)
        await settle(pilot)
        assert len(screen.archive.view) == 3


async def test_absurd_nesting_does_not_stop_the_app(_private_history: Path) -> None:
    _private_history.write_text("[" * 100_000)
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert [n.message for n in app._notifications] == [
            f"Ignored the unreadable query history {_private_history}: nested too deeply"
        ]
        assert len(app.screen.archive.view) == 7  # type: ignore[attr-defined]
        await pilot.press("slash", *"lenin", "enter")
    assert read_entries(_private_history) == ["lenin"]


async def test_enter_after_a_burst_saves_the_whole_query(_private_history: Path) -> None:
    """The keys and Enter are queued at once, as a terminal delivers a paste
    or a fast typist's keys: the saved query is all of them, and a key after
    Enter goes to the table."""
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen: Any = app.screen
        for key in ["slash", *"author:woods", "enter", "j"]:
            send_key(app, key)
        await settle(pilot)
        assert screen.filter_bar.value == "author:woods"
        assert screen.table.has_focus and screen.table.cursor == 1
        await pilot.press("slash", "escape")  # cleared
        paste = events.Paste("stalin | lenin")  # a bracketed paste, then Enter
        paste.set_sender(app)
        app.post_message(paste)
        send_key(app, "enter")
        await settle(pilot)
        assert screen.filter_bar.value == "stalin | lenin"
    assert read_entries(_private_history) == ["author:woods", "stalin | lenin"]
