"""Another running copy of the store, for the process tests in test_store_procs.py.

``python tests/store_worker.py MODE ARGS``; the database is wherever
``$ARCHIVE_TUI_DATA`` points.  Like the UI, a worker retries a write that
raised StoreBusy; any other exception escapes as a traceback and a non-zero
exit, which the tests assert never happens.
"""

from __future__ import annotations

import glob
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from itertools import count
from typing import TypeVar

from tui.identity import article_key
from tui.store import Store, StoreBusy, StoreError

T = TypeVar("T")
busy = 0


def retry(call: Callable[..., T], *args: object) -> T:
    """``call(*args)``, tried again while the database is busy (as the UI's worker does)."""
    global busy
    while True:
        try:
            return call(*args)
        except StoreBusy:
            busy += 1
            time.sleep(0.002)


def wait_for(path: str) -> None:
    """A start line: spin until the test creates ``path``."""
    while not os.path.exists(path):
        time.sleep(0.001)


def own_key(name: str, number: int) -> str:
    return article_key(f"{name} article {number}", name, "2017-10-25")


def shared_key(number: int) -> str:
    return article_key(f"shared article {number}", "both", "2017-11-07")


def open_store() -> Store:
    store = Store.open()
    if store.off:
        print(json.dumps({"off": store.warning}), flush=True)
        sys.exit(3)
    return store


def step(lines: str, name: str, done: str, then: str) -> None:
    """Say ``done``, then wait at the start line ``then`` (files in ``lines``)."""
    with open(os.path.join(lines, f"{name}.{done}"), "w"):
        pass
    wait_for(os.path.join(lines, then))


def mark(name: str, articles: int, lines: str) -> None:
    """Open at the same moment as the other copy (a fresh file: both race to
    create it); then, again at once, mark own and shared articles, tag and
    star the shared ones, remember queries."""
    step(lines, name, "imported", "open")
    store = open_store()
    step(lines, name, "opened", "write")
    for number in range(articles):
        if number == articles // 2:
            # Halfway, wait for the other copy to be halfway too: however the
            # two are scheduled, their writes then really interleave.
            with open(os.path.join(lines, f"{name}.half"), "w"):
                pass
            while len(glob.glob(os.path.join(lines, "*.half"))) < 2:
                time.sleep(0.001)
        own, shared = own_key(name, number), shared_key(number)
        retry(store.mark_read, [own])
        retry(store.mark_read, [shared])
        retry(store.add_tag, [shared], f"by-{name}")
        retry(store.set_starred, [shared], number % 2 == 0)
        retry(store.add_history, f"{name} {number}")
    retry(store.set_setting, "last_query", name)
    print(json.dumps({"busy": busy}), flush=True)


def stream() -> None:
    """Mark batches of articles for ever, printing each batch's number once
    its transaction has committed (once the store has returned)."""
    store = open_store()
    for batch in count():
        keys = [article_key(f"stream {batch} {i}", "stream", "") for i in range(100)]
        retry(store.mark_read, keys)
        print(batch, flush=True)


def fsize(limit: int, articles: int) -> None:
    """With files capped at ``limit`` bytes, try to mark ``articles`` at once."""
    store = open_store()
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    keys = [article_key(f"big {i}", "fsize", "") for i in range(articles)]
    try:
        store.mark_read(keys)
        result = {"error": None}
    except StoreError as error:
        result = {"error": str(error), "type": type(error).__name__}
    result["off"] = store.off
    result["snapshot"] = len(store.snapshot().read)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    if mode == "mark":
        mark(args[0], int(args[1]), args[2])
    elif mode == "stream":
        stream()
    elif mode == "fsize":
        fsize(int(args[0]), int(args[1]))
    else:
        sys.exit(f"unknown mode {mode}")
