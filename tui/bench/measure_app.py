"""The real app, measured in a fresh process under ``App.run_test``.

Stamps are ``time.monotonic()`` (one clock for all processes on Linux) and
durations from process start are taken from ``t0``, the parent's stamp just
before it spawned this process: interpreter start-up and every import count.

Per keystroke (sent as the terminal driver would, see ``frames.send_key``):

* *paint*: key queued → first frame (see ``frames``) whose state shows the
  result for the new text: the filter shows it and the archive's applied
  query is the parsed text (so the table has been given, and has rendered,
  the filtered rows), or, when the text does not parse, the error is shown;
* *settle*: key queued → no worker running, the message queues drained and
  any repaint the screen timer still owed done (``frames.settle``).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from tui.app import make_app
from tui.bench.frames import FrameLog, install, send_key, settle
from tui.query import QueryError, parse_query
from tui.screens.main import MainScreen
from tui.widgets.status_line import StatusLine

# The terminal size the apps are measured at (a common full-screen size).
SIZE = (120, 40)
TIMEOUT = 120.0
LOAD_TIMEOUT = 900.0  # a million articles on a busy machine


@dataclass(frozen=True)
class Words:
    """One typing session: letter + rest of a word, second word, negated,
    no-match, then the query language: a field, OR, a date range."""

    first: str
    rest: str
    second: str
    negated: str
    nomatch: str
    field: str
    either: str
    dates: str


# Words found in generated archives (see tui/bench/generate.py), and not.
SESSIONS = (
    Words("s", "talin", "trotsky", "-woods", "zzqx", "a:woods", "stalin | lenin", "date:2016"),
    Words("l", "enin", "marx", "-grant", "qxzj", "t:lenin", "marx | engels", "year:1917..1924"),
    Words("t", "rotsky", "lenin", "-sewell", "zxqz", "by:grant", "paris | commune", "date:>=2000"),
)
# The query-language kinds of a session, each typed key by key then cleared.
LANGUAGE = ("field", "or", "date")
BURSTS = ("lenin", "stali", "trots")  # 5 keys each, typed without a pause
SORT_KEYS = ("s", "r")


def shows_input(app: App[Any]) -> bool:
    """The app's UI is up: its current screen holds the (filter) input."""
    try:
        return bool(app.screen.query(Input))
    except Exception:  # no screen yet
        return False


def script(words: Words) -> list[tuple[str, str]]:
    """(kind, key) pairs of a session; kind "clear" is an untimed escape."""
    typed = f"{words.first}{words.rest} {words.second}"
    steps = [("one letter", words.first)]
    steps += [("growing word", c) for c in words.rest]
    steps += [("two words", c) for c in f" {words.second}"]
    steps += [("backspace", "backspace")] * len(typed)
    steps += [("negated", c) for c in words.negated] + [("clear", "escape")]
    steps += [("no match", c) for c in words.nomatch] + [("clear", "escape")]
    for kind, text in zip(LANGUAGE, (words.field, words.either, words.dates), strict=True):
        steps += [(kind, c) for c in text] + [("clear", "escape")]
    return steps


def unparsable(words: Words) -> dict[str, str]:
    """Kinds whose text the query language rejects (reported as n/a)."""
    texts = {"two words": f"{words.first}{words.rest} {words.second}"}
    texts |= {"negated": words.negated, "no match": words.nomatch}
    texts |= dict(zip(LANGUAGE, (words.field, words.either, words.dates), strict=True))
    skipped = {}
    for kind, text in texts.items():
        try:
            parse_query(text)
        except QueryError as error:
            skipped[kind] = f"n/a (QueryError: {error})"
    return skipped


