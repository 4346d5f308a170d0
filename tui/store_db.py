"""Opening the reader-state database file: where it lives, how the connection
is set up, and what happens when the file cannot be used. Pure: no Textual.

The file is ``state.sqlite3`` in the user data directory, or in
``$ARCHIVE_TUI_DATA``; an empty ``ARCHIVE_TUI_DATA`` keeps nothing (an
in-memory database: marks work for the run and vanish with it).

:func:`connect` never raises.  A file that cannot be used gives no connection
and one warning, so the app runs with reader state off: a damaged file (not
a database, failing ``PRAGMA quick_check``) is renamed aside with its
``-wal``/``-shm`` — never deleted — so that the next start begins afresh; an
unreadable one, one in a read-only or full directory, one written by a newer
version or another program is left where it is.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from tui.listing import display_path
from tui.store_errors import (
    SQLITE_BUSY,
    SQLITE_LOCKED,
    describe,
    disk_full,
    is_corrupt,
    primary_code,
)
from tui.store_schema import SchemaError, check, migrate

# Points the database's directory elsewhere (tests use it); empty keeps nothing.
ENV = "ARCHIVE_TUI_DATA"
FILENAME = "state.sqlite3"
# How long a write waits for another copy's lock before StoreBusy (seconds).
BUSY_TIMEOUT = 0.2
# Opening may wait longer: another copy starting at once may be migrating.
SETUP_TIMEOUT = 2.0
_SIDE_FILES = ("-wal", "-shm")
_BUSY = (SQLITE_BUSY, SQLITE_LOCKED)
# What quick_check says of a row that breaks a rule (not of a damaged file).
_ROW_PROBLEMS = ("CHECK constraint failed", "NULL value in")


def default_path() -> Path | None:
    """``$ARCHIVE_TUI_DATA/state.sqlite3``, else the user data directory's;
    None (keep nothing) for an empty ``ARCHIVE_TUI_DATA``."""
    override = os.environ.get(ENV)
    if override is not None:
        return Path(override) / FILENAME if override else None
    from platformdirs import user_data_path

    return user_data_path("archive-tui", appauthor=False) / FILENAME


@dataclass(frozen=True, slots=True)
class Opened:
    """A usable connection, or None and the warning that says why not."""

    conn: sqlite3.Connection | None
    warning: str | None = None


class _Damaged(Exception):
    """The file opened but failed its integrity check."""


def connect(path: Path | None, busy_timeout: float = BUSY_TIMEOUT) -> Opened:
    """Open (creating and migrating as needed) the database at ``path``, or an
    in-memory one for None.  The connection is in autocommit mode (the store
    opens each transaction itself) and may be used from any thread, one at a
    time.  Opening again while another copy holds a lock the busy handler
    does not wait for (switching to WAL does not) for up to
    :data:`SETUP_TIMEOUT`."""
    deadline = time.monotonic() + SETUP_TIMEOUT
    while True:
        try:
            return Opened(_open(path, busy_timeout))
        except (sqlite3.Error, _Damaged, SchemaError, OSError) as error:
            busy = isinstance(error, sqlite3.Error) and primary_code(error) in _BUSY
            if busy and time.monotonic() < deadline:
                time.sleep(0.01)
                continue
            return Opened(None, _off(path, error))


def _open(path: Path | None, busy_timeout: float) -> sqlite3.Connection:
    """:func:`connect`'s one attempt; raises what went wrong."""
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            _inspect(path)
    conn = sqlite3.connect(
        ":memory:" if path is None else path,
        timeout=SETUP_TIMEOUT,
        isolation_level=None,
        check_same_thread=False,
    )
    try:
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        # A commit reaches the disk before the store returns: a mark the
        # screen reports survives a crash, and a power cut too.
        conn.execute("PRAGMA synchronous = FULL")
        migrate(conn)
        conn.execute(f"PRAGMA busy_timeout = {round(busy_timeout * 1000)}")
    except BaseException:
        _close(conn)
        raise
    return conn


