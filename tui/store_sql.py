"""The reader-state database's statements, each run on a connection inside a
transaction the store has opened, and the immutable values they return.
Pure: no Textual import.

Writes touch only the rows they change (an upsert or delete per key), so two
running copies never overwrite each other's marks.  Reads check every row
(see :mod:`tui.store_values`): the file is untrusted, and a row that fails is
skipped rather than shown or allowed to break the read.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from tui import history as old_history
from tui.identity import is_key
from tui.listing import display_path
from tui.store_errors import BadValue
from tui.store_values import (
    MAX_QUERY,
    Json,
    check_setting_name,
    clean_setting,
    clean_text,
    valid_name,
    valid_tag,
)

HISTORY_LIMIT = old_history.LIMIT
# meta: set once the old history.json has been imported.
HISTORY_IMPORTED = "history_imported"
# Keys per statement when selecting by key (old SQLite allows 999 parameters).
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Version:
    """What :meth:`tui.store.Store.changed_since` compares: SQLite's count of
    other connections' commits (``PRAGMA data_version``) and the store's own."""

    data: int
    local: int


@dataclass(frozen=True, slots=True)
class Mark:
    """One article's state."""

    read: bool = False
    starred: bool = False
    tags: frozenset[str] = frozenset()


def _no_groups() -> Mapping[str, frozenset[str]]:
    return MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Snapshot:
    """All marks at one moment, immutable (hand it to any thread): the sets the
    query engine tests ``is:read``, ``is:starred`` and ``tag:NAME`` against,
    and each key's tags for drawing a row."""

    read: frozenset[str] = frozenset()
    starred: frozenset[str] = frozenset()
    tags: Mapping[str, frozenset[str]] = field(default_factory=_no_groups)  # tag -> keys
    key_tags: Mapping[str, frozenset[str]] = field(default_factory=_no_groups)  # key -> tags
    version: Version = Version(-1, -1)

    def mark(self, key: str) -> Mark:
        """The state of the article with ``key``."""
        return Mark(key in self.read, key in self.starred, self.key_tags.get(key, frozenset()))


def _frozen(groups: dict[str, set[str]]) -> Mapping[str, frozenset[str]]:
    return MappingProxyType({name: frozenset(keys) for name, keys in groups.items()})


def data_version(conn: sqlite3.Connection) -> int:
    """SQLite's count of commits by *other* connections, as seen by this one."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


# -- marks ---------------------------------------------------------------------


def set_flag(
    conn: sqlite3.Connection, column: Literal["read", "starred"], keys: Sequence[str], on: bool
) -> int:
    """Set or clear one flag on each key's row; how many rows changed.  A row
    left with no flag is deleted (its tags live in their own table)."""
    now = int(time.time())
    if on:
        sql = (
            f"INSERT INTO mark (key, {column}, changed) VALUES (?, 1, ?) "
            f"ON CONFLICT (key) DO UPDATE SET {column} = 1, changed = excluded.changed "
            f"WHERE {column} = 0"
        )
        return conn.executemany(sql, [(key, now) for key in keys]).rowcount
    sql = f"UPDATE mark SET {column} = 0, changed = ? WHERE key = ? AND {column} = 1"
    changed = conn.executemany(sql, [(now, key) for key in keys]).rowcount
    conn.executemany(
        "DELETE FROM mark WHERE key = ? AND read = 0 AND starred = 0", [(key,) for key in keys]
    )
    return changed


def add_tag(conn: sqlite3.Connection, keys: Sequence[str], tag: str) -> int:
    """Tag each key; how many were not tagged so before."""
    sql = "INSERT OR IGNORE INTO tag (tag, key, added) VALUES (?, ?, ?)"
    now = int(time.time())
    return conn.executemany(sql, [(tag, key, now) for key in keys]).rowcount


def remove_tag(conn: sqlite3.Connection, keys: Sequence[str], tag: str) -> int:
    """Untag each key; how many had the tag."""
    sql = "DELETE FROM tag WHERE tag = ? AND key = ?"
    return conn.executemany(sql, [(tag, key) for key in keys]).rowcount


def snapshot(conn: sqlite3.Connection, local: int) -> Snapshot:
    """Every valid mark, with the version it reflects."""
    version = Version(data_version(conn), local)  # before the reads: never newer than them
    read: set[str] = set()
    starred: set[str] = set()
    for key, is_read, is_starred in conn.execute("SELECT key, read, starred FROM mark"):
        if is_key(key):
            if is_read == 1:
                read.add(key)
            if is_starred == 1:
                starred.add(key)
    by_tag: dict[str, set[str]] = {}
    by_key: dict[str, set[str]] = {}
    check_tag = functools.cache(valid_tag)  # few tags, many rows
    for tag, key in conn.execute("SELECT tag, key FROM tag"):
        if is_key(key) and (name := check_tag(tag)) is not None:
            by_tag.setdefault(name, set()).add(key)
            by_key.setdefault(key, set()).add(name)
    return Snapshot(frozenset(read), frozenset(starred), _frozen(by_tag), _frozen(by_key), version)


def marks(conn: sqlite3.Connection, keys: Sequence[str]) -> dict[str, Mark]:
    """The state of each key that has any."""
    flags: dict[str, tuple[bool, bool]] = {}
    tags: dict[str, set[str]] = {}
    check_tag = functools.cache(valid_tag)
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        places = ",".join("?" * len(chunk))
        sql = f"SELECT key, read, starred FROM mark WHERE key IN ({places})"
        for key, read, starred in conn.execute(sql, chunk):
            flags[key] = (read == 1, starred == 1)
        for tag, key in conn.execute(f"SELECT tag, key FROM tag WHERE key IN ({places})", chunk):
            if (name := check_tag(tag)) is not None:
                tags.setdefault(key, set()).add(name)
    return {
        key: Mark(*flags.get(key, (False, False)), frozenset(tags.get(key, ())))
        for key in keys
        if key in flags or key in tags
    }


# -- saved searches and settings ----------------------------------------------


def save_search(conn: sqlite3.Connection, name: str, query: str) -> bool:
    """Save or replace; True when a search of that name existed."""
    found = conn.execute("SELECT 1 FROM saved_search WHERE name = ?", (name,)).fetchone()
    conn.execute(
        "INSERT INTO saved_search (name, query, saved) VALUES (?, ?, ?) "
        "ON CONFLICT (name) DO UPDATE SET query = excluded.query, saved = excluded.saved",
        (name, query, int(time.time())),
    )
    return found is not None


def saved_searches(conn: sqlite3.Connection) -> dict[str, str]:
    """Valid saved searches, name to query, by name (case ignored)."""
    found: dict[str, str] = {}
    for raw_name, raw_query in conn.execute("SELECT name, query FROM saved_search"):
        name, query = valid_name(raw_name), clean_text(raw_query, MAX_QUERY)
        if name is not None and query is not None:
            found[name] = query
    return dict(sorted(found.items(), key=lambda item: (item[0].casefold(), item[0])))


def set_setting(conn: sqlite3.Connection, scope: str, name: str, text: str) -> None:
    """Keep one setting's JSON text."""
    conn.execute(
        "INSERT INTO setting (scope, name, value) VALUES (?, ?, ?) "
        "ON CONFLICT (scope, name) DO UPDATE SET value = excluded.value",
        (scope, name, text),
    )


