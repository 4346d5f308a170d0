"""The database's schema: created fresh, migrated from version 1, never touched
when foreign or newer, migrated all-or-nothing; and what a hostile file holds
comes back sanitised or not at all."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui import store_schema
from tui.identity import article_key, listings_scope
from tui.store import Mark, Store
from tui.store_db import FILENAME
from tui.store_schema import APPLICATION_ID, VERSION
from tui.text import is_safe, sanitize

KEY_A, KEY_B, KEY_C = (article_key(t, "Alan Woods", "2016-11-08") for t in "ABC")
TABLES = {"meta", "mark", "tag", "saved_search", "setting", "history"}

# Version 1 as released: a frozen copy, so that an edit to the shipped step
# (which users' files were built by) cannot pass unnoticed here.
V1 = (
    "PRAGMA application_id = 1095914569",
    "CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
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
    """CREATE TABLE setting (
        scope TEXT NOT NULL,
        name TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (scope, name)
    ) WITHOUT ROWID""",
    "PRAGMA user_version = 1",
)


@pytest.fixture
def db_path(_private_state: Path) -> Path:
    _private_state.mkdir(parents=True, exist_ok=True)
    return _private_state / FILENAME


def _pragma(path: Path, name: str) -> object:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {name for (name,) in rows}


def _aside(path: Path) -> list[Path]:
    return sorted(path.parent.glob(f"{path.name}.corrupt-*"))


@pytest.mark.parametrize("zero_bytes", [False, True], ids=["no-file", "empty-file"])
def test_a_new_database_gets_the_whole_schema(db_path: Path, zero_bytes: bool) -> None:
    if zero_bytes:
        db_path.write_bytes(b"")
    with Store.open() as store:
        assert not store.off, store.warning
    assert _pragma(db_path, "user_version") == VERSION
    assert _pragma(db_path, "application_id") == APPLICATION_ID
    assert _pragma(db_path, "journal_mode") == "wal"
    assert _tables(db_path) == TABLES


def test_the_shipped_first_step_matches_version_1() -> None:
    """V1 above is what version-1 files hold; the first step must still build it."""
    assert [" ".join(s.split()) for s in store_schema.MIGRATIONS[0]] == [
        " ".join(s.split()) for s in V1[:-1]
    ]


def test_a_version_1_database_is_migrated_and_keeps_its_data(
    db_path: Path, _private_history: Path
) -> None:
    scope = listings_scope([db_path])
    with sqlite3.connect(db_path) as conn:
        for statement in V1:
            conn.execute(statement)
        conn.execute("INSERT INTO mark VALUES (?, 1, 0, 1), (?, 0, 1, 1)", (KEY_A, KEY_B))
        conn.execute("INSERT INTO tag VALUES ('history', ?, 1)", (KEY_B,))
        conn.execute("INSERT INTO saved_search VALUES ('Stalin', 'stalin -trotsky', 1)")
        conn.execute("INSERT INTO setting VALUES ('', 'theme', '\"nord\"')")
        conn.execute("INSERT INTO setting VALUES (?, 'sort', '[[\"date\", true]]')", (scope,))
    _private_history.write_text(json.dumps({"version": 1, "queries": ["lenin", "october"]}))
    assert _pragma(db_path, "user_version") == 1

    with Store.open() as store:
        assert not store.off, store.warning
        assert store.marks([KEY_A, KEY_B, KEY_C]) == {
            KEY_A: Mark(read=True),
            KEY_B: Mark(starred=True, tags=frozenset(["history"])),
        }
        assert store.saved_searches() == {"Stalin": "stalin -trotsky"}
        assert store.get_setting("theme") == "nord"
        assert store.get_setting("sort", scope=scope) == [["date", True]]
        assert store.history() == ["lenin", "october"]  # version 2's table, filled
        store.add_history("trotsky")
    assert _pragma(db_path, "user_version") == VERSION
    assert _tables(db_path) == TABLES
    with Store.open() as again:  # migrated once, imported once
        assert again.history() == ["lenin", "october", "trotsky"]


def test_a_failing_step_leaves_the_database_as_it_was(db_path: Path) -> None:
    with Store.open() as store:
        store.mark_read([KEY_A])
    before = _pragma(db_path, "user_version")
    # A step that fails half-way: its first statement works, its second does not.
    broken = ("CREATE TABLE extra (x)", "CREATE TABLE mark (x)")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store_schema, "MIGRATIONS", (*store_schema.MIGRATIONS, broken))
        patch.setattr(store_schema, "VERSION", VERSION + 1)
        with Store.open() as store:
            assert store.off
            assert store.warning is not None and "already exists" in store.warning
    assert _pragma(db_path, "user_version") == before
    assert _tables(db_path) == TABLES  # no "extra": the step was rolled back whole
    assert _aside(db_path) == []
    with Store.open() as store:
        assert store.snapshot().read == frozenset([KEY_A])


def test_a_newer_database_is_left_alone(db_path: Path) -> None:
    with Store.open() as store:
        store.mark_read([KEY_A])
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {VERSION + 1}")
    before = db_path.read_bytes()
    with Store.open() as store:
        assert store.off
        assert store.warning is not None and "newer Archive TUI" in store.warning
    assert db_path.read_bytes() == before and _aside(db_path) == []


def test_another_programs_database_is_left_alone(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('x')")
    before = db_path.read_bytes()
    with Store.open() as store:
        assert store.off
        assert store.warning is not None and "another program's" in store.warning
    assert db_path.read_bytes() == before and _aside(db_path) == []


# -- a hostile file ------------------------------------------------------------


def _strings(value: object) -> Iterator[str]:
    """Every string in a returned value, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _strings(item)


