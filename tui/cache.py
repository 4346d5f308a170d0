"""A parse cache for ``archive-tui list``: parsed articles plus their folded
haystacks, one file per listing in the user cache directory. Pure: no Textual.

Parsing and folding a 100k-article listing takes seconds; loading the cache
a fraction of one.  It must never serve stale data, so an entry is keyed by
the listing's resolved path, size, mtime, ctime, inode and device, by this
cache's format, the package version, the Python version and a digest of the
modules whose code decides the result; the listing is stat'ed again after
loading, and a file modified too recently to tell apart from a same-size
rewrite within one timestamp tick is not cached at all.  A corrupt, foreign
or unreadable entry is ignored and rewritten; an unwritable directory just
means no cache.  Writes are atomic (temp file, then ``os.replace``).

The payload is one ``marshal``'d tuple: the folded haystacks as strings
(searched in full) and each article packed as a UTF-8 row of one blob,
which :class:`LazyArticles` unpacks only when read, so a ``list`` run builds
only the articles it matches.  Measured for 100k articles: pickling
``Listing`` loads in 0.7 s, marshal'd columns of strings rebuilt into
articles in 0.3 s, this in about 0.1 s (a third of it the CRC-32 check).
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import itertools
import marshal
import mmap
import os
import struct
import sys
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, NamedTuple, overload

from tui import __version__, captions, listing, model, text
from tui.listing import Article, Diagnostic, display_path, read_listing
from tui.model import haystacks

# Points the cache elsewhere (tests use it); an empty value keeps no cache.
ENV = "ARCHIVE_TUI_CACHE"
FORMAT = 4
_MAGIC = b"archive-tui parse cache\n"
# Header lengths and payload checksum after the magic line.
_LENGTHS = struct.Struct("<IQI")
# A listing modified less than this long ago is not cached: a same-size
# rewrite within the file system's timestamp granularity would look unchanged.
RACY_NS = 2_000_000_000
_FIELDS = tuple(f.name for f in fields(Article))
# Between the fields of a packed row: a control character, which sanitised
# article text never holds (checked when packing).
_ROW_SEP = "\x1e"
_code_digest: str | None = None


def default_dir() -> Path | None:
    """``$ARCHIVE_TUI_CACHE``, else ``archive-tui`` in the user cache directory."""
    override = os.environ.get(ENV)
    if override is not None:
        return Path(override) if override else None
    from platformdirs import user_cache_path

    return user_cache_path("archive-tui", appauthor=False)


def _code() -> str:
    """A digest of the modules that decide parse and fold results (and of
    the word list caption splitting reads), so that a changed parser (an
    editable install, same version) or word list never reads old entries.
    CRC-32 and Adler-32 with the length (hashlib's import alone
    would cost more than the rest of a cache check)."""
    global _code_digest
    if _code_digest is None:
        parts = []
        for module in (listing, captions, text, model):
            try:
                source = Path(module.__file__ or "").read_bytes()
            except (OSError, TypeError):
                source = b""
            parts.append(f"{zlib.crc32(source):08x}{zlib.adler32(source):08x}{len(source)}")
        parts.append(captions.lexicon_version())  # the word data captions split by
        _code_digest = "-".join(parts)
    return _code_digest


def _key(real: str, info: os.stat_result) -> tuple[Any, ...]:
    """What an entry must match to be served for the listing at ``real``."""
    return (
        FORMAT,
        __version__,
        sys.version,
        _code(),
        _FIELDS,
        real,
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
        info.st_ino,
        info.st_dev,
    )


def entry_path(directory: Path, real: str) -> Path:
    """The cache file for the listing whose resolved path is ``real``."""
    # Two paths sharing a name would only re-parse in turn: the key holds the path.
    path = os.fsencode(real)
    name = f"{zlib.crc32(path):08x}{zlib.adler32(path):08x}"
    return directory / f"{name}.listing"


@dataclass(slots=True)
class Loaded:
    """One listing as the CLI needs it: ``rows`` are its articles, or (from
    the cache) packed rows that :class:`LazyArticles` unpacks on access."""

    source: str
    section: str
    diagnostics: list[Diagnostic]
    rows: list[Article] | _Packed
    haystacks: Sequence[str]


class _Packed(NamedTuple):
    """Cached articles: dates' ordinals (0: none), lines, and text rows, all
    in one ``blob`` (row ``i`` is ``blob[offsets[i]:offsets[i + 1]]``: one
    object to load and free instead of one per article)."""

    ordinals: Sequence[int]
    lines: Sequence[int]
    offsets: Sequence[int]
    blob: bytes


def load(path: str | os.PathLike[str], directory: Path | None) -> Loaded:
    """The listing at ``path``, from the cache in ``directory`` when fresh,
    else parsed (and cached).  Raises :class:`~tui.listing.ListingError`
    exactly as :func:`~tui.listing.read_listing` does."""
    if directory is None:
        return _parse(path)
    try:
        real = os.path.realpath(path)
        before = _key(real, os.stat(path))
    except (OSError, ValueError):
        return _parse(path)  # it reports the missing or unreadable file
    entry = entry_path(directory, real)
    loaded = _load(entry, before, display_path(path))
    if loaded is not None and _still(path, real, before):
        return loaded
    parsed = _parse(path)
    rows = _pack(parsed, before)
    if rows is not None and _still(path, real, before):
        _store(entry, before, parsed, rows)
    return parsed


def _parse(path: str | os.PathLike[str]) -> Loaded:
    parsed = read_listing(path)
    articles = parsed.articles
    return Loaded(parsed.source, parsed.section, parsed.diagnostics, articles, haystacks(articles))


def _still(path: str | os.PathLike[str], real: str, key: tuple[Any, ...]) -> bool:
    """True when the listing still has the stat ``key`` was made from."""
    try:
        return _key(real, os.stat(path)) == key
    except (OSError, ValueError):
        return False


def _pack(parsed: Loaded, key: tuple[Any, ...]) -> list[tuple[int, int, bytes]] | None:
    """Each article as its date's ordinal (0: none), line and one UTF-8 row
    of its text (see :func:`_unpack`); None when the listing must not be
    cached: a racy file, or what rows cannot represent."""
    mtime_ns = key[7]
    if time.time_ns() - mtime_ns < RACY_NS:
        return None
    if isinstance(parsed.rows, _Packed):
        return None
    if any(d.source != parsed.source for d in parsed.diagnostics):
        return None
    rows = []
    for a in parsed.rows:
        if (a.source, a.section) != (parsed.source, parsed.section):
            return None
        if type(a.date) not in (dt.date, type(None)):
            return None
        fields = (
            a.title,
            a.author,
            a.date_text,
            "" if a.caption is None else "+" + a.caption,
            a.summary,
        )
        row = _ROW_SEP.join(fields)
        if row.count(_ROW_SEP) != len(fields) - 1:
            return None
        rows.append((a.date.toordinal() if a.date else 0, a.line, row.encode()))
    return rows


def _unpack(ordinal: int, line: int, row: bytes, section: str, source: str) -> Article:
    """The article packed by :func:`_pack`."""
    title, author, date_text, caption, summary = row.decode().split(_ROW_SEP)
    date = dt.date.fromordinal(ordinal) if ordinal else None
    return Article(
        title, author, date, date_text, caption[1:] if caption else None,
        summary, section, source, line,
    )  # fmt: skip


def _store(
    entry: Path, key: tuple[Any, ...], parsed: Loaded, rows: list[tuple[int, int, bytes]]
) -> None:
    """Write an entry atomically; any failure just leaves no (new) entry."""
    import tempfile  # only a miss pays for it

    try:
        header = marshal.dumps(key)
        notes = tuple((d.line, d.message, d.severity) for d in parsed.diagnostics)
        ordinals, lines, texts = zip(*rows, strict=True) if rows else ((), (), ())
        offsets = (0, *itertools.accumulate(map(len, texts)))
        blob = b"".join(texts)
        columns = (parsed.section, notes, ordinals, lines, offsets, blob, tuple(parsed.haystacks))
        payload = marshal.dumps(columns)
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".listing")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(_MAGIC)
                file.write(_LENGTHS.pack(len(header), len(payload), zlib.crc32(payload)))
                file.write(header)
                file.write(payload)
            os.replace(temp, entry)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
    except (OSError, ValueError):
        pass


def _load(entry: Path, key: tuple[Any, ...], source: str) -> Loaded | None:
    """The entry's listing if it is intact and made for ``key``."""
    try:
        with open(entry, "rb") as file, _map(file.fileno()) as data:
            return _decode(data, key, source)
    except (OSError, ValueError, EOFError, TypeError, struct.error, IndexError):
        return None


