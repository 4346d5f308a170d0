"""What can go wrong with the reader-state database, as messages a person can
act on. Pure: no Textual import.

sqlite3 reports a full disk, a read-only directory and a lock held by another
running copy all as ``OperationalError``; the UI needs to tell them apart (a
busy database is retried, a full disk is reported) and must never show a
traceback, so every ``sqlite3.Error`` leaving the store becomes one of these.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from tui.listing import display_path

# Primary result codes (an extended code's low byte), from sqlite3.h.
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_NOMEM = 7
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26


class StoreError(Exception):
    """A reader-state operation failed; ``str()`` is the message to show."""


class StoreBusy(StoreError):
    """Another running copy holds the database longer than the store waits:
    nothing was changed, and trying again shortly will usually work."""


class StoreOff(StoreError):
    """Reader state is off this run (the database could not be used)."""


class BadValue(StoreError, ValueError):
    """A tag, name, query or setting the store refuses (the message says why)."""


def primary_code(error: sqlite3.Error) -> int:
    """The primary SQLite result code of ``error`` (0 when unknown)."""
    code = getattr(error, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else 0


def is_corrupt(error: sqlite3.Error) -> bool:
    """True when ``error`` says the file is damaged or not a database at all."""
    return primary_code(error) in (SQLITE_CORRUPT, SQLITE_NOTADB)


def describe(error: sqlite3.Error) -> str:
    """SQLite's own words for ``error``, made safe to show."""
    return display_path(str(error) or type(error).__name__)


def disk_full(path: Path) -> bool:
    """True when the file system holding ``path`` (or its nearest existing
    parent) has no block left for this user: SQLite reports that as an I/O
    error when it strikes while mapping the ``-shm`` or growing the ``-wal``."""
    for place in (path, *path.parents):
        try:
            return os.statvfs(place).f_bavail == 0
        except FileNotFoundError:
            continue
        except OSError:
            return False
    return False


def translate(error: sqlite3.Error, path: Path | None) -> StoreError:
    """The :class:`StoreError` to raise for ``error`` on the database at ``path``."""
    where = display_path(path) if path is not None else "the in-memory reader state"
    code = primary_code(error)
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreBusy(
            f"The reader state in {where} is busy (another Archive TUI is writing); "
            "nothing was changed, try again."
        )
    if code == SQLITE_FULL or (path is not None and disk_full(path)):
        return StoreError(f"No space left to save reader state in {where}; nothing was changed.")
    if code in (SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN):
        return StoreError(
            f"Cannot write reader state to {where} ({describe(error)}); nothing was changed."
        )
    if code == SQLITE_IOERR:
        return StoreError(
            f"Could not write reader state to {where} ({describe(error)}: the disk may be "
            "failing, or a file size limit reached); nothing was changed."
        )
    return StoreError(f"Reader state error in {where}: {describe(error)}.")
