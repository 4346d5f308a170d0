"""Reader state — read/unread, stars, tags, saved searches, settings and the
query history — kept in one SQLite database that running copies share.
Pure: no Textual import.

Every change is one small transaction on the rows it affects (never a rewrite
of the whole state), committed to disk before the call returns: once a method
returns, the UI may say it happened, and another running copy loses nothing
it marked meanwhile.  That copy sees this one's changes when it asks
:meth:`Store.changed_since` (``PRAGMA data_version``) on its next focus or
refresh and takes a new :meth:`Store.snapshot`.

Threads: the UI calls the store from worker threads.  A store holds one
connection, opened with ``check_same_thread=False`` and used under a lock, so
any thread may call any method and calls run one at a time (each is short;
a per-thread connection would leak one per short-lived worker thread and
make ``data_version`` tokens per-thread).  What a read returns is immutable
or a fresh copy, safe to hand to another thread.

Failures (see :mod:`tui.store_errors`): a database locked by another copy is
waited for :data:`~tui.store_db.BUSY_TIMEOUT`, then :class:`StoreBusy` (the UI
retries in its worker and tells the user); a full disk or read-only file is a
:class:`StoreError` with a clear message and changes nothing.  A database
that cannot be opened, or turns out damaged, puts the store *off* for the
run (:attr:`Store.off`, one :attr:`Store.warning` to show): reads return
nothing, writes raise :class:`StoreOff`.  With ``ARCHIVE_TUI_DATA`` empty the
database is in memory: everything works and nothing is kept.
"""

from __future__ import annotations

import contextlib
import enum
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Literal, TypeVar

from tui import history as old_history
from tui import store_sql as sql
from tui.identity import GLOBAL_SCOPE
from tui.store_db import BUSY_TIMEOUT, connect, damaged, default_path
from tui.store_errors import (
    BadValue,
    StoreBusy,
    StoreError,
    StoreOff,
    describe,
    is_corrupt,
    translate,
)
from tui.store_sql import Mark, Snapshot, Version
from tui.store_values import (
    Json,
    check_keys,
    check_name,
    check_query,
    check_scope,
    check_setting_name,
    encode_setting,
    normalize_tag,
)

__all__ = [
    "BadValue",
    "Mark",
    "Snapshot",
    "Store",
    "StoreBusy",
    "StoreError",
    "StoreOff",
    "Version",
]

T = TypeVar("T")


class Where(enum.Enum):
    """:meth:`Store.open`'s default: the database :func:`default_path` names."""

    DEFAULT = "default"


# Setting names the UI uses.  Global: the theme, the detail pane's layout,
# whether opening an article marks it read.  Per set of listings (scope from
# tui.identity.listings_scope): the sort keys, the last query, the selected
# article's key.
THEME = "theme"
DETAIL_LAYOUT = "detail_layout"
MARK_READ_ON_OPEN = "mark_read_on_open"
SORT = "sort"
LAST_QUERY = "last_query"
SELECTED = "selected"


def _sorted_keys(keys: Iterable[str]) -> list[str]:
    """Valid keys, each once, in order: B-tree inserts in key order touch each
    page once (a third faster for 100k keys)."""
    return sorted(set(check_keys(keys)))


