"""Snapshots of the query language on screen: per-field highlights, the help's syntax.

Update deliberately with ``pytest tests/test_query_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.pilot import Pilot

from tests.conftest import SEED, settle
from tests.test_snapshots import SnapCompare
from tui.app import make_app


def test_field_phrase_and_or_highlights(snap_compare: SnapCompare) -> None:
    """Only what each term matched, in its own field: "Revolution" in titles,
    "Woods" as author (not in summaries), the phrase; the negated term nowhere."""

    async def type_query(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("slash", *'title:revolution | "paris commune" a:woods -betrayed')
        await settle(pilot)
        await pilot.press("enter", "j")
        await settle(pilot)

    app = make_app([str(SEED)])
    assert snap_compare(app, terminal_size=(100, 30), run_before=type_query)


def test_help_syntax_section(snap_compare: SnapCompare) -> None:
    async def open_syntax(pilot: Pilot[int]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        pilot.app.screen.query_one(VerticalScroll).scroll_end(animate=False, immediate=True)
        await pilot.pause()

    assert snap_compare(make_app([str(SEED)]), terminal_size=(100, 40), run_before=open_syntax)
