"""Where the app keeps small files of its own, and how it writes them. Pure.

Each file lives in the user data directory (``~/.local/share/archive-tui`` on
Linux) unless an environment variable names another path; an empty value
means "keep no file".  Writes go to a temporary file in the same directory,
then ``os.replace``, so a crash never leaves half a file behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

APP_NAME = "archive-tui"


def data_file(env: str, name: str) -> Path | None:
    """``$env`` if set (None when empty), else ``name`` in the user data directory."""
    override = os.environ.get(env)
    if override is not None:
        return Path(override) if override else None
    from platformdirs import user_data_path  # only the app pays for it

    return user_data_path(APP_NAME, appauthor=False) / name


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one step; raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise
