"""Reader state: marks, tags, saved searches, settings and history round trips,
the rules for what goes in, where the database lives, refresh between copies,
threads, in-memory and off modes."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest

from tui.identity import GLOBAL_SCOPE, article_key, listings_scope
from tui.store import (
    LAST_QUERY,
    SORT,
    THEME,
    BadValue,
    Mark,
    Snapshot,
    Store,
    StoreOff,
)
from tui.store_db import ENV, FILENAME, default_path
from tui.store_sql import HISTORY_LIMIT

KEYS = [article_key(f"Title {i}", "Alan Woods", f"2016-11-{i + 1:02d}") for i in range(6)]


def _open() -> Store:
    store = Store.open()
    assert not store.off, store.warning
    return store


def _raw(store: Store) -> sqlite3.Connection:
    assert store.path is not None
    return sqlite3.connect(store.path)


def test_tests_never_use_the_real_user_directory(_private_state: Path) -> None:
    assert default_path() == _private_state / FILENAME
    with _open() as store:
        assert store.path == _private_state / FILENAME and store.persistent
    assert (_private_state / FILENAME).is_file()


def test_default_is_the_platform_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_data_path

    monkeypatch.delenv(ENV)
    assert default_path() == user_data_path("archive-tui", appauthor=False) / "state.sqlite3"


def test_marks_round_trip_and_report_what_changed() -> None:
    with _open() as store:
        assert store.mark_read(KEYS[:3]) == 3
        assert store.mark_read(KEYS[:3]) == 0  # already read: nothing changed
        assert store.mark_read(KEYS[2:4]) == 1
        assert store.mark_read([KEYS[0]], read=False) == 1
        assert store.mark_read([KEYS[5]], read=False) == 0
        assert store.set_starred([KEYS[1], KEYS[4], KEYS[4]]) == 2
        assert store.set_starred([KEYS[4]], starred=False) == 1
        snap = store.snapshot()
    assert snap.read == frozenset(KEYS[1:4])
    assert snap.starred == frozenset([KEYS[1]])
    assert snap.mark(KEYS[1]) == Mark(read=True, starred=True)
    assert snap.mark(KEYS[5]) == Mark()
    with _open() as again:  # committed to disk: another open sees it all
        assert again.snapshot().read == snap.read
        assert again.marks(KEYS) == {
            KEYS[1]: Mark(True, True),
            KEYS[2]: Mark(True, False),
            KEYS[3]: Mark(True, False),
        }
        # A row whose flags are all cleared is gone, not kept as zeros.
        again.mark_read(KEYS, read=False)
        again.set_starred(KEYS, starred=False)
        with _raw(again) as raw:
            assert raw.execute("SELECT count(*) FROM mark").fetchone()[0] == 0


def test_tags_are_normalised_counted_and_removed() -> None:
    with _open() as store:
        assert store.add_tag(KEYS[:3], "History") == 3
        assert store.add_tag(KEYS[:2], " history ") == 0  # the same tag
        assert store.add_tag([KEYS[0]], "Économie") == 1
        assert store.add_tag([KEYS[4]], "c++") == 1
        assert store.all_tags() == {"c++": 1, "history": 3, "économie": 1}
        assert store.remove_tag([KEYS[0], KEYS[5]], "HISTORY") == 1
        snap = store.snapshot()
        assert snap.tags["history"] == frozenset(KEYS[1:3])
        assert snap.mark(KEYS[0]).tags == frozenset(["économie"])
        assert store.marks([KEYS[0], KEYS[3]]) == {KEYS[0]: Mark(tags=frozenset(["économie"]))}
        assert store.remove_tag([KEYS[4]], "c++") == 1
        assert "c++" not in store.all_tags()


@pytest.mark.parametrize(
    ("tag", "normal"),
    [("History", "history"), ("russia-1917", "russia-1917"), ("Топик", "топик"), ("c#", "c#")],
)
def test_valid_tags(tag: str, normal: str) -> None:
    with _open() as store:
        store.add_tag([KEYS[0]], tag)
        assert list(store.all_tags()) == [normal]


@pytest.mark.parametrize(
    ("tag", "says"),
    [
        ("", "empty"),
        ("two words", "one word"),
        ("x" * 41, "at most 40"),
        ("-leading", "start with a letter or digit"),
        ("a:b", 'has ":"'),
        ('a"b', "letter or digit or one of"),
        ("red\x1b[31m", "a control character"),
    ],
)
def test_invalid_tags_are_refused_with_a_reason(tag: str, says: str) -> None:
    with _open() as store, pytest.raises(BadValue, match=says) as caught:
        store.add_tag([KEYS[0]], tag)
    assert "\x1b" not in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_keys_must_be_article_keys() -> None:
    with _open() as store:
        with pytest.raises(BadValue, match="collection"):
            store.mark_read(KEYS[0])
        with pytest.raises(BadValue, match="Not an article key"):
            store.mark_read(["x' OR 1=1 --"])
        assert store.mark_read([]) == 0
        assert store.snapshot().read == frozenset()


def test_saved_searches_round_trip() -> None:
    with _open() as store:
        assert store.save_search(" Stalin ", "stalin -trotsky") is False
        assert store.save_search("by woods", 'author:woods "October"') is False
        assert store.save_search("Stalin", "stalin") is True  # replaced
        assert store.saved_searches() == {"by woods": 'author:woods "October"', "Stalin": "stalin"}
        assert store.saved_search("Stalin") == "stalin"
        assert store.saved_search("nope") is None
        assert store.delete_search("Stalin") is True
        assert store.delete_search("Stalin") is False
    with _open() as again:
        assert again.saved_searches() == {"by woods": 'author:woods "October"'}


@pytest.mark.parametrize(
    ("name", "query", "says"),
    [
        ("", "x", "name cannot be empty"),
        ("n" * 61, "x", "at most 60"),
        ("two\nlines", "x", "one line"),
        ("osc\x1b]52;c;aGk=\x07", "x", "without control"),
        ("ok", "  ", "query cannot be empty"),
        ("ok", "q" * 2001, "at most 2000"),
    ],
)
def test_invalid_saved_searches_are_refused(name: str, query: str, says: str) -> None:
    with _open() as store, pytest.raises(BadValue, match=says):
        store.save_search(name, query)


def test_settings_round_trip_per_scope(tmp_path: Path) -> None:
    scope = listings_scope([tmp_path / "a.txt"])
    other = listings_scope([tmp_path / "b.txt"])
    sort = [["date", True], ["title", False]]
    with _open() as store:
        assert store.get_setting(THEME) is None
        assert store.get_setting(THEME, "textual-dark") == "textual-dark"
        store.set_setting(THEME, "nord")
        store.set_setting(SORT, sort, scope=scope)
        store.set_setting(LAST_QUERY, "stalin", scope=scope)
        store.set_setting(LAST_QUERY, "lenin", scope=other)
        store.set_setting("numbers", {"n": 3, "x": 0.5, "on": False, "none": None})
    with _open() as again:
        assert again.get_setting(THEME) == "nord"
        assert again.get_setting(SORT, scope=scope) == sort
        assert again.get_setting(SORT) is None  # not global
        assert again.settings(scope) == {SORT: sort, LAST_QUERY: "stalin"}
        assert again.settings(other) == {LAST_QUERY: "lenin"}
        assert again.settings() == {
            THEME: "nord",
            "numbers": {"n": 3, "x": 0.5, "on": False, "none": None},
        }
        assert again.delete_setting(THEME) is True
        assert again.delete_setting(THEME) is False
        assert again.get_setting(THEME, "gone") == "gone"


@pytest.mark.parametrize(
    ("name", "value", "scope", "says"),
    [
        ("Theme", "x", GLOBAL_SCOPE, "Not a setting name"),
        ("theme", "x", "not-a-scope", "Not a settings scope"),
        ("theme", float("nan"), GLOBAL_SCOPE, "plain JSON"),
        ("theme", {1, 2}, GLOBAL_SCOPE, "plain JSON"),
        pytest.param("theme", "x" * 70_000, GLOBAL_SCOPE, "at most 64 KiB", id="too-big"),
        pytest.param("theme", json.loads("[" * 20 + "]" * 20), "", "too deeply", id="deep"),
    ],
)
def test_invalid_settings_are_refused(name: str, value: object, scope: str, says: str) -> None:
    with _open() as store, pytest.raises(BadValue, match=says):
        store.set_setting(name, value, scope=scope)  # type: ignore[arg-type]


def test_history_is_deduplicated_newest_last_and_bounded() -> None:
    with _open() as store:
        for query in ("stalin", "lenin", " stalin ", "trotsky"):
            assert store.add_history(query) is True
        assert store.history() == ["lenin", "stalin", "trotsky"]
        assert store.add_history("") is False
        assert store.add_history("two\nlines") is False
        for number in range(HISTORY_LIMIT + 10):
            store.add_history(f"q{number}")
        entries = store.history()
        assert len(entries) == HISTORY_LIMIT
        assert entries[0] == "q10" and entries[-1] == f"q{HISTORY_LIMIT + 9}"
        with _raw(store) as raw:  # trimmed in the file, not just when read
            assert raw.execute("SELECT count(*) FROM history").fetchone()[0] == HISTORY_LIMIT


def test_history_json_is_imported_once_and_left_in_place(_private_history: Path) -> None:
    old = {"version": 1, "queries": ["stalin", "lenin", "stalin", "author:woods"]}
    _private_history.write_text(json.dumps(old), encoding="utf-8")
    before = _private_history.read_bytes()
    with _open() as store:
        assert store.warning is None
        assert store.history() == ["lenin", "stalin", "author:woods"]
        store.add_history("trotsky")
    # A later run never imports again, even if the old file changed meanwhile.
    _private_history.write_text(json.dumps({"version": 1, "queries": ["new"]}), encoding="utf-8")
    with _open() as again:
        assert again.history() == ["lenin", "stalin", "author:woods", "trotsky"]
    assert _private_history.exists()
    _private_history.write_bytes(before)


def test_an_unreadable_history_json_is_a_warning_not_a_failure(_private_history: Path) -> None:
    _private_history.write_text("{not json", encoding="utf-8")
    with _open() as store:
        assert store.warning is not None and "Ignored the unreadable query history" in store.warning
        assert store.history() == []
        assert store.add_history("stalin")
    with _open() as again:  # the import is done: no warning on every start
        assert again.warning is None
    assert _private_history.read_text(encoding="utf-8") == "{not json"


def test_a_missing_history_json_imports_nothing() -> None:
    with _open() as store:
        assert store.warning is None and store.history() == []


def test_changed_since_sees_this_copy_and_another(_private_state: Path) -> None:
    with _open() as mine, _open() as theirs:
        snap = mine.snapshot()
        assert not mine.changed_since(snap.version)
        theirs.mark_read([KEYS[0]])  # another connection, as another running copy
        assert mine.changed_since(snap.version)
        fresh = mine.snapshot()
        assert fresh.read == frozenset([KEYS[0]])
        assert not mine.changed_since(fresh.version)
        mine.add_tag([KEYS[1]], "later")  # this copy's own change counts too
        assert mine.changed_since(fresh.version)
        assert not theirs.changed_since(theirs.version())


def test_snapshots_are_immutable() -> None:
    with _open() as store:
        store.add_tag([KEYS[0]], "x")
        snap = store.snapshot()
    with pytest.raises(TypeError):
        snap.tags["y"] = frozenset()  # type: ignore[index]
    with pytest.raises(AttributeError):
        snap.read.add(KEYS[1])  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        snap.read = frozenset()  # type: ignore[misc]


def test_calls_from_many_threads_share_one_store() -> None:
    keys = [article_key(f"t{i}", "a", "") for i in range(400)]
    errors: list[BaseException] = []
    with _open() as store:

        def work(part: list[str]) -> None:
            try:
                for key in part:
                    store.mark_read([key])
                    store.add_tag([key], "threaded")
                    store.snapshot()
            except BaseException as error:  # collected: asserted below
                errors.append(error)

        threads = [threading.Thread(target=work, args=(keys[i::4],)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert store.snapshot().read == frozenset(keys)
        assert store.all_tags() == {"threaded": 400}


def test_an_empty_data_variable_keeps_nothing(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, _private_history: Path
) -> None:
    _private_history.write_text(json.dumps({"version": 1, "queries": ["old"]}), encoding="utf-8")
    monkeypatch.setenv(ENV, "")
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    with Store.open() as store:
        assert store.path is None and not store.off and not store.persistent
        store.mark_read(KEYS[:2])
        store.save_search("s", "q")
        assert store.snapshot().read == frozenset(KEYS[:2])
        assert store.history() == []  # nothing read from disk either
    with Store.open() as again:
        assert again.snapshot() == Snapshot(version=again.snapshot().version)
    assert sorted(tmp_path.rglob("*")) == before


def test_an_off_store_reads_nothing_and_refuses_writes() -> None:
    store = Store(None, Path("state.sqlite3"), "Reader state is off this run: test.")
    assert store.off and not store.persistent
    assert store.snapshot() == Snapshot()
    assert store.saved_searches() == {} and store.history() == [] and store.settings() == {}
    assert store.get_setting(THEME, "dflt") == "dflt"
    assert not store.changed_since(store.version())
    with pytest.raises(StoreOff, match="off this run: test"):
        store.mark_read(KEYS[:1])
    with pytest.raises(StoreOff):
        store.save_search("a", "b")


def test_a_closed_store_says_so() -> None:
    store = _open()
    store.close()
    assert store.off
    with pytest.raises(StoreOff, match="closed"):
        store.mark_read(KEYS[:1])


def test_open_takes_any_path_spelling(tmp_path: Path) -> None:
    for spelling in (str(tmp_path / "a" / "x.sqlite3"), tmp_path / "b" / "x.sqlite3"):
        with Store.open(spelling) as store:
            assert store.path == Path(spelling) and store.persistent
            store.mark_read(KEYS[:1])
        assert Path(spelling).is_file()
