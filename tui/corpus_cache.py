"""The parse cache: one Arrow IPC file of a listing's corpus columns. Pure: no Textual.

Parsing and folding a 100k-article listing takes a second or more; reading its
columns back takes a fraction.  An entry must never serve stale data, so it is
keyed by the listing's resolved path, size, mtime, ctime, inode and device,
by this cache's format, the package and Python versions and a digest of the
modules whose code decides the result; a listing modified too recently to
tell apart from a same-size rewrite is not cached.  Writes are atomic (a temp
file, then ``os.replace``); temp files an interrupted write left behind are
removed once they are an hour old.

An entry is untrusted input: opened non-blocking and without following a
symlink, read only if it is a regular file, its header parsed as plain JSON
and type-checked, its payload checked against a CRC-32, the Arrow data fully
validated by pyarrow (buffer bounds, UTF-8) before polars sees it, then the
schema, row count, ranges and the safety of every string checked.  Anything
wrong is a miss: the listing is parsed and the entry rewritten.

File layout: a magic line; the payload, the corpus frame without its
``source`` column (the path as given now is the source) in the Arrow IPC
file format, written straight to the file; the header (JSON: key, rows,
section, diagnostics, payload length and CRC-32); the header's length (4
bytes, little-endian) and an end mark.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import struct
import sys
import time
import zlib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from tui import __version__, captions, listing, searchtext, text
from tui.listing import Article, Diagnostic

# Points the cache elsewhere (tests use it); an empty value keeps no cache.
ENV = "ARCHIVE_TUI_CACHE"
FORMAT = 2
MAGIC = b"archive-tui corpus cache\n"
END = b"\nentry end"
SUFFIX = ".arrow"
_LENGTH = struct.Struct("<I")
_MAX_HEADER = 64 << 20
# A listing modified less than this long ago is not cached: a same-size
# rewrite within the file system's timestamp granularity would look unchanged.
RACY_NS = 2_000_000_000
# Temp files older than this were left by an interrupted write.
STALE_TEMP_S = 3600
TEMP_PREFIX = ".tmp-"
_FIELDS = tuple(f.name for f in fields(Article))
_code_digest: str | None = None


def default_dir() -> Path | None:
    """``$ARCHIVE_TUI_CACHE``, else ``archive-tui`` in the user cache directory."""
    override = os.environ.get(ENV)
    if override is not None:
        return Path(override) if override else None
    from platformdirs import user_cache_path

    return user_cache_path("archive-tui", appauthor=False)


def code_digest() -> str:
    """A digest of the modules that decide parse and fold results (and of the
    word list caption splitting reads), so that a changed parser (an editable
    install, same version) or word list never reads old entries (CRC-32 and
    Adler-32 with the length: hashlib's import would cost more than the rest
    of a cache check)."""
    global _code_digest
    if _code_digest is None:
        from tui import columnar, corpus

        parts = []
        for module in (listing, captions, text, searchtext, corpus, columnar):
            try:
                source = Path(module.__file__ or "").read_bytes()
            except (OSError, TypeError):
                source = b""
            parts.append(f"{zlib.crc32(source):08x}{zlib.adler32(source):08x}{len(source)}")
        parts.append(captions.lexicon_version())  # the word data captions split by
        _code_digest = "-".join(parts)
    return _code_digest


def key(real: str, info: os.stat_result) -> list[Any]:
    """What an entry must match to be served for the listing at ``real``."""
    return [
        FORMAT,
        __version__,
        sys.version,
        code_digest(),
        list(_FIELDS),
        real,
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
        info.st_ino,
        info.st_dev,
    ]


def entry_path(directory: Path, real: str) -> Path:
    """The cache file for the listing whose resolved path is ``real``."""
    path = os.fsencode(real)
    return directory / f"{zlib.crc32(path):08x}{zlib.adler32(path):08x}{SUFFIX}"


def cacheable(info: os.stat_result) -> bool:
    """A listing old enough that a same-size rewrite would change its mtime."""
    return time.time_ns() - info.st_mtime_ns >= RACY_NS


@dataclass(frozen=True, slots=True)
class Entry:
    """What an entry holds: the frame without ``source``, the section and
    the diagnostics as (line, message, severity)."""

    frame: Any  # a polars DataFrame
    section: str
    diagnostics: tuple[tuple[int, str, str], ...]


# -- writing -----------------------------------------------------------------


def store(entry: Path, entry_key: list[Any], content: Entry) -> bool:
    """Write an entry atomically; any failure just leaves no (new) entry.  The
    payload goes straight to the file (no copy of it in memory), its CRC-32
    is read back from the page cache."""
    import tempfile

    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=entry.parent, prefix=TEMP_PREFIX, suffix=SUFFIX)
        try:
            with os.fdopen(handle, "w+b") as file:
                file.write(MAGIC)
                content.frame.drop("source").write_ipc(file)
                size = file.tell() - len(MAGIC)
                file.seek(len(MAGIC))
                crc = 0
                while chunk := file.read(1 << 22):
                    crc = zlib.crc32(chunk, crc)
                header = {
                    "key": entry_key,
                    "rows": content.frame.height,
                    "section": content.section,
                    "diagnostics": [list(d) for d in content.diagnostics],
                    "payload": size,
                    "crc32": crc,
                }
                file.write(pack_tail(header))
            os.replace(temp, entry)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
    except (OSError, ValueError, OverflowError, pl_errors()):
        return False
    return True


def pl_errors() -> type[Exception]:
    """polars' own exception base (a write that fails in Rust)."""
    import polars as pl

    return pl.exceptions.PolarsError


