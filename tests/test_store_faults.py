"""A busy, damaged, read-only or full database: a clear message, the app's
store keeps running (or runs off), a damaged file is kept aside, never lost."""

from __future__ import annotations

import contextlib
import errno
import os
import random
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui import store_db
from tui.identity import article_key
from tui.store import Store, StoreBusy, StoreError, StoreOff
from tui.store_db import FILENAME, move_aside

KEYS = [article_key(f"Title {i}", "Alan Woods", "2016-11-08") for i in range(3000)]


@pytest.fixture
def db_path(_private_state: Path) -> Path:
    _private_state.mkdir(parents=True, exist_ok=True)
    return _private_state / FILENAME


def _aside(path: Path) -> list[Path]:
    """The damaged databases kept aside (not their -wal/-shm)."""
    found = path.parent.glob(f"{path.name}.corrupt-*")
    return sorted(p for p in found if not p.name.endswith(("-wal", "-shm")))


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def _store_with_marks(path: Path, count: int = 3000) -> None:
    """A database of several pages, fully checkpointed into the main file."""
    with Store.open(path) as store:
        store.mark_read(KEYS[:count])
        store.add_tag(KEYS[:count], "many")
    assert not Path(f"{path}-wal").exists()  # the last close checkpointed


# -- busy ------------------------------------------------------------------------


def test_a_write_lock_held_elsewhere_is_store_busy_then_retry_works(db_path: Path) -> None:
    with Store.open() as store:
        store.mark_read(KEYS[:1])
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another copy in the middle of a write
        with pytest.raises(StoreBusy, match=r"busy .*another Archive TUI.* try again"):
            store.mark_read(KEYS[1:2])
        assert not store.off
        assert store.snapshot().read == frozenset(KEYS[:1])  # readers are not blocked (WAL)
        other.execute("ROLLBACK")
        other.close()
        assert store.mark_read(KEYS[1:2]) == 1  # the retry the UI makes


