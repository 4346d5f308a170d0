"""The terminal around the app: signals restore it, quitting is bounded in time.
No Textual import (the app is handed in).

Textual restores the terminal when the app exits normally, but SIGTERM, SIGHUP
and SIGQUIT killed the process as it was: raw mode, the alternate screen, a
hidden cursor and mouse tracking were left behind.  And quitting waited for
every thread worker (``asyncio.run`` joins its executor), so a search stuck in
a regular expression kept the process alive for minutes.

:func:`run` runs the app on its own event loop with handlers for those
signals (and SIGINT): the first asks the app to exit (its normal shutdown
restores the terminal and lets a history write in progress finish); if that
has not happened within :data:`SIGNAL_DEADLINE`, or on a second signal, the
terminal is restored here (termios, then the escape sequences) and the
process ends.  :func:`finish` gives worker threads :data:`GRACE` seconds once
the app has closed, then ends the process without waiting for them.  Ctrl-Z
(SIGTSTP) is Textual's: the app binds the key to ``suspend_process``.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any, Protocol

# Everything Textual switches on, switched off (it writes the same on exit).
RESTORE = (
    "\x1b[<u"  # kitty keyboard protocol: pop
    "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?1016l"  # mouse tracking off
    "\x1b[?2004l"  # bracketed paste off
    "\x1b[?1004l"  # focus reporting off
    "\x1b[?7h"  # line wrap on
    "\x1b[?1049l"  # alternate screen off
    "\x1b[?25h"  # cursor shown
)
EXIT_SIGNALS = tuple(
    getattr(signal, name)
    for name in ("SIGTERM", "SIGHUP", "SIGQUIT", "SIGINT")
    if hasattr(signal, name)
)
# After a signal, the app's own shutdown gets this long before the hard exit.
SIGNAL_DEADLINE = 1.0
# Once the app has closed, worker threads get this long to return.
GRACE = 0.5


class _App(Protocol):
    """The part of a Textual app this module uses."""

    def run(self, *, loop: asyncio.AbstractEventLoop | None = None) -> Any: ...

    def exit(self, result: Any = None, return_code: int = 0, message: Any = None) -> None: ...

    @property
    def return_code(self) -> int | None: ...


def unsupported() -> str | None:
    """Why this terminal cannot show the full-screen app, or None."""
    if os.environ.get("TERM") == "dumb":
        return (
            "archive-tui: this terminal (TERM=dumb) cannot show the full-screen app; "
            "'archive-tui list' prints the articles as text"
        )
    return None


class _Terminal:
    """The terminal's state before the app, to put back on a hard exit."""

    def __init__(self) -> None:
        self.fd: int | None = None
        self.attrs: list[Any] | None = None
        try:
            import termios

            fd = sys.__stdin__.fileno() if sys.__stdin__ else -1
            if fd >= 0 and os.isatty(fd):
                self.attrs = termios.tcgetattr(fd)
                self.fd = fd
        except (ImportError, OSError, ValueError):
            pass

    def restore(self) -> None:
        """termios as it was, then every mode the app may have switched on, off."""
        if self.fd is not None and self.attrs is not None:
            import termios

            with contextlib.suppress(termios.error, OSError):
                termios.tcsetattr(self.fd, termios.TCSANOW, self.attrs)
        out = sys.__stderr__
        if out is not None:
            with contextlib.suppress(OSError, ValueError):
                os.write(out.fileno(), RESTORE.encode())


# Called before any hard exit (e.g. to kill clipboard helpers).
_cleanups: list[Callable[[], None]] = []


def on_exit(cleanup: Callable[[], None]) -> None:
    """Run ``cleanup`` before the process ends, whichever way it ends."""
    if cleanup not in _cleanups:
        _cleanups.append(cleanup)


def _cleanup() -> None:
    for cleanup in _cleanups:
        with contextlib.suppress(Exception):
            cleanup()


def _hard_exit(terminal: _Terminal, code: int) -> None:
    """Restore the terminal and end the process now (threads are not waited for)."""
    terminal.restore()
    _cleanup()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            if stream is not None:
                stream.flush()
    os._exit(code)


class _Signals:
    """First signal: ask the app to exit, with a deadline; second: exit now."""

    def __init__(self, app: _App, loop: asyncio.AbstractEventLoop, terminal: _Terminal) -> None:
        self.app = app
        self.loop = loop
        self.terminal = terminal
        self.code: int | None = None
        self._before: dict[int, Any] = {}

    def install(self) -> None:
        for signum in EXIT_SIGNALS:
            with contextlib.suppress(ValueError, OSError):  # not the main thread
                self._before[signum] = signal.signal(signum, self._handle)

    def uninstall(self) -> None:
        for signum, handler in self._before.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(signum, handler)

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        code = 128 + signum
        if self.code is not None:
            _hard_exit(self.terminal, self.code)
        self.code = code
        try:
            self.loop.call_soon_threadsafe(lambda: self.app.exit(return_code=code))
        except RuntimeError:  # the loop is closed: nothing left to shut down
            _hard_exit(self.terminal, code)
        watchdog = threading.Timer(SIGNAL_DEADLINE, _hard_exit, (self.terminal, code))
        watchdog.daemon = True
        watchdog.start()


def run(app: _App) -> int:
    """Run ``app`` on this terminal; its exit code (128 + N after signal N)."""
    terminal = _Terminal()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    signals = _Signals(app, loop, terminal)
    signals.install()
    try:
        app.run(loop=loop)
    finally:
        _close(loop)
        if signals.code is None:
            signals.uninstall()
        # After a signal its handler stays: a second one exits at once.
    if signals.code is not None:
        return signals.code
    return app.return_code or 0


def _close(loop: asyncio.AbstractEventLoop) -> None:
    """What ``asyncio.run`` does on the way out, except waiting for the
    executor's threads (that is :func:`finish`'s job, with a deadline)."""
    try:
        tasks = [task for task in asyncio.all_tasks(loop) if not task.done()]
        for task in tasks:
            task.cancel()
        if tasks:
            loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        asyncio.set_event_loop(None)
        loop.close()  # shuts the default executor down without waiting


def finish(code: int, grace: float | None = None) -> None:
    """Let worker threads return for ``grace`` seconds (default :data:`GRACE`);
    if some are still running (a thread cannot be interrupted), end the
    process with ``code`` instead of waiting for them at interpreter exit."""
    _cleanup()
    deadline = time.monotonic() + (GRACE if grace is None else grace)
    current = threading.current_thread()
    for thread in threading.enumerate():
        if thread is current or thread.daemon:
            continue
        thread.join(max(0.0, deadline - time.monotonic()))
    if any(t.is_alive() and not t.daemon and t is not current for t in threading.enumerate()):
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                if stream is not None:
                    stream.flush()
        os._exit(code)
