"""Query history, shell-style, kept across runs in the user's data directory. Pure.

``up`` in the filter walks back through earlier queries, ``down`` forward and,
past the newest, back to what was being typed.  The file is small JSON; a
missing one is an empty history, and a corrupt or unreadable one is ignored
with a warning (never fatal) and replaced on the next save.

The file is untrusted input like a listing: it is opened non-blocking and
must be a regular file of at most :data:`MAX_BYTES`; any failure to parse it
(RecursionError from absurd nesting included) means "ignored with a
warning"; every entry is sanitised as listing text is (a recalled query
never reaches the terminal raw).  Saving re-reads the file and writes it
back under an exclusive lock (a ``.lock`` file beside it), so runs adding
queries at the same time keep each other's.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from tui.listing import display_path
from tui.text import sanitize

# Points the history file elsewhere (tests use it); empty keeps no history.
ENV = "ARCHIVE_TUI_HISTORY"
LIMIT = 500
_VERSION = 1
# A history of LIMIT long queries is far smaller: a bigger file is not ours.
MAX_BYTES = 4 * 1024 * 1024
# How long a save waits for another run's lock before writing anyway.
LOCK_TIMEOUT = 2.0


def default_path() -> Path | None:
    """``$ARCHIVE_TUI_HISTORY``, else ``history.json`` in the user data directory."""
    override = os.environ.get(ENV)
    if override is not None:
        return Path(override) if override else None
    from platformdirs import user_data_path  # only the app pays for it

    return user_data_path("archive-tui", appauthor=False) / "history.json"


class HistoryError(Exception):
    """The history file exists but cannot be used."""


def _read_bytes(path: Path) -> bytes:
    """The file's bytes: a regular file only, opened without blocking (a FIFO
    in its place must not hang the app's start), at most MAX_BYTES."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with open(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise HistoryError("not a regular file")
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise HistoryError(f"larger than {MAX_BYTES // (1024 * 1024)} MiB")
    return data


def _clean(query: str) -> str:
    """A query as the history keeps it: sanitised, one line, trimmed."""
    return sanitize(query)[0].strip()


def read_entries(path: Path) -> list[str]:
    """The queries stored at ``path`` (oldest first); [] when there is no file."""
    try:
        data = json.loads(_read_bytes(path).decode("utf-8"))
    except FileNotFoundError:
        return []
    except RecursionError:
        raise HistoryError("nested too deeply") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise HistoryError(str(error) or type(error).__name__) from None
    queries = data.get("queries") if isinstance(data, dict) else None
    if not isinstance(queries, list) or not all(isinstance(q, str) for q in queries):
        raise HistoryError("not a query history")
    cleaned = (_clean(q) for q in queries)
    return [q for q in cleaned if q and "\n" not in q][-LIMIT:]


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path.lock`` for a read-modify-write of the
    history; after LOCK_TIMEOUT (a stuck run) the write goes ahead anyway."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no locking
        yield
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield
        return
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.005)
        yield
    finally:
        os.close(fd)  # releases the lock


class History:
    """Earlier queries (oldest first) and where ``up``/``down`` have walked to."""

    def __init__(self, entries: Sequence[str] = (), path: Path | None = None) -> None:
        self.entries: list[str] = list(entries)
        self.path = path
        self._at: int | None = None  # the entry shown while walking, else None
        self._draft = ""  # what was typed before walking began

    @classmethod
    def load(cls, path: Path | None) -> tuple[History, str | None]:
        """The history at ``path`` and a warning when the file had to be ignored."""
        if path is None:
            return cls(), None
        try:
            return cls(read_entries(path), path), None
        except HistoryError as error:
            where = display_path(path)
            return cls((), path), f"Ignored the unreadable query history {where}: {error}"

    def back(self, current: str) -> str | None:
        """The query before the one shown (None: nothing earlier)."""
        if self._at is not None and self.entries[self._at] != current:
            self._at = None  # the recalled query was edited: start again
        if self._at is None:
            self._draft = current
            at = len(self.entries) - 1
            while at >= 0 and self.entries[at] == current:
                at -= 1
        else:
            at = self._at - 1
        if at < 0:
            return None
        self._at = at
        return self.entries[at]

    def forward(self, current: str) -> str | None:
        """The next later query, the draft past the newest, or None when not walking."""
        if self._at is None or self.entries[self._at] != current:
            self._at = None
            return None
        if self._at + 1 < len(self.entries):
            self._at += 1
            return self.entries[self._at]
        self._at = None
        return self._draft

    def add(self, query: str) -> str | None:
        """Remember ``query`` as the newest and save; a warning if saving failed.

        Queries another run saved meanwhile are kept, as a shell's histappend does.
        """
        query = _clean(query)
        self._at = None
        if not query or "\n" in query:
            return None
        if self.path is None:
            self._remember(query)
            return None
        with _locked(self.path):
            # The file holds ours (saved on each add) and other runs' since.
            with contextlib.suppress(HistoryError):
                self.entries = read_entries(self.path) or self.entries
            self._remember(query)
            return self.save()

    def _remember(self, query: str) -> None:
        self.entries = [q for q in self.entries if q != query] + [query]
        del self.entries[:-LIMIT]

    def save(self) -> str | None:
        """Write the file atomically; a warning (not an exception) if that fails."""
        if self.path is None:
            return None
        data = json.dumps({"version": _VERSION, "queries": self.entries}, ensure_ascii=False)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=self.path.parent, prefix=".history-")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as file:
                    file.write(data)
                os.replace(temp, self.path)
            except BaseException:
                os.unlink(temp)
                raise
        except OSError as error:
            where = display_path(self.path)
            return f"Could not save the query history to {where}: {error.strerror or error}"
        return None