def _off(path: Path | None, error: Exception) -> str:
    """The warning for a database that cannot be used (a damaged one is moved aside)."""
    if path is None:
        return f"Reader state is off this run: {_reason(error)}."
    where = display_path(path)
    if isinstance(error, _Damaged) or (isinstance(error, sqlite3.Error) and is_corrupt(error)):
        return damaged(path, _reason(error))
    if isinstance(error, SchemaError):
        return f"Reader state is off this run: {where} is left as it is because {error}."
    return f"Reader state is off this run: cannot use {where} ({_why(error, path)})."


def _inspect(path: Path) -> None:
    """Check an existing file before using it, through a read-only connection:
    unlike a read-write one, closing it never checkpoints into a damaged file
    nor deletes its ``-wal`` (which may hold the latest marks)."""
    uri = f"{path.absolute().as_uri()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=SETUP_TIMEOUT, isolation_level=None)
    try:
        conn.execute("BEGIN")  # one consistent view while another copy may migrate
        check(conn)
        _verify(conn)
        conn.execute("COMMIT")
    finally:
        _close(conn)


def _verify(conn: sqlite3.Connection) -> None:
    """Raise :class:`_Damaged` unless ``PRAGMA quick_check`` finds the file
    sound.  A row breaking a CHECK or NOT NULL rule is not damage: the file
    is intact, and reads skip such rows (a tampered file keeps its marks)."""
    rows = [str(row[0]) for row in conn.execute("PRAGMA quick_check")]
    damage = [row for row in rows if row != "ok" and not row.startswith(_ROW_PROBLEMS)]
    if damage or not rows:
        raise _Damaged(display_path(damage[0] if damage else "no answer from quick_check"))


def _reason(error: BaseException) -> str:
    """An error's message, safe to show."""
    if isinstance(error, sqlite3.Error):
        return describe(error)
    if isinstance(error, OSError) and error.strerror:
        return display_path(error.strerror)
    return display_path(str(error) or type(error).__name__)


def _why(error: BaseException, path: Path) -> str:
    """The reason an open failed, with the likely cause SQLite leaves unsaid."""
    reason = _reason(error)
    hint = None
    with contextlib.suppress(OSError):
        directory = next((p for p in path.parents if p.exists()), path.parent)
        if path.is_dir():
            hint = "it is a directory"
        elif not os.access(directory, os.W_OK):
            hint = "its directory is read-only"
        elif disk_full(path):
            hint = "the disk is full"
    if isinstance(error, sqlite3.Error) and primary_code(error) in _BUSY:
        hint = "another program holds it; close that and start again"
    if hint is None or hint.split()[-1] in reason.lower():  # SQLite may say so itself
        return reason
    return f"{reason}: {hint}"


def _close(conn: sqlite3.Connection | None) -> None:
    if conn is not None:
        with contextlib.suppress(sqlite3.Error):
            conn.close()


def damaged(path: Path, reason: str) -> str:
    """Move the damaged database at ``path`` aside; the warning to show."""
    where = display_path(path)
    try:
        moved = move_aside(path)
    except OSError as error:
        return (
            f"Reader state is off this run: {where} is damaged ({reason}) and could not "
            f"be moved aside ({_reason(error)}); move or delete it to start afresh."
        )
    return (
        f"Reader state is off this run: {where} is damaged ({reason}). It was moved "
        f"aside to {display_path(moved)}; the next start begins with a fresh one."
    )


def move_aside(path: Path) -> Path:
    """Rename ``path`` and its ``-wal``/``-shm`` to ``NAME.corrupt-YYYYmmdd-HHMMSS``
    (plus ``-N`` if taken) and return the new name; nothing is deleted.  The
    side files go first: a ``-wal`` left beside a fresh database would be
    replayed into it."""
    base = f"{path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}"
    target = path.with_name(base)
    number = 1
    while any(Path(f"{target}{side}").exists() for side in ("", *_SIDE_FILES)):
        number += 1
        target = path.with_name(f"{base}-{number}")
    for side in _SIDE_FILES:
        source = Path(f"{path}{side}")
        if source.exists():
            os.rename(source, f"{target}{side}")
    if path.exists():
        os.rename(path, target)
    return target