class Store:
    """The reader-state database; make one with :meth:`open`, :meth:`close`
    it at exit.  :attr:`warning` is the one message to show at start (why
    state is off, or that the old history file was unreadable), else None."""

    def __init__(self, conn: sqlite3.Connection | None, path: Path | None, warning: str | None):
        self._conn = conn
        self.path = path
        self.warning = warning
        self._lock = threading.Lock()
        self._writes = 0

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str] | Where | None = Where.DEFAULT,
        *,
        busy_timeout: float = BUSY_TIMEOUT,
    ) -> Store:
        """The store at ``path`` (:func:`tui.store_db.default_path` by default;
        None: in memory).  Never raises: a store that cannot be used is off.
        A file store imports the old ``history.json`` the first time.  Does
        file I/O (an integrity check): call it from a worker, not the UI thread."""
        where = default_path() if path is Where.DEFAULT else None if path is None else Path(path)
        opened = connect(where, busy_timeout)
        store = cls(opened.conn, where, opened.warning)
        history_path = old_history.default_path()
        if opened.conn is not None and where is not None and history_path is not None:
            try:
                store.warning = store._write(lambda c: sql.import_history(c, history_path))
            except StoreError as error:
                store.warning = store.warning or f"Could not import the query history: {error}"
        return store

    @property
    def off(self) -> bool:
        """True when reader state is off this run (see :attr:`warning`)."""
        return self._conn is None

    @property
    def persistent(self) -> bool:
        """True when changes are kept on disk (not off, not in memory)."""
        return self._conn is not None and self.path is not None

    def close(self) -> None:
        """Close the database; the store is off afterwards."""
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.close()
                self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- transactions --------------------------------------------------------

    def _fail(self, error: sqlite3.Error) -> StoreError:
        """The error to raise for ``error``; a damaged file puts the store off."""
        if not is_corrupt(error):
            return translate(error, self.path)
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None
        reason = describe(error)
        self.warning = (
            damaged(self.path, reason) if self.path else f"Reader state is off: {reason}."
        )
        return StoreOff(self.warning)

    @contextlib.contextmanager
    def _transaction(self, begin: str) -> Iterator[sqlite3.Connection]:
        """One transaction under the lock; sqlite3 errors become StoreErrors."""
        with self._lock:
            conn = self._conn
            if conn is None:
                raise StoreOff(self.warning or "Reader state is closed.")
            try:
                conn.execute(begin)
                try:
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        with contextlib.suppress(sqlite3.Error):
                            conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as error:
                raise self._fail(error) from error

    def _write(self, run: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``run`` in one write transaction, committed when this returns."""
        with self._transaction("BEGIN IMMEDIATE") as conn:
            result = run(conn)
            self._writes += 1
        return result

    def _read(self, run: Callable[[sqlite3.Connection], T], empty: T) -> T:
        """Run ``run`` in one read transaction (one consistent view); ``empty`` when off."""
        if self._conn is None:
            return empty
        with self._transaction("BEGIN") as conn:
            return run(conn)

    # -- marks ---------------------------------------------------------------

    def _flag(self, column: Literal["read", "starred"], keys: Iterable[str], on: bool) -> int:
        unique = _sorted_keys(keys)
        return self._write(lambda c: sql.set_flag(c, column, unique, on)) if unique else 0

    def mark_read(self, keys: Iterable[str], read: bool = True) -> int:
        """Mark the articles read (or unread); how many changed."""
        return self._flag("read", keys, read)

    def set_starred(self, keys: Iterable[str], starred: bool = True) -> int:
        """Star (or unstar) the articles; how many changed."""
        return self._flag("starred", keys, starred)

    def add_tag(self, keys: Iterable[str], tag: str) -> int:
        """Tag the articles (:func:`~tui.store_values.normalize_tag` says what a
        tag may be; BadValue otherwise); how many were not tagged so before."""
        name = normalize_tag(tag)
        unique = _sorted_keys(keys)
        return self._write(lambda c: sql.add_tag(c, unique, name)) if unique else 0

    def remove_tag(self, keys: Iterable[str], tag: str) -> int:
        """Take the tag off the articles; how many had it."""
        name = normalize_tag(tag)
        unique = _sorted_keys(keys)
        return self._write(lambda c: sql.remove_tag(c, unique, name)) if unique else 0

    def all_tags(self) -> dict[str, int]:
        """Every tag in use and how many articles have it, by name (for completion)."""
        return {name: len(keys) for name, keys in sorted(self.snapshot().tags.items())}

    def marks(self, keys: Iterable[str]) -> dict[str, Mark]:
        """The state of those of the given articles that have any."""
        unique = list(dict.fromkeys(check_keys(keys)))
        return self._read(lambda c: sql.marks(c, unique), {})

    def snapshot(self) -> Snapshot:
        """Every mark as of one moment, with the :class:`Version` it reflects."""
        return self._read(lambda c: sql.snapshot(c, self._writes), Snapshot())

    def version(self) -> Version:
        """Where the database stands now, to compare with a snapshot's."""
        return self._read(lambda c: Version(sql.data_version(c), self._writes), Snapshot().version)

    def changed_since(self, version: Version) -> bool:
        """True when this copy or another changed anything since ``version``
        (cheap: reads no table)."""
        return self.version() != version

    # -- saved searches ------------------------------------------------------

    def save_search(self, name: str, query: str) -> bool:
        """Save ``query`` under ``name``; True when it replaced one of that name."""
        name, query = check_name(name), check_query(query)
        return self._write(lambda c: sql.save_search(c, name, query))

    def saved_searches(self) -> dict[str, str]:
        """Every saved search, name to query, by name (case ignored)."""
        return self._read(sql.saved_searches, {})

    def saved_search(self, name: str) -> str | None:
        """The query saved under ``name``, or None."""
        return self.saved_searches().get(name.strip())

    def delete_search(self, name: str) -> bool:
        """Forget the saved search ``name``; False when there was none."""
        name = name.strip()
        statement = "DELETE FROM saved_search WHERE name = ?"
        return self._write(lambda c: c.execute(statement, (name,)).rowcount > 0)

    # -- settings ------------------------------------------------------------

    def get_setting(self, name: str, default: Json = None, *, scope: str = GLOBAL_SCOPE) -> Json:
        """A setting's value (strings sanitised), or ``default`` when it is
        missing or unreadable."""
        name, scope = check_setting_name(name), check_scope(scope)
        none: dict[str, Json] = {}
        found = self._read(lambda c: sql.settings(c, scope, name), none)
        return found.get(name, default)

    def set_setting(self, name: str, value: Json, *, scope: str = GLOBAL_SCOPE) -> None:
        """Keep a setting: plain JSON (finite numbers), at most 64 KiB."""
        name, scope, text = check_setting_name(name), check_scope(scope), encode_setting(value)
        self._write(lambda c: sql.set_setting(c, scope, name, text))

    def delete_setting(self, name: str, *, scope: str = GLOBAL_SCOPE) -> bool:
        """Forget a setting; False when it was not set."""
        name, scope = check_setting_name(name), check_scope(scope)
        statement = "DELETE FROM setting WHERE scope = ? AND name = ?"
        return self._write(lambda c: c.execute(statement, (scope, name)).rowcount > 0)

    def settings(self, scope: str = GLOBAL_SCOPE) -> dict[str, Json]:
        """Every readable setting of ``scope`` (one read at start-up)."""
        scope = check_scope(scope)
        return self._read(lambda c: sql.settings(c, scope), {})

    # -- query history -------------------------------------------------------

    def history(self) -> list[str]:
        """The remembered queries, oldest first, without repeats."""
        return self._read(sql.history, [])

    def add_history(self, query: str) -> bool:
        """Remember ``query`` as the newest (moving an earlier copy); False, and
        nothing kept, for an empty, multi-line or over-long query."""
        try:
            query = check_query(query)
        except BadValue:
            return False
        self._write(lambda c: sql.remember(c, [query]))
        return True
