"""Baselines measured the same way as the real app, each in a fresh process.

* the *floor*: a bare Textual app (Header, Input, Static, Footer); its first
  frame is the least any Textual app can take on this machine;
* the *naive* app: the same screen built the obvious way, with Textual's
  ``DataTable``: parse the listing on mount, add every row, and on each
  keystroke clear the table and re-add the matching rows.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import DataTable, Footer, Header, Input, Static

from tui.bench.frames import FrameLog, install, send_key, settle
from tui.bench.measure_app import SESSIONS, SIZE, TIMEOUT, script, shows_input
from tui.listing import Article, read_listing
from tui.text import fold


class FloorApp(App[None]):
    """The least a Textual app with this screen's furniture does; a keystroke
    shows the input's text in a line below it (the least a filter can do)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Filter")
        yield Static("detail", id="echo", markup=False)
        yield Footer()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#echo", Static).update(event.value, layout=False)


class NaiveApp(App[None]):
    """Filter input, DataTable (Date, Title, Author) and a detail Static."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.articles: list[Article] = []
        self.folded: list[str] = []
        self.shown: list[int] = []  # the article index of each table row
        self.applied: str | None = None  # the filter whose rows the table holds

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Filter")
        yield DataTable(cursor_type="row")
        yield Static(id="detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.articles = read_listing(self.path).articles
        self.folded = [
            fold(f"{a.title}\x1f{a.author}\x1f{a.caption or ''}\x1f{a.summary}\x1f{a.date_text}")
            for a in self.articles
        ]
        table = self.query_one(DataTable)
        table.add_columns("Date", "Title", "Author")
        self._fill(range(len(self.articles)))
        self.applied = ""
        self.query_one(Input).focus()

    def _fill(self, indices: range | list[int]) -> None:
        table = self.query_one(DataTable)
        table.clear()
        rows = self.articles
        self.shown = list(indices)
        table.add_rows(
            (Text(rows[i].iso_date), Text(rows[i].title), Text(rows[i].author)) for i in self.shown
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        terms = fold(event.value).split()
        self._fill([i for i, h in enumerate(self.folded) if all(t in h for t in terms)])
        self.applied = event.value

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if 0 <= event.cursor_row < len(self.shown):
            article = self.articles[self.shown[event.cursor_row]]
            self.query_one("#detail", Static).update(article.summary)


async def measure_floor(t0: float, keys: bool = False) -> dict[str, Any]:
    """Seconds from process start to the bare app's first frame; with
    ``keys``, each keystroke of the real app's typing session (its first
    script) from queued to the frame showing the new text."""
    log = install()
    app = FloorApp()
    first = log.expect(lambda: shows_input(app))
    async with app.run_test(size=SIZE) as pilot:
        result: dict[str, Any] = {"first_frame_s": await asyncio.wait_for(first, TIMEOUT) - t0}
        if keys:
            field = app.query_one(Input)
            field.focus()
            field.cursor_blink = False
            await settle(pilot, log)
            result["keys"] = await _floor_keys(app, pilot, log)
    return result


async def _floor_keys(app: FloorApp, pilot: Pilot[None], log: FrameLog) -> list[float]:
    """ms per key of the session script (clearing steps are untimed)."""
    field, echo = app.query_one(Input), app.query_one("#echo", Static)
    paints: list[float] = []
    for kind, key in script(SESSIONS[0]):
        if kind == "clear":
            field.value = ""
            await settle(pilot, log)
            continue
        text = field.value[:-1] if key == "backspace" else field.value + key

        def shown(text: str = text) -> bool:
            return str(echo.content) == text

        painted = log.expect(shown)
        start = time.monotonic()
        send_key(app, key)
        paints.append((await asyncio.wait_for(painted, TIMEOUT) - start) * 1000)
        await settle(pilot, log)
    return paints


async def measure_naive(path: str, t0: float, key: str | None) -> dict[str, Any]:
    """Seconds from process start to all rows shown; with ``key``, that
    keystroke's paint and settle times (as for the real app)."""
    log = install()
    app = NaiveApp(path)
    loaded = log.expect(lambda: app.applied == "")
    result: dict[str, Any] = {}
    async with app.run_test(size=SIZE) as pilot:
        result["loaded_s"] = await asyncio.wait_for(loaded, TIMEOUT * 5) - t0
        result["articles"] = len(app.articles)
        if key is not None:
            await settle(pilot, log)
            result |= await _keystroke(app, pilot, log, key)
    return result


async def _keystroke(
    app: NaiveApp, pilot: Pilot[None], log: FrameLog, key: str
) -> dict[str, float]:
    painted = log.expect(lambda: app.applied == key)
    start = time.monotonic()
    send_key(app, key)
    paint = await asyncio.wait_for(painted, TIMEOUT)
    settled = max(paint, await settle(pilot, log))
    return {"key_paint_ms": (paint - start) * 1000, "key_settle_ms": (settled - start) * 1000}
