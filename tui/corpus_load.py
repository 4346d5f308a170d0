"""The one load path: listings into corpus parts, from the cache or parsed. Pure.

The app's loader worker and the CLI both run :func:`load_parts`: each listing
comes from its cache entry when one is fresh (one part), else it is parsed in
pieces, folded into parts of doubling size (the first rows appear after one
small piece) and, once whole, stored in the cache.  Appending the parts in
order gives exactly the articles and diagnostics of parsing each file whole.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from tui import corpus_cache
from tui.columnar import iter_columns
from tui.corpus import DISPLAY, SCHEMA, Corpus
from tui.listing import Diagnostic, ListingError, display_path, not_a_listing, read_text

# Characters per parsed piece (about 1,700 articles of a typical listing).
PIECE = 1 << 20
# Articles in the first part; later parts hold as many as all before.
FIRST_PART = 1000


@dataclass(frozen=True, slots=True)
class Event:
    """A part to append (None: progress only), or a file's error."""

    part: Corpus | None = None
    loaded: int = 0  # articles so far, all files
    fraction: float = 0.0  # of all bytes to load
    error: str | None = None
    done: bool = False  # the last event
    cached: bool = False  # the part came from the cache


def distinct_paths(paths: Sequence[str]) -> list[str]:
    """``paths`` without repeats, in order: the same file named twice, or
    through a symlink or another hard link, is loaded once.  Paths that
    cannot be stat'ed stay (their error is reported once per spelling)."""
    seen: set[object] = set()
    distinct: list[str] = []
    for path in paths:
        try:
            info = os.stat(path)
            key: object = (info.st_dev, info.st_ino)
        except (OSError, ValueError):
            key = os.path.abspath(path)
        if key not in seen:
            seen.add(key)
            distinct.append(path)
    return distinct


def _size(path: str) -> int:
    try:
        return max(1, os.path.getsize(path))
    except OSError:
        return 1


def load_parts(
    paths: Sequence[str], directory: Path | None, piece: int | None = None
) -> Iterator[Event]:
    """Load ``paths`` (each file once) in order, from and into the cache in
    ``directory`` if any, yielding parts and progress; an unreadable file, or
    one without an article, yields its error.  The parts, appended, hold
    exactly the articles and diagnostics of reading each file whole."""
    if directory is not None:
        corpus_cache.remove_stale_temps(directory)
    paths = distinct_paths(paths)
    sizes = [_size(p) for p in paths]
    total = sum(sizes)
    state = _State(piece=piece or PIECE)
    before = 0
    for path, size in zip(paths, sizes, strict=True):
        if directory is not None:
            entry, key = corpus_cache.load(path, directory)
            if entry is not None:
                part = _from_entry(entry, display_path(path))
                state.loaded += len(part)
                before += size
                yield Event(part, state.loaded, before / total, cached=True)
                continue
        else:
            key = None
        try:
            yield from _parse(path, size, before, total, state, directory, key)
        except ListingError as error:
            yield Event(None, state.loaded, (before + size) / total, error=str(error))
        before += size
    yield Event(None, state.loaded, 1.0, done=True)
    # Entries are written once everything is shown (the caller goes on
    # iterating): writing 140 MB for 100k articles must not delay "loaded".
    for store in state.stores:
        store()


@dataclass(slots=True)
class _State:
    piece: int = PIECE  # characters per parsed piece
    loaded: int = 0  # articles parsed so far
    flushed: int = 0  # articles handed out in parts
    stores: list[Callable[[], None]] = field(default_factory=list)  # entries to write


