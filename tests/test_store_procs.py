"""Two running copies writing at once lose nothing and never see "database is
locked"; a copy killed mid-write leaves an intact database holding every mark
it had reported; a file-size limit is a clear error, not a crash."""

from __future__ import annotations

import itertools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tui.identity import article_key
from tui.store import Store
from tui.store_db import FILENAME

WORKER = Path(__file__).with_name("store_worker.py")
sys.path.insert(0, str(WORKER.parent))
from store_worker import own_key, shared_key  # noqa: E402


def _worker(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WORKER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def test_two_processes_marking_at_once_lose_nothing(tmp_path: Path, _private_state: Path) -> None:
    articles = 150
    workers = {name: _worker("mark", name, str(articles), str(tmp_path)) for name in ("ann", "bob")}
    try:
        for done, then in (("imported", "open"), ("opened", "write")):
            # Both open a database that does not exist yet at once; then both write at once.
            while not all((tmp_path / f"{name}.{done}").exists() for name in workers):
                stopped = [w for w in workers.values() if w.poll() is not None]
                assert not stopped, stopped[0].communicate()
                time.sleep(0.001)
            (tmp_path / then).touch()
        results = {}
        for name, worker in workers.items():
            out, err = worker.communicate(timeout=300)
            assert worker.returncode == 0, out + err
            assert err == ""  # no traceback, no "database is locked"
            results[name] = json.loads(out)
    finally:
        for worker in workers.values():
            if worker.poll() is None:
                worker.kill()
                worker.communicate()

    path = _private_state / FILENAME
    assert _integrity(path) == "ok"
    with Store.open() as store:
        snap = store.snapshot()
        shared = {shared_key(n) for n in range(articles)}
        for name in workers:
            assert {own_key(name, n) for n in range(articles)} <= snap.read
            assert snap.tags[f"by-{name}"] == shared  # both tags on every shared article
        assert shared <= snap.read
        assert snap.starred == {shared_key(n) for n in range(0, articles, 2)}
        assert len(snap.read) == 3 * articles
        history = store.history()
        assert len(history) == 2 * articles
        for name in workers:
            mine = [q for q in history if q.startswith(f"{name} ")]
            assert mine == [f"{name} {n}" for n in range(articles)]  # each copy's in order
        # The history's order is the commit order: the copies wrote at once
        # (they meet halfway, so each one's writes come on both sides of the
        # other's).
        writers = [q.split()[0] for q in history]
        turns = sum(a != b for a, b in itertools.pairwise(writers))
        assert turns >= 2
        assert store.get_setting("last_query") in workers


def test_kill_9_mid_stream_keeps_the_database_and_every_reported_mark(
    _private_state: Path,
) -> None:
    worker = _worker("stream")
    assert worker.stdout is not None
    reported = []
    for line in worker.stdout:
        reported.append(int(line))
        if len(reported) == 60:
            break
    os.kill(worker.pid, signal.SIGKILL)  # while it goes on writing
    rest, err = worker.communicate(timeout=60)
    reported += [int(line) for line in rest.split()]
    assert worker.returncode == -signal.SIGKILL
    assert err == ""

    path = _private_state / FILENAME
    assert _integrity(path) == "ok"
    with Store.open() as store:
        assert not store.off, store.warning
        read = store.snapshot().read
    for batch in reported:
        keys = {article_key(f"stream {batch} {i}", "stream", "") for i in range(100)}
        assert keys <= read, f"batch {batch} was reported committed but is missing"
    # Whole transactions only: a batch is all there or not at all.
    assert len(read) % 100 == 0
    assert len(read) // 100 in (len(reported), len(reported) + 1)


def test_a_file_size_limit_is_a_clear_error(_private_state: Path) -> None:
    with Store.open() as store:
        store.mark_read([article_key("before", "x", "")])
    path = _private_state / FILENAME
    limit = path.stat().st_size + 64 * 1024
    worker = _worker("fsize", str(limit), "20000")
    out, err = worker.communicate(timeout=120)
    assert worker.returncode == 0, err
    assert err == ""
    result = json.loads(out)
    assert result["type"] == "StoreError"
    assert str(path) in result["error"] and "nothing was changed" in result["error"]
    assert result["off"] is False and result["snapshot"] == 1
    assert _integrity(path) == "ok"
    with Store.open() as store:
        assert store.snapshot().read == {article_key("before", "x", "")}