class Session:
    """Drives the running app and records what each action cost."""

    def __init__(self, pilot: Pilot[Any], log: FrameLog) -> None:
        self.pilot = pilot
        self.log = log
        screen = pilot.app.screen
        assert isinstance(screen, MainScreen)
        self.screen = screen
        self.text = ""

    def _probe(self, text: str) -> Callable[[], bool]:
        bar, archive = self.screen.filter_bar, self.screen.archive
        try:
            expected = parse_query(text).text
        except QueryError:
            return lambda: bar.value == text and bar.error != ""
        return lambda: bar.value == text and archive.query.text == expected

    async def type_keys(self, keys: str | list[str], text: str) -> dict[str, float]:
        """Queue ``keys`` at once; ms until ``text``'s result is painted and settled."""
        painted = self.log.expect(self._probe(text))
        start = time.monotonic()
        for key in [keys] if isinstance(keys, str) else keys:
            send_key(self.pilot.app, key)
        paint = await asyncio.wait_for(painted, TIMEOUT)
        settled = max(paint, await settle(self.pilot, self.log))
        self.text = text
        return {"paint_ms": (paint - start) * 1000, "settle_ms": (settled - start) * 1000}

    async def run(self, words: Words, skipped: dict[str, str]) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = []
        for kind, key in script(words):
            if kind in skipped:
                continue
            if kind == "clear":
                await self.pilot.press(key)
                await settle(self.pilot, self.log)
                self.text = ""
                continue
            text = self.text[:-1] if key == "backspace" else self.text + key
            figures = await self.type_keys(key, text)
            records.append({"kind": kind, "text": text, **figures})
        return records

    async def sort_toggle(self, key: str) -> dict[str, Any]:
        """ms from ``key`` (sort / reverse) to the re-sorted rows painted."""
        archive = self.screen.archive
        before = archive.sort_keys
        painted = self.log.expect(lambda: archive.sort_keys != before)
        start = time.monotonic()
        send_key(self.pilot.app, key)
        paint = await asyncio.wait_for(painted, TIMEOUT)
        settled = max(paint, await settle(self.pilot, self.log))
        figures = {"paint_ms": (paint - start) * 1000, "settle_ms": (settled - start) * 1000}
        return {"key": key, "sort": ",".join(map(str, archive.sort_keys)), **figures}


def _loaded_probe(app: App[Any]) -> Callable[[], bool]:
    def loaded() -> bool:
        return (
            isinstance(app.screen, MainScreen)
            and "loading" not in app.screen.query_one(StatusLine).text
            and len(app.screen.archive) > 0
        )

    return loaded


async def measure_open(path: str, t0: float) -> dict[str, Any]:
    """Seconds from process start to the first frame and to the whole listing
    shown and interactive (the cache as the environment has it)."""
    log = install()
    app = make_app([path])
    first = log.expect(lambda: shows_input(app))
    loaded = log.expect(_loaded_probe(app))
    async with app.run_test(size=SIZE):
        result = {"first_frame_s": await asyncio.wait_for(first, TIMEOUT) - t0}
        result["loaded_s"] = await asyncio.wait_for(loaded, LOAD_TIMEOUT) - t0
    return result


async def measure(
    path: str, t0: float, *, sessions: int, bursts: int, toggles: int, first_only: bool
) -> dict[str, Any]:
    """Everything about the real app on the listing at ``path``."""
    log = install()
    app = make_app([path])
    first = log.expect(lambda: shows_input(app))
    loaded = log.expect(_loaded_probe(app))
    result: dict[str, Any] = {}
    async with app.run_test(size=SIZE) as pilot:
        result["first_frame_s"] = await asyncio.wait_for(first, TIMEOUT) - t0
        if first_only:
            return result
        result["loaded_s"] = await asyncio.wait_for(loaded, LOAD_TIMEOUT) - t0
        screen = app.screen
        assert isinstance(screen, MainScreen)
        archive = screen.archive
        result["articles"] = len(archive)
        await settle(pilot, log)  # the sorts one key press away are computed
        result["warm_s"] = time.monotonic() - t0
        await pilot.press("slash")
        # The blinking cursor repaints twice a second; those frames are not
        # work a keystroke caused, yet would land in some settle windows.
        screen.filter_bar.input.cursor_blink = False
        await settle(pilot, log)
        session = Session(pilot, log)
        keys: list[dict[str, Any]] = []
        skipped: dict[str, str] = {}
        for words in SESSIONS[:sessions]:
            skipped |= unparsable(words)
            keys += await session.run(words, skipped)
        result["keys"], result["skipped"] = keys, skipped
        result["bursts"] = []
        for word in BURSTS[:bursts]:
            figures = await session.type_keys(list(word), word)
            result["bursts"].append({"text": word, **figures})
            await pilot.press("escape")
            await settle(pilot, log)
        await pilot.press("escape")  # the filter is empty: back to the table
        await settle(pilot, log)
        result["sorts"] = [await session.sort_toggle(SORT_KEYS[k % 2]) for k in range(toggles)]
    return result