def _map(fd: int) -> mmap.mmap:
    """The file mapped read-only, its pages read in one go where Linux can
    (``MAP_POPULATE``: fewer page faults than touching them one by one)."""
    populate = getattr(mmap, "MAP_POPULATE", None)
    if populate is None:
        return mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
    return mmap.mmap(fd, 0, flags=mmap.MAP_SHARED | populate, prot=mmap.PROT_READ)


def _decode(data: mmap.mmap, key: tuple[Any, ...], source: str) -> Loaded | None:
    if data[: len(_MAGIC)] != _MAGIC:
        return None
    start = len(_MAGIC) + _LENGTHS.size
    header_size, payload_size, crc = _LENGTHS.unpack_from(data, len(_MAGIC))
    with memoryview(data) as view:
        if marshal.loads(view[start : start + header_size]) != key:
            return None
        payload = view[start + header_size :]
        if len(payload) != payload_size or zlib.crc32(payload) != crc:
            return None
        section, notes, ordinals, lines, offsets, blob, folded = marshal.loads(payload)
        del payload
    if not len(ordinals) == len(lines) == len(offsets) - 1 == len(folded):
        return None
    if offsets[0] != 0 or offsets[-1] != len(blob):
        return None
    diagnostics = [Diagnostic(source, line, message, severity) for line, message, severity in notes]
    return Loaded(source, section, diagnostics, _Packed(ordinals, lines, offsets, blob), folded)