def _parse(
    path: str,
    size: int,
    before: int,
    total: int,
    state: _State,
    directory: Path | None,
    key: list[Any] | None,
) -> Iterator[Event]:
    """Parse one listing in pieces, straight into columns; store it in the
    cache when complete.  A file without a single article is not a listing:
    an error (its notes would only list all of it), as
    :func:`~tui.listing.read_listing` has it."""
    source, text, notes = read_text(path)
    section = ""
    lines = max(1, text.count("\n") + 1)
    found = state.loaded  # articles before this file
    pending: list[pl.DataFrame] = []
    rows = 0  # in pending
    pending_notes: list[Diagnostic] = list(notes)
    all_notes: list[Diagnostic] = list(notes)
    parts: list[Corpus] = []
    for piece in iter_columns(text, source, state.piece):
        count = piece.frame.height
        pending.append(piece.frame)
        rows += count
        pending_notes += piece.diagnostics
        all_notes += piece.diagnostics
        state.loaded += count
        if state.loaded > found:  # a listing (naming a section) once it has an article
            section = section or piece.section
        line = piece.frame["line"][-1] if count else lines
        fraction = (before + size * min(1.0, line / lines)) / total
        if rows and rows >= max(FIRST_PART, state.flushed):
            part = _part(pending, pending_notes, section)
            parts.append(part)
            state.flushed += rows
            pending, pending_notes, rows = [], [], 0
            yield Event(part, state.loaded, fraction)
        else:
            yield Event(None, state.loaded, fraction)
    if state.loaded == found:
        raise not_a_listing(source, text)
    del text  # while the entry is written, later
    if rows or pending_notes:
        part = _part(pending, pending_notes, section)
        parts.append(part)
        state.flushed += rows
        yield Event(part, state.loaded, (before + size) / total)
    if directory is not None and key is not None:
        state.stores.append(lambda: _store(path, source, section, parts, all_notes, directory, key))


def _part(frames: list[pl.DataFrame], notes: list[Diagnostic], section: str) -> Corpus:
    """Parsed pieces as one corpus part (folded here)."""
    frame = pl.concat(frames, how="vertical") if frames else pl.DataFrame(schema=DISPLAY)
    return Corpus.from_columns(frame, notes, [section])


def _store(
    path: str,
    source: str,
    section: str,
    parts: list[Corpus],
    notes: list[Diagnostic],
    directory: Path,
    key: list[Any],
) -> None:
    """Cache a whole parsed listing, unless it changed or may still change."""
    try:
        info = os.stat(path)
    except OSError:
        return
    if not corpus_cache.cacheable(info) or not corpus_cache.still(path, key):
        return
    if any(d.source != source for d in notes):
        return
    frame = pl.concat([p.frame for p in parts], how="vertical", rechunk=False)
    content = corpus_cache.Entry(
        frame, section, tuple((d.line, d.message, d.severity) for d in notes)
    )
    entry = corpus_cache.entry_path(directory, os.path.realpath(path))
    corpus_cache.store(entry, key, content)


def _from_entry(entry: corpus_cache.Entry, source: str) -> Corpus:
    """A cache entry as a corpus part of the listing shown as ``source``."""
    frame = entry.frame.with_columns(pl.lit(source, dtype=pl.String).alias("source"))
    return Corpus(
        frame.select(list(SCHEMA)),
        tuple(corpus_cache.diagnostics_for(source, entry.diagnostics)),
        (entry.section,) if entry.section else (),
        trusted=False,
    )


def open_corpus(
    paths: Sequence[str], directory: Path | None
) -> tuple[Corpus | None, list[str], Callable[[], None]]:
    """Every listing at ``paths`` as one corpus (None if none loaded), the
    error lines of those that did not load, and a function that writes the
    cache entries of the listings parsed (call it once the output is out)."""
    corpus = Corpus.empty()
    errors: list[str] = []
    events = load_parts(paths, directory)
    for event in events:
        if event.error:
            errors.append(event.error)
        if event.part is not None:
            corpus = corpus.extend(event.part)
        if event.done:
            break
    loaded = len(errors) < len(distinct_paths(paths))

    def finish() -> None:
        for _ in events:  # the generator writes the entries as it ends
            pass

    return (corpus if loaded else None), errors, finish


def load_corpus(paths: Sequence[str], directory: Path | None) -> tuple[Corpus | None, list[str]]:
    """:func:`open_corpus`, its cache entries written before it returns."""
    corpus, errors, finish = open_corpus(paths, directory)
    finish()
    return corpus, errors
