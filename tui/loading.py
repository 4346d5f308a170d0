"""Load listings in batches for the app's background loader. Pure: no Textual.

The app shows its first frame before anything is parsed; a worker runs
:func:`load_batches` and posts each batch to the screen, which appends it to
the archive.  Batches double in size (the first rows appear after one small
piece, yet the archive is re-sorted only about log2(N) times), and every
parsed piece reports progress even when its articles wait for the next batch.
Each batch carries its articles' folded haystacks, so folding, the costly
part of adding articles, happens off the UI thread.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from tui.listing import Article, Diagnostic, ListingError, iter_parse, not_a_listing, read_text
from tui.model import haystacks

# Characters per parsed piece (about 1,700 articles of a typical listing).
PIECE = 1 << 20
# Articles in the first batch; later batches hold as many as all before.
FIRST_BATCH = 1000


@dataclass(slots=True)
class Batch:
    """Articles to append (maybe none: a progress report), or a file's error."""

    articles: list[Article] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    haystacks: list[str] = field(default_factory=list)
    section: str = ""
    loaded: int = 0  # articles parsed so far, all files
    fraction: float = 0.0  # of all bytes to load
    done: bool = False  # the last batch
    error: str | None = None


def _size(path: str) -> int:
    try:
        return max(1, os.path.getsize(path))
    except OSError:
        return 1


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


def load_batches(paths: Sequence[str], piece: int | None = None) -> Iterator[Batch]:
    """Parse ``paths`` (each file once) in order, yielding batches; the
    concatenated batches hold exactly the articles and diagnostics of
    reading each file whole, and a file with no article at all is an error
    (not a listing), as :func:`~tui.listing.read_listing` has it."""
    piece = piece or PIECE
    paths = distinct_paths(paths)
    sizes = [_size(p) for p in paths]
    total = sum(sizes)
    before = 0  # bytes of the files already loaded
    loaded = 0
    flushed = 0
    pending: list[Article] = []
    notes: list[Diagnostic] = []
    for path, size in zip(paths, sizes, strict=True):
        try:
            source, text, read_notes = read_text(path)
        except ListingError as error:
            before += size
            yield Batch(loaded=loaded, fraction=before / total, error=str(error))
            continue
        notes.extend(read_notes)
        section = ""
        lines = max(1, text.count("\n") + 1)
        found = loaded  # articles before this file
        for listing in iter_parse(text, source, piece):
            pending.extend(listing.articles)
            notes.extend(listing.diagnostics)
            loaded += len(listing.articles)
            if loaded > found:  # a file is a listing (and names a section) once it has an article
                section = section or listing.section
            line = listing.articles[-1].line if listing.articles else lines
            fraction = (before + size * min(1.0, line / lines)) / total
            if pending and len(pending) >= max(FIRST_BATCH, flushed):
                flushed += len(pending)
                yield Batch(pending, notes, haystacks(pending), section, loaded, fraction)
                pending, notes = [], []
            else:
                yield Batch(section=section, loaded=loaded, fraction=fraction)
        before += size
        if loaded == found:
            # No article: its notes would only list the whole file.  (Nothing
            # of it was flushed: a batch waits for articles.)
            notes = []
            yield Batch(
                loaded=loaded, fraction=before / total, error=str(not_a_listing(source, text))
            )
            continue
        if pending or notes:
            flushed += len(pending)
            yield Batch(pending, notes, haystacks(pending), section, loaded, before / total)
            pending, notes = [], []
    yield Batch(loaded=loaded, fraction=1.0, done=True)
