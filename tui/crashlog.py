"""Unexpected exceptions: the traceback goes to a log file, the user gets one
line naming it.  Pure: no Textual, no Rich (the CLI uses it too).

A reader must never see a traceback, but a bug report needs one; the log file
holds it, with the versions and the command line.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
import tempfile
import traceback
from pathlib import Path

from tui import __version__
from tui.text import sanitize

APP_NAME = "archive-tui"


def log_dirs() -> list[Path]:
    """Where logs go, in order of preference: the user's log directory
    (``$XDG_STATE_HOME/archive-tui/log`` on Linux), then the temp directory."""
    dirs: list[Path] = []
    try:
        import platformdirs

        dirs.append(Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)))
    except Exception:
        state = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
        dirs.append(Path(state) / APP_NAME / "log")
    dirs.append(Path(tempfile.gettempdir()) / APP_NAME)
    return dirs


def write_crash_log(error: BaseException) -> Path | None:
    """Write ``error``'s traceback to a new log file; None if no directory takes it."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    report = "".join(
        [
            f"{APP_NAME} {__version__} crashed at {dt.datetime.now().isoformat()}\n",
            f"python {platform.python_version()} on {platform.platform()}\n",
            f"argv: {sys.argv!r}\n\n",
            *traceback.format_exception(error),
        ]
    )
    for directory in log_dirs():
        try:
            directory.mkdir(parents=True, exist_ok=True)
            path = directory / f"crash-{stamp}-{os.getpid()}.log"
            path.write_text(report, encoding="utf-8", errors="backslashreplace")
        except OSError:
            continue
        return path
    return None


def crash_line(error: BaseException, path: Path | None) -> str:
    """The one line the user sees (the exception's message may hold file text,
    so only its type is shown; the log has the rest)."""
    where = f"details in {sanitize(str(path))[0]}" if path else "no log file could be written"
    return f"{APP_NAME}: unexpected error ({type(error).__name__}); {where}"


def report_crash(error: BaseException) -> str:
    """Log ``error`` and return the line to show."""
    return crash_line(error, write_crash_log(error))