OSC52 = "\x1b]52;c;cm0gLXJmIH4=\x07"
LINK = "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07"


def test_hostile_rows_come_back_sanitised_or_not_at_all(db_path: Path) -> None:
    with Store.open() as store:
        store.mark_read([KEY_C])
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        marks = [
            (KEY_A, 1, 0),
            (KEY_B, 2, "yes"),  # neither flag is 1
            ("not a key", 1, 1),
            (KEY_A.upper(), 1, 1),
            (bytes.fromhex(KEY_A), 1, 1),
        ]
        conn.executemany("INSERT OR REPLACE INTO mark VALUES (?, ?, ?, 0)", marks)
        tags = [
            ("good", KEY_A),
            (f"evil{OSC52}", KEY_A),
            ("UPPER", KEY_A),
            ("two words", KEY_A),
            (b"good", KEY_B),
            ("x" * 500, KEY_A),
            ("good", "not a key"),
        ]
        conn.executemany("INSERT INTO tag VALUES (?, ?, 0)", tags)
        searches = [
            ("ok", f"stalin {LINK} \u202eevil"),
            (f"name{OSC52}", "q"),
            ("long", "q" * 5000),
            ("lines", "a\nb"),
            ("blob", b"\x1b[2J"),
            (b"blob name", "q"),
        ]
        conn.executemany("INSERT INTO saved_search VALUES (?, ?, 0)", searches)
        settings = [
            ("theme", json.dumps(f"\x1b[31mred{OSC52}")),
            ("layout", json.dumps({"\x9b31mkey": ["\u202eright", 1, 2.5, None, True]})),
            ("bad", "{not json"),
            ("nan", "NaN"),
            ("deep", "[" * 200 + "]" * 200),
            ("huge", json.dumps("x" * 100_000)),
            ("Bad Name", '"x"'),
            ("blob", b'"x"'),
        ]
        conn.executemany("INSERT INTO setting VALUES ('', ?, ?)", settings)
        conn.execute("INSERT INTO setting VALUES ('not a scope', 'theme', '\"x\"')")
        history = [
            (f"\x1b[2Jred{OSC52} query",),
            ("two\nlines",),
            (b"blob",),
            ("ok",),
            ("z" * 5000,),
        ]
        conn.executemany("INSERT INTO history (query) VALUES (?)", history)

    with Store.open() as store:
        assert not store.off, store.warning
        snap = store.snapshot()
        assert snap.read == frozenset([KEY_A, KEY_C])
        assert snap.starred == frozenset()
        assert dict(snap.tags) == {"good": frozenset([KEY_A])}
        assert store.all_tags() == {"good": 1}
        assert store.marks([KEY_A]) == {KEY_A: Mark(read=True, tags=frozenset(["good"]))}
        assert store.saved_searches() == {"ok": sanitize(f"stalin {LINK} \u202eevil")[0]}
        assert store.saved_searches()["ok"] == "stalin click evil"
        assert store.settings() == {
            "theme": "red",
            "layout": {"key": ["right", 1, 2.5, None, True]},
        }
        for name in ("bad", "nan", "deep", "huge", "blob"):
            assert store.get_setting(name, "default") == "default"
        assert store.history() == ["red query", "ok"]
        returned = [snap.read, dict(snap.tags), store.saved_searches(), store.settings()]
        returned.append(store.history())
        assert all(is_safe(text) for text in _strings(returned))
        # The store still works on top of what it ignored.
        assert store.add_tag([KEY_B], "fine") == 1
        assert store.save_search("new", "lenin") is False
