"""The one load path: listings into corpus parts, from the cache or parsed. Pure.

The app's loader worker and the CLI both run :func:`load_parts`: each listing
comes from its cache entry when one is fresh (one part), else it is parsed in
pieces, folded into parts of doubling size (the first rows appear after one
small piece) and, once whole, stored in the cache.  Appending the parts in
order gives exactly the articles and diagnostics of parsing each file whole.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from tui import corpus_cache
from tui.corpus import SCHEMA, Corpus
from tui.listing import (
    Article,
    Diagnostic,
    ListingError,
    display_path,
    iter_parse,
    not_a_listing,
    read_text,
)

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


@dataclass(slots=True)
class _State:
    piece: int = PIECE  # characters per parsed piece
    loaded: int = 0  # articles parsed so far
    flushed: int = 0  # articles handed out in parts


def _parse(
    path: str,
    size: int,
    before: int,
    total: int,
    state: _State,
    directory: Path | None,
    key: list[Any] | None,
) -> Iterator[Event]:
    """Parse one listing in pieces; store it in the cache when complete.  A
    file without a single article is not a listing: an error event (its notes
    would only list all of it), as :func:`~tui.listing.read_listing` has it."""
    source, text, notes = read_text(path)
    section = ""
    lines = max(1, text.count("\n") + 1)
    found = state.loaded  # articles before this file
    pending: list[Article] = []
    pending_notes: list[Diagnostic] = list(notes)
    all_notes: list[Diagnostic] = list(notes)
    parts: list[Corpus] = []
    for listing in iter_parse(text, source, state.piece):
        pending.extend(listing.articles)
        pending_notes.extend(listing.diagnostics)
        all_notes.extend(listing.diagnostics)
        state.loaded += len(listing.articles)
        if state.loaded > found:  # a listing (naming a section) once it has an article
            section = section or listing.section
        line = listing.articles[-1].line if listing.articles else lines
        fraction = (before + size * min(1.0, line / lines)) / total
        if pending and len(pending) >= max(FIRST_PART, state.flushed):
            part = Corpus.from_articles(pending, pending_notes, [section])
            parts.append(part)
            state.flushed += len(pending)
            pending, pending_notes = [], []
            yield Event(part, state.loaded, fraction)
        else:
            yield Event(None, state.loaded, fraction)
    if state.loaded == found:
        raise not_a_listing(source, text)
    if pending or pending_notes:
        part = Corpus.from_articles(pending, pending_notes, [section])
        parts.append(part)
        state.flushed += len(pending)
        yield Event(part, state.loaded, (before + size) / total)
    if directory is not None and key is not None:
        _store(path, source, section, parts, all_notes, directory, key)


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


def load_corpus(paths: Sequence[str], directory: Path | None) -> tuple[Corpus | None, list[str]]:
    """Every listing at ``paths`` as one corpus (None if none loaded) and the
    error lines of those that did not load (what ``list`` runs)."""
    corpus = Corpus.empty()
    errors: list[str] = []
    for event in load_parts(paths, directory):
        if event.error:
            errors.append(event.error)
        if event.part is not None:
            corpus = corpus.extend(event.part)
    return (corpus if len(errors) < len(paths) else None), errors
