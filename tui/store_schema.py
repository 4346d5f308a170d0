"""The reader-state database's schema and its forward migrations. Pure: no Textual.

``PRAGMA user_version`` holds the number of steps applied; opening runs the
missing ones, in order, in one write transaction, so a copy of the app that
starts beside an older database upgrades it exactly once and a failed step
leaves it as it was.  Steps are append-only: a released step is never edited
(users' files were built by it); a change is a new step.  ``application_id``
marks the file as ours, so that a foreign SQLite file is left alone.

Only SQL that SQLite 3.24 understands (upserts; no STRICT tables, no
RETURNING), so that the Python builds linked to an older system SQLite can
read the file.
"""

from __future__ import annotations

import contextlib
import sqlite3

# "ARTI" (Archive TUI), in the header of every database this module creates.
APPLICATION_ID = 0x41525449

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: reader state — marks, tags, saved searches, settings, the store's own notes.
    (
        f"PRAGMA application_id = {APPLICATION_ID}",
        "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
        # One row per article with a mark; ``changed`` is Unix seconds.  A row
        # whose marks are all cleared is deleted.
        """CREATE TABLE mark (
            key TEXT PRIMARY KEY,
            read INTEGER NOT NULL DEFAULT 0 CHECK (read IN (0, 1)),
            starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1)),
            changed INTEGER NOT NULL
        ) WITHOUT ROWID""",
        """CREATE TABLE tag (
            tag TEXT NOT NULL,
            key TEXT NOT NULL,
            added INTEGER NOT NULL,
            PRIMARY KEY (tag, key)
        ) WITHOUT ROWID""",
        "CREATE INDEX tag_by_key ON tag (key)",
        """CREATE TABLE saved_search (
            name TEXT PRIMARY KEY,
            query TEXT NOT NULL,
            saved INTEGER NOT NULL
        ) WITHOUT ROWID""",
        # ``scope`` is '' (global) or a listings scope; ``value`` is JSON.
        """CREATE TABLE setting (
            scope TEXT NOT NULL,
            name TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (scope, name)
        ) WITHOUT ROWID""",
    ),
    # 2: the query history moves in from history.json (imported once on open);
    # the largest id is the newest entry.
    ("CREATE TABLE history (id INTEGER PRIMARY KEY, query TEXT NOT NULL UNIQUE)",),
)
VERSION = len(MIGRATIONS)


class SchemaError(Exception):
    """The file is a database, but not one this version can use."""


def check(conn: sqlite3.Connection) -> int:
    """The file's schema version; :class:`SchemaError` when it is another
    program's database or was written by a newer Archive TUI."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if app_id == 0 and version == 0:
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables:
            raise SchemaError("it is another program's SQLite database")
        return 0
    if app_id != APPLICATION_ID:
        raise SchemaError("it is another program's SQLite database")
    if version > VERSION:
        raise SchemaError(
            f"it was written by a newer Archive TUI (schema {version}; this one knows {VERSION})"
        )
    return version


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the missing steps in one write transaction (the connection is in
    autocommit mode); the number of steps applied."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = check(conn)  # inside the lock: another copy may have just migrated
        for number, steps in enumerate(MIGRATIONS[version:], start=version + 1):
            for statement in steps:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise
    return VERSION - version