def test_opening_while_another_program_locks_the_file_is_off_with_a_warning(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _store_with_marks(db_path, 10)
    monkeypatch.setattr(store_db, "SETUP_TIMEOUT", 0.05)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("INSERT INTO meta VALUES ('held', 'x')")
    other.execute("COMMIT")  # exclusive locking mode keeps the lock after the commit
    try:
        with Store.open() as store:
            assert store.off
            assert store.warning is not None and "another program holds it" in store.warning
            with pytest.raises(StoreOff):
                store.mark_read(KEYS[:1])
    finally:
        other.close()
    assert _aside(db_path) == []
    with Store.open() as store:
        assert not store.off and len(store.snapshot().read) == 10


# -- damaged files ----------------------------------------------------------------


def _assert_moved_aside(db_path: Path, original: bytes, warning: str | None) -> Path:
    assert warning is not None
    assert "is damaged" in warning and "moved aside" in warning
    [moved] = _aside(db_path)
    assert moved.name.startswith(f"{FILENAME}.corrupt-") and moved.name in warning
    assert moved.read_bytes() == original  # kept whole
    assert not db_path.exists()
    return moved


def test_random_bytes_put_the_store_off_and_are_kept_aside(db_path: Path) -> None:
    original = random.Random(1).randbytes(16384)
    db_path.write_bytes(original)
    Path(f"{db_path}-wal").write_bytes(b"wal bytes")
    Path(f"{db_path}-shm").write_bytes(b"shm bytes")
    with Store.open() as store:
        assert store.off
        moved = _assert_moved_aside(db_path, original, store.warning)
        assert store.snapshot().read == frozenset()
        with pytest.raises(StoreOff, match="damaged"):
            store.mark_read(KEYS[:1])
    # The -wal (which may hold the latest commits) is kept byte for byte; the
    # -shm is SQLite's index of it, rebuilt by any reader, and moved along.
    assert Path(f"{moved}-wal").read_bytes() == b"wal bytes"
    assert Path(f"{moved}-shm").exists()
    assert not Path(f"{db_path}-wal").exists()
    with Store.open() as fresh:  # the next start begins afresh
        assert not fresh.off and fresh.warning is None
        assert fresh.mark_read(KEYS[:1]) == 1


def test_a_truncated_database_is_off_and_kept_aside(db_path: Path) -> None:
    _store_with_marks(db_path)
    with db_path.open("r+b") as file:
        file.truncate(db_path.stat().st_size // 2)
    original = db_path.read_bytes()
    with Store.open() as store:
        assert store.off
        _assert_moved_aside(db_path, original, store.warning)


def test_damaged_pages_are_found_at_open(db_path: Path) -> None:
    _store_with_marks(db_path)
    size = db_path.stat().st_size
    with db_path.open("r+b") as file:
        file.seek(size // 2)
        file.write(random.Random(2).randbytes(8192))
    original = db_path.read_bytes()
    with Store.open() as store:
        assert store.off
        _assert_moved_aside(db_path, original, store.warning)


def test_damage_found_while_running_puts_the_store_off(db_path: Path) -> None:
    _store_with_marks(db_path)
    with Store.open() as store:
        assert not store.off
        with db_path.open("r+b") as file:
            file.seek(8 * 4096)
            file.write(random.Random(3).randbytes(db_path.stat().st_size - 8 * 4096))
        with sqlite3.connect(db_path) as other:  # another copy commits: caches are dropped
            other.execute("INSERT INTO meta VALUES ('poke', 'x')")
        with pytest.raises(StoreOff, match=r"is damaged .* moved aside"):
            store.snapshot()
        assert store.off
        assert store.snapshot().read == frozenset()  # off: empty, no error
    assert len(_aside(db_path)) == 1 and not db_path.exists()


def test_a_directory_in_the_way_is_off_and_left_alone(db_path: Path) -> None:
    db_path.mkdir()
    with Store.open() as store:
        assert store.off
        assert store.warning is not None and "it is a directory" in store.warning
    assert db_path.is_dir() and _aside(db_path) == []


def test_move_aside_never_overwrites(db_path: Path) -> None:
    db_path.write_bytes(b"first")
    first = move_aside(db_path)
    db_path.write_bytes(b"second")
    second = move_aside(db_path)
    assert first != second
    assert (first.read_bytes(), second.read_bytes()) == (b"first", b"second")


# -- read-only and full directories ----------------------------------------------------


@contextlib.contextmanager
def _tmpfs(where: Path, size: str = "1m") -> Iterator[Path]:
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _remount_read_only(where: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)


@pytest.mark.parametrize("existing", [False, True], ids=["new", "existing"])
def test_a_read_only_directory_is_off_with_a_clear_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    with _tmpfs(tmp_path / "ro") as mount:
        data = mount / "state"
        monkeypatch.setenv(store_db.ENV, str(data))
        if existing:
            _store_with_marks(data / FILENAME, 10)
        before = sorted(mount.rglob("*"))
        _remount_read_only(mount)
        with Store.open() as store:
            assert store.off
            assert store.warning is not None
            assert "Reader state is off this run" in store.warning
            assert "read-only" in store.warning.lower()
            with pytest.raises(StoreOff):
                store.mark_read(KEYS[:1])
        assert sorted(mount.rglob("*")) == before


def _fill(directory: Path) -> Path:
    """Fill the file system ``directory`` is on; the filler file."""
    filler = directory / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, bytes(4096))
    except OSError as error:
        assert error.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_is_a_clear_error_that_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _tmpfs(tmp_path / "full") as mount:
        monkeypatch.setenv(store_db.ENV, str(mount / "state"))
        with Store.open() as store:
            assert not store.off
            store.mark_read(KEYS[:10])
            filler = _fill(mount)
            with pytest.raises(StoreError, match="No space left to save reader state") as caught:
                store.mark_read(KEYS[10:])
            assert not isinstance(caught.value, (StoreBusy, StoreOff))
            assert not store.off  # a full disk may be freed: the store stays on
            assert store.snapshot().read == frozenset(KEYS[:10])  # nothing half-done
            filler.unlink()
            assert store.mark_read(KEYS[10:]) == len(KEYS) - 10
        assert _integrity(mount / "state" / FILENAME) == "ok"


@pytest.mark.parametrize("existing", [False, True], ids=["new", "existing"])
def test_opening_on_a_full_disk_is_off_with_a_clear_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    with _tmpfs(tmp_path / "full") as mount:
        (mount / "state").mkdir()
        monkeypatch.setenv(store_db.ENV, str(mount / "state"))
        if existing:
            _store_with_marks(mount / "state" / FILENAME, 10)
        _fill(mount)
        with Store.open() as store:
            assert store.off
            assert store.warning is not None and "full" in store.warning
        assert _aside(mount / "state" / FILENAME) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_an_unwritable_directory_is_off_with_a_clear_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    monkeypatch.setenv(store_db.ENV, str(locked / "state"))
    try:
        with Store.open() as store:
            assert store.off and store.warning is not None
            assert "Permission denied" in store.warning
    finally:
        locked.chmod(0o755)