def settings(conn: sqlite3.Connection, scope: str, name: str | None = None) -> dict[str, Json]:
    """The readable settings of ``scope`` (only ``name`` if given)."""
    sql = "SELECT name, value FROM setting WHERE scope = ?"
    rows = (
        conn.execute(sql, (scope,))
        if name is None
        else conn.execute(f"{sql} AND name = ?", (scope, name))
    )
    found: dict[str, Json] = {}
    for raw_name, raw in rows:
        with contextlib.suppress(BadValue, ValueError, TypeError):
            found[check_setting_name(raw_name)] = clean_setting(raw)
    return found


# -- query history -------------------------------------------------------------


def history(conn: sqlite3.Connection) -> list[str]:
    """Valid remembered queries, oldest first, without repeats."""
    rows = conn.execute("SELECT query FROM history ORDER BY id").fetchall()
    entries = [e for (raw,) in rows if (e := clean_text(raw, MAX_QUERY)) is not None]
    newest_first = dict.fromkeys(reversed(entries))  # a repeat keeps its newest place
    return list(reversed(newest_first))[-HISTORY_LIMIT:]


def remember(conn: sqlite3.Connection, queries: Sequence[str]) -> None:
    """Append ``queries`` as the newest, dropping earlier copies and all but
    the newest :data:`HISTORY_LIMIT`."""
    for query in queries:
        conn.execute("DELETE FROM history WHERE query = ?", (query,))
        conn.execute("INSERT INTO history (query) VALUES (?)", (query,))
    conn.execute(
        "DELETE FROM history WHERE id <= "
        "(SELECT id FROM history ORDER BY id DESC LIMIT 1 OFFSET ?)",
        (HISTORY_LIMIT,),
    )


def import_history(conn: sqlite3.Connection, path: Path) -> str | None:
    """Bring in the old ``history.json`` at ``path`` unless done before (the
    file is left in place); a warning when it could not be read."""
    if conn.execute("SELECT 1 FROM meta WHERE name = ?", (HISTORY_IMPORTED,)).fetchone():
        return None
    warning = None
    try:
        entries = old_history.read_entries(path)
    except old_history.HistoryError as error:
        entries = []
        reason = display_path(str(error))
        warning = f"Ignored the unreadable query history {display_path(path)}: {reason}"
    queries = [q for q in (clean_text(e, MAX_QUERY) for e in entries) if q is not None]
    remember(conn, queries)
    conn.execute(
        "INSERT INTO meta (name, value) VALUES (?, ?)",
        (HISTORY_IMPORTED, f"{len(queries)} queries from {display_path(path)}"),
    )
    return warning
