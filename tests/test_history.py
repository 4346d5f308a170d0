"""Query history: shell-style walking, persistence, and corrupt files ignored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.history import ENV, LIMIT, History, default_path, read_entries


def test_tests_never_use_the_real_user_directory(_private_history: Path) -> None:
    assert default_path() == _private_history


def test_empty_env_var_keeps_no_history(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "")
    assert default_path() is None
    history, warning = History.load(None)
    assert warning is None
    assert history.add("stalin") is None
    assert history.entries == ["stalin"]


def test_default_is_the_platform_user_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    from platformdirs import user_data_path

    monkeypatch.delenv(ENV)
    assert default_path() == user_data_path("archive-tui", appauthor=False) / "history.json"


def test_walk_back_and_forward_like_a_shell() -> None:
    history = History(["stalin", "trotsky", "author:woods"])
    assert history.forward("draft") is None  # not walking: down leaves the filter
    assert history.back("draft") == "author:woods"
    assert history.back("author:woods") == "trotsky"
    assert history.back("trotsky") == "stalin"
    assert history.back("stalin") is None  # nothing earlier: stay
    assert history.forward("stalin") == "trotsky"
    assert history.forward("trotsky") == "author:woods"
    assert history.forward("author:woods") == "draft"  # past the newest: the draft
    assert history.forward("draft") is None


def test_walking_skips_the_query_already_shown_and_restarts_after_an_edit() -> None:
    history = History(["stalin", "trotsky"])
    assert history.back("trotsky") == "stalin"  # the newest is what is typed
    history = History(["stalin", "trotsky"])
    assert history.back("") == "trotsky"
    assert history.back("trotsky x") == "trotsky"  # edited: start again from the newest
    assert history.forward("trotsky") == "trotsky x"
    assert History().back("x") is None


def test_add_moves_a_repeat_to_the_end_and_saves(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "history.json"
    history, warning = History.load(path)
    assert warning is None and history.entries == []
    for query in ("stalin", "  trotsky ", "stalin", "", "   "):
        assert history.add(query) is None
    assert history.entries == ["trotsky", "stalin"]
    assert read_entries(path) == ["trotsky", "stalin"]
    assert json.loads(path.read_text())["version"] == 1
    assert History.load(path)[0].entries == ["trotsky", "stalin"]


def test_add_keeps_what_another_run_saved_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    mine, _ = History.load(path)
    theirs, _ = History.load(path)
    mine.add("stalin")
    theirs.add("lenin")
    mine.add("trotsky")
    assert read_entries(path) == ["stalin", "lenin", "trotsky"]


def test_history_is_bounded(tmp_path: Path) -> None:
    history = History(path=tmp_path / "h.json")
    for n in range(LIMIT + 20):
        history.add(f"q{n}")
    assert len(history.entries) == LIMIT
    assert history.entries[-1] == f"q{LIMIT + 19}"
    assert read_entries(tmp_path / "h.json") == history.entries


@pytest.mark.parametrize(
    "content",
    [
        b"not json at all",
        b'{"queries": "stalin"}',
        b'{"queries": [1, 2]}',
        b"[]",
        b"\xff\xfe\x00garbage",
    ],
)
def test_a_corrupt_file_is_ignored_with_a_warning_then_replaced(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "history.json"
    path.write_bytes(content)
    history, warning = History.load(path)
    assert history.entries == []
    assert warning is not None and warning.startswith("Ignored the unreadable query history")
    assert str(path) in warning
    assert history.add("stalin") is None
    assert read_entries(path) == ["stalin"]


def test_an_unwritable_location_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    history, warning = History.load(blocker / "history.json")  # its parent is a file
    assert warning is not None  # cannot be read either (not a directory)
    saved = history.add("stalin")
    assert saved is not None and saved.startswith("Could not save the query history")
    assert history.entries == ["stalin"]  # still recalled in this run


# -- a hostile or odd history file ---------------------------------------------


def test_entries_are_sanitised_like_listing_text(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    hostile = ["\x1b]0;PWNED\x07\x1b[2Jstalin", "a\u202e:woods", "\x9b31mred", "\x00", "ok"]
    path.write_text(json.dumps({"version": 1, "queries": hostile}))
    assert read_entries(path) == ["stalin", "a:woods", "red", "ok"]


def test_absurd_nesting_is_ignored_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "history.json"
    path.write_text("[" * 100_000)
    history, warning = History.load(path)
    assert history.entries == []
    assert warning == f"Ignored the unreadable query history {path}: nested too deeply"


def test_a_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    import os

    from tests.test_faults import _in_thread

    path = tmp_path / "history.json"
    os.mkfifo(path)
    history, warning = _in_thread(lambda: History.load(path))
    assert history.entries == []
    assert warning == f"Ignored the unreadable query history {path}: not a regular file"


def test_a_huge_file_is_refused(tmp_path: Path) -> None:
    from tui.history import MAX_BYTES

    path = tmp_path / "history.json"
    path.write_bytes(b" " * (MAX_BYTES + 1))
    assert History.load(path)[1] == (
        f"Ignored the unreadable query history {path}: larger than 4 MiB"
    )


def test_a_control_character_in_the_path_is_escaped_in_the_warning(tmp_path: Path) -> None:
    path = tmp_path / "bad\x1b]0;T\x07\nname.json"
    path.write_text("{")
    warning = History.load(path)[1] or ""
    assert "\x1b" not in warning and "\n" not in warning
    assert "bad\\x1b]0;T\\x07\\nname.json" in warning


ADDER = """
import sys
from pathlib import Path
from tui.history import History
history, _ = History.load(Path(sys.argv[1]))
for n in range(200):
    assert history.add(f"{sys.argv[2]}{n}") is None
"""


def test_concurrent_runs_keep_each_others_entries(tmp_path: Path) -> None:
    """Two processes adding 200 queries each at the same time: all 400 are
    kept (without the lock, a read-modify-write race kept about half)."""
    import subprocess
    import sys

    path = tmp_path / "history.json"
    runs = [subprocess.Popen([sys.executable, "-c", ADDER, str(path), prefix]) for prefix in "ab"]
    assert [run.wait(timeout=120) for run in runs] == [0, 0]
    entries = read_entries(path)
    assert sorted(entries) == sorted(f"{p}{n}" for p in "ab" for n in range(200))
