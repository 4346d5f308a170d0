"""Frame stamps and settling for app measurements under ``App.run_test``.

A *frame* here is one compositor update of the current screen, turned into
the bytes a terminal would receive.  Textual's headless driver skips that
last step (``App._display`` returns early), so the hook installed by
:func:`install` renders the update's segments itself, then stamps the time:
a frame's stamp is when a real terminal could have started drawing it.
Widgets' ``render_line`` calls happen inside the compositor update, so a
frame stamped after a table refresh has painted the table's new rows.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rich.console import RenderableType
from textual import events
from textual._compositor import CompositorUpdate
from textual.app import App
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.screen import Screen
from textual.worker import WorkerState

Probe = Callable[[], bool]
# Screen repaints run on a timer at most this long after a refresh request.
FRAME_PERIOD = 1 / 60
_BUSY = (WorkerState.PENDING, WorkerState.RUNNING)


@dataclass
class FrameLog:
    """Every frame's stamp, and futures waiting for a frame where a probe holds."""

    count: int = 0
    last: float = 0.0
    waiters: list[tuple[Probe, asyncio.Future[float]]] = field(default_factory=list)

    def painted(self) -> None:
        stamp = time.monotonic()
        self.count += 1
        self.last = stamp
        pending = []
        for probe, future in self.waiters:
            if future.done():
                continue
            if probe():
                future.set_result(stamp)
            else:
                pending.append((probe, future))
        self.waiters = pending

    def expect(self, probe: Probe) -> asyncio.Future[float]:
        """A future for the stamp of the first frame (from now) where ``probe`` holds."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.waiters.append((probe, future))
        return future


def install() -> FrameLog:
    """Hook ``App._display`` (all apps in this process) to stamp each frame."""
    log = FrameLog()
    original = App._display

    def display(self: App[Any], screen: Screen[Any], renderable: RenderableType | None) -> None:
        original(self, screen, renderable)
        if renderable is None or self._batch_count:
            return
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(self.console)
        log.painted()

    App._display = display  # type: ignore[method-assign]
    return log


def send_key(app: App[Any], key: str) -> None:
    """Queue one key press as the terminal driver would, without waiting
    (Pilot.press waits for idle after each key, hiding queued-key effects)."""
    char = key if len(key) == 1 else None
    name = _character_to_key(key) if len(key) == 1 and not key.isalnum() else key
    event = events.Key(name, char)
    event.set_sender(app)
    app.post_message(event)


async def settle(pilot: Pilot[Any], log: FrameLog) -> float:
    """Wait until no worker runs and the app's and screen's message queues
    are drained; return that moment, or the stamp of the repaint the screen
    timer still made within one frame period after it."""
    app = pilot.app
    while True:
        while any(worker.state in _BUSY for worker in app.workers):
            await asyncio.sleep(0.001)
        await pilot._wait_for_screen()
        if not any(worker.state in _BUSY for worker in app.workers):
            break
    quiet = time.monotonic()
    await asyncio.sleep(FRAME_PERIOD + 0.01)
    return max(quiet, log.last) if log.last > quiet else quiet
