"""The user's display choices, kept between runs: the theme and whether the
detail pane is shown. Pure: no Textual import.

A small JSON file, ``settings.json`` in the user data directory
(``ARCHIVE_TUI_SETTINGS=PATH`` puts it elsewhere; an empty value keeps
nothing).  What is read is checked, never trusted: a missing file gives the
defaults, a corrupt one the defaults and a warning, and a value of the wrong
kind (or a theme name that is not a plain name) is dropped.  Whether the
theme exists is the app's to check.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from tui.text import sanitize
from tui.userfiles import data_file, write_atomic

ENV = "ARCHIVE_TUI_SETTINGS"
_VERSION = 1
# Theme names are short identifiers (``gruvbox``, ``solarized-light``).
_THEME_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
# Bigger than any settings file this app writes: anything larger is not ours.
_MAX_BYTES = 64 * 1024


@dataclass(frozen=True, slots=True)
class Settings:
    """What the user chose; None: the app's default theme."""

    theme: str | None = None
    detail: bool = True


def default_path() -> Path | None:
    """``$ARCHIVE_TUI_SETTINGS``, else ``settings.json`` in the user data directory."""
    return data_file(ENV, "settings.json")


def parse(data: object) -> Settings:
    """Settings from decoded JSON, keeping only values of the right kind."""
    if not isinstance(data, dict):
        raise ValueError("not a settings object")
    theme = data.get("theme")
    if not (isinstance(theme, str) and _THEME_NAME.fullmatch(theme)):
        theme = None
    detail = data.get("detail")
    return Settings(theme=theme, detail=detail if isinstance(detail, bool) else True)


def load(path: Path | None) -> tuple[Settings, str | None]:
    """The settings at ``path`` and a warning when the file had to be ignored."""
    if path is None:
        return Settings(), None
    try:
        if path.exists() and not path.is_file():  # a FIFO would block the app
            raise ValueError("not a regular file")
        with path.open("rb") as file:
            raw = file.read(_MAX_BYTES + 1)
        if len(raw) > _MAX_BYTES:
            raise ValueError("file too large")
        return parse(json.loads(raw.decode("utf-8"))), None
    except FileNotFoundError:
        return Settings(), None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        reason = str(error) or type(error).__name__
        return Settings(), _safe(f"Ignored the unreadable settings file {path}: {reason}")


def save(path: Path | None, settings: Settings) -> str | None:
    """Write ``settings`` atomically; a warning (not an exception) if that fails."""
    if path is None:
        return None
    data = {"version": _VERSION, "theme": settings.theme, "detail": settings.detail}
    try:
        write_atomic(path, json.dumps(data, indent=2) + "\n")
    except OSError as error:
        return _safe(f"Could not save the settings to {path}: {error}")
    return None


def _safe(message: str) -> str:
    """A warning that quotes a path or an OS error, made safe to show."""
    return sanitize(message)[0]