class LazyArticles(Sequence[Article]):
    """Articles of several listings, each cached row unpacked when first read
    (and kept): a ``list`` run reads only the matches' articles."""

    def __init__(self) -> None:
        self._starts: list[int] = []  # each listing's first index
        self._parts: list[list[Article] | _Packed] = []
        self._owners: list[tuple[str, str]] = []  # each listing's (section, source)
        self._built: dict[int, Article] = {}
        self._size = 0

    def add(self, loaded: Loaded) -> None:
        self._starts.append(self._size)
        self._parts.append(loaded.rows)
        self._owners.append((loaded.section, loaded.source))
        self._size += len(loaded.haystacks)

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> Article: ...

    @overload
    def __getitem__(self, index: slice) -> list[Article]: ...

    def __getitem__(self, index: int | slice) -> Article | list[Article]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._size))]
        if index < 0:
            index += self._size
        built = self._built.get(index)
        if built is not None:
            return built
        if not 0 <= index < self._size:
            raise IndexError(index)
        part = bisect.bisect_right(self._starts, index) - 1
        rows, at = self._parts[part], index - self._starts[part]
        if not isinstance(rows, _Packed):
            return rows[at]
        section, source = self._owners[part]
        text = rows.blob[rows.offsets[at] : rows.offsets[at + 1]]
        built = self._built[index] = _unpack(
            rows.ordinals[at], rows.lines[at], text, section, source
        )
        return built


@dataclass(slots=True)
class Catalog:
    """Listings merged for one run of ``list``: what :func:`tui.model.select`
    searches and sorts (a query context), plus diagnostics and sections."""

    articles: LazyArticles = field(default_factory=LazyArticles)
    haystacks: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)

    def add(self, loaded: Loaded) -> None:
        self.articles.add(loaded)
        self.haystacks.extend(loaded.haystacks)
        self.diagnostics.extend(loaded.diagnostics)
        if loaded.section and loaded.section not in self.sections:
            self.sections.append(loaded.section)