def pack_tail(header: dict[str, Any]) -> bytes:
    """The header and what follows it, to write after the payload."""
    raw = json.dumps(header, ensure_ascii=True).encode()
    return raw + _LENGTH.pack(len(raw)) + END


def split(data: bytes | memoryview) -> tuple[Any, memoryview]:
    """An entry's header (parsed JSON, not yet checked) and payload bytes."""
    view = memoryview(data)
    tail = _LENGTH.size + len(END)
    if len(view) < len(MAGIC) + tail or view[: len(MAGIC)] != MAGIC or view[-len(END) :] != END:
        raise Invalid("not a cache entry")
    (size,) = _LENGTH.unpack_from(view, len(view) - tail)
    if size > min(_MAX_HEADER, len(view) - len(MAGIC) - tail):
        raise Invalid("bad header length")
    start = len(view) - tail - size
    try:
        header = json.loads(bytes(view[start : start + size]))
    except (ValueError, RecursionError) as error:
        raise Invalid("header is not JSON") from error
    return header, view[len(MAGIC) : start]


def remove_stale_temps(directory: Path, now: float | None = None) -> int:
    """Delete temp files older than an hour (an interrupted write's); the count."""
    now = time.time() if now is None else now
    removed = 0
    try:
        names = os.listdir(directory)
    except OSError:
        return 0
    for name in names:
        if not name.startswith(TEMP_PREFIX):
            continue
        path = directory / name
        try:
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_TEMP_S:
                os.unlink(path)
                removed += 1
        except OSError:
            continue
    return removed


# -- reading -----------------------------------------------------------------


class Invalid(Exception):
    """An entry that must not be used (damaged, foreign, crafted or stale)."""


def read_bytes(entry: Path) -> bytes | None:
    """The entry's bytes: opened non-blocking, not through a symlink, and only
    if it is a regular file; None if there is none or it cannot be read."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(entry, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        with os.fdopen(os.dup(fd), "rb", buffering=0) as file:
            return file.read()
    except (OSError, MemoryError):
        return None
    finally:
        os.close(fd)


def parse_entry(data: bytes, entry_key: list[Any]) -> Entry:
    """The entry in ``data`` if it is intact and made for ``entry_key``, else
    :class:`Invalid` (whatever is wrong)."""
    header, body = split(data)
    if not isinstance(header, dict) or header.get("key") != entry_key:
        raise Invalid("made for another listing or version")
    rows, section, notes = header.get("rows"), header.get("section"), header.get("diagnostics")
    payload, crc = header.get("payload"), header.get("crc32")
    if not (_int(rows) and isinstance(section, str) and isinstance(notes, list)):
        raise Invalid("bad header")
    if payload != len(body) or crc != zlib.crc32(body):
        raise Invalid("payload damaged")
    diagnostics = tuple(_note(note) for note in notes)
    from tui.corpus_validate import frame_from_ipc

    assert isinstance(rows, int)
    frame = frame_from_ipc(body, rows)
    return Entry(frame, _clean(section), diagnostics)


def _int(value: object, low: int = 0) -> bool:
    return type(value) is int and value >= low


def _note(note: object) -> tuple[int, str, str]:
    if not (isinstance(note, list) and len(note) == 3):
        raise Invalid("bad diagnostic")
    line, message, severity = note
    if not (_int(line, 1) and isinstance(message, str) and isinstance(severity, str)):
        raise Invalid("bad diagnostic")
    return line, _clean(message), _clean(severity)


def _clean(value: str) -> str:
    """A header string as safe as listing text (re-sanitised)."""
    return text.sanitize(value.replace("\n", " "))[0]


def load(path: str | os.PathLike[str], directory: Path) -> tuple[Entry | None, list[Any] | None]:
    """The cached entry for the listing at ``path`` (None on a miss) and the
    key to store a fresh parse under (None: the listing cannot be keyed)."""
    try:
        real = os.path.realpath(path)
        info = os.stat(path)
    except (OSError, ValueError):
        return None, None
    entry_key = key(real, info)
    data = read_bytes(entry_path(directory, real))
    if data is None:
        return None, entry_key
    try:
        found = parse_entry(data, entry_key)
    except Invalid:
        return None, entry_key
    return found, entry_key


def still(path: str | os.PathLike[str], entry_key: list[Any]) -> bool:
    """True while the listing still has the stat ``entry_key`` was made from."""
    try:
        return key(os.path.realpath(path), os.stat(path)) == entry_key
    except (OSError, ValueError):
        return False


def diagnostics_for(source: str, notes: tuple[tuple[int, str, str], ...]) -> list[Diagnostic]:
    """Stored notes as diagnostics of the listing shown as ``source``."""
    return [Diagnostic(source, line, message, severity) for line, message, severity in notes]
