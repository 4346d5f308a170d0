"""Copy to the system clipboard through its command-line tools, honestly. No Textual.

The app always sends the text to the terminal as OSC 52 (the one route that
reaches the user's clipboard over SSH and in tmux), and also hands it to the
desktop's clipboard tool when there is one: ``pbcopy`` on macOS,
``wl-copy`` under Wayland, ``xclip`` or ``xsel`` under X11.  Each tool runs
here, not through pyperclip, which ignored xclip's exit status (a stale
``DISPLAY`` read as "Copied") and let its stderr onto the screen:

* the exit status decides whether the route worked;
* stderr is captured (its first line, sanitised, goes into the message);
* a tool that does not finish within :data:`COPY_TIMEOUT` has its whole
  process group killed and reaped, and :func:`kill_helpers` does the same
  for any still running when the app exits.

(``xclip``, ``xsel`` and ``wl-copy`` leave one process serving the copied text
until something else is copied: that is how those clipboards work.)  On
Windows, pyperclip's clipboard API calls remain the system route.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass

from tui.text import sanitize, shorten

COPY_TIMEOUT = 2.0

# Tools still running, so that quitting can kill them.
_live: set[subprocess.Popen[bytes]] = set()
_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class CopyOutcome:
    """Which system route took the text (``route``), and what failed on the way."""

    ok: bool
    route: str = ""
    failures: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        """Why no system route worked (empty when one did, or none exists)."""
        return "; ".join(self.failures)


def routes(
    env: Mapping[str, str] | None = None, platform: str | None = None
) -> list[tuple[str, ...]]:
    """The clipboard commands to try, in order, among those on ``PATH``."""
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    candidates: list[tuple[str, ...]] = []
    if platform == "darwin":
        candidates.append(("pbcopy",))
    if env.get("WAYLAND_DISPLAY"):
        candidates.append(("wl-copy",))
    if env.get("DISPLAY"):
        candidates += [("xclip", "-selection", "clipboard"), ("xsel", "--clipboard", "--input")]
    path = env.get("PATH", os.defpath)
    return [argv for argv in candidates if shutil.which(argv[0], path=path)]


def _first_line(data: bytes) -> str:
    for raw in data.decode("utf-8", "replace").splitlines():
        line = sanitize(raw)[0].strip()
        if line:
            return shorten(line, 100)
    return ""


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill the tool and everything it started (its own process group), and reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(Exception):
        process.kill()
    with contextlib.suppress(Exception):
        process.wait(timeout=5)


def _run(argv: tuple[str, ...], data: bytes, deadline: float, limit: float) -> str | None:
    """Run one clipboard command until ``deadline`` (monotonic; ``limit`` is
    the whole copy's allowance, for the message); None when it worked, else why not."""
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=errors,  # a file, not a pipe: a forked server keeps it open
                close_fds=True,
                start_new_session=True,
            )
        except OSError as error:
            return f"could not run ({error.strerror or error})"
        with _lock:
            _live.add(process)
        try:
            process.communicate(data, timeout=max(deadline - time.monotonic(), 0.01))
        except subprocess.TimeoutExpired:
            _kill(process)
            return f"did not answer within {limit:g} s"
        except OSError as error:  # e.g. the tool closed its input early
            _kill(process)
            return f"failed ({error.strerror or error})"
        finally:
            with _lock:
                _live.discard(process)
        if process.returncode == 0:
            return None
        errors.seek(0)
        line = _first_line(errors.read(4096))
        status = process.returncode
        what = f"failed (signal {-status})" if status < 0 else f"failed (exit {status})"
        return f"{what}: {line}" if line else what


def system_copy(text: str, timeout: float | None = None) -> CopyOutcome:
    """Copy ``text`` with the first clipboard command that succeeds, all of
    them within ``timeout`` seconds (default :data:`COPY_TIMEOUT`, read at
    call time so tests can lower it)."""
    limit = COPY_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + limit
    commands = routes()
    if not commands and sys.platform == "win32":  # pragma: no cover - Windows only
        return _windows_copy(text)
    failures: list[str] = []
    data = text.encode("utf-8")
    for argv in commands:
        why = _run(argv, data, deadline, limit)
        if why is None:
            return CopyOutcome(True, argv[0], tuple(failures))
        failures.append(f"{argv[0]} {why}")
    return CopyOutcome(False, "", tuple(failures))


def _windows_copy(text: str) -> CopyOutcome:  # pragma: no cover - Windows only
    try:
        import pyperclip

        pyperclip.copy(text)
    except Exception as error:
        return CopyOutcome(
            False, "", (f"{type(error).__name__}: {_first_line(str(error).encode())}",)
        )
    return CopyOutcome(True, "Windows clipboard")


def kill_helpers() -> None:
    """Kill (and reap) every clipboard command still running: quitting leaves none."""
    with _lock:
        running = list(_live)
        _live.clear()
    for process in running:
        _kill(process)


def describe(outcome: CopyOutcome, length: int, osc52: bool = True) -> tuple[str, bool]:
    """The one-line notification for a copy, and whether it is a warning.

    OSC 52 is only ever *sent*: no terminal says whether it took the text, so
    only a system tool's success is called "Copied".  A warning only when no
    route could even be tried.
    """
    count = f"{length:,} character{'s' if length != 1 else ''}"
    failed = f" · {outcome.reason}" if outcome.failures else ""
    if outcome.ok:
        also = " · sent to the terminal (OSC 52)" if osc52 else ""
        return f"Copied {count} · system clipboard ({outcome.route}){also}", False
    if osc52:
        return f"Sent {count} to the terminal clipboard (OSC 52){failed}", False
    why = outcome.reason or "no clipboard tool found (xclip, xsel, wl-copy, pbcopy)"
    return f"Could not copy {count}: {why}", True
