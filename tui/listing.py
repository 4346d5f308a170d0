"""Parse a publisher's listing page (saved as text) into articles. Pure: no Textual.

The format: a heading line (the section), then articles, each a title line, a
byline ``Written by AUTHOR Weekday, DD Month YYYY`` and a summary paragraph,
separated by blank lines.  Bylines are the anchors, and only they make
articles: the block just before a byline is its title, the blocks after it
(until the next title) its summary.  Other text of a saved page (a section's
description, "Recent highlights:", "Page 1 of 80", a scrap cut off at either
end) is skipped with a note that quotes it; what is wrong inside an article
is loaded with a warning.  So every block of the file is accounted for.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from tui.article import (
    _BINARY_SHARE,
    _BLANK_CHAR,
    _BYLINE_GROUPS,
    _HEADING_MAX,
    _MONTH_NUMBER,
    _QUOTED,
    _SENTENCE_END,
    _WEEKDAY_NUMBER,
    BLANK,
    BYLINE,
    MONTHS,
    WEEKDAYS,
    Article,
    Diagnostic,
    Listing,
    ListingError,
)
from tui.listing_blocks import (
    _DATES,
    _MAX_DATES,
    _assemble,
    _attach,
    _Block,
    _blocks,
    _build,
    _Draft,
    _line_ends,
    _parse_whole,
    _read_byline,
    _read_date,
    _sanitize_lines,
)
from tui.listing_pieces import (
    _ARTICLE,
    _DIRTY,
    _KEPT,
    _next_cut,
    _parse_piece,
    _parse_span,
    iter_parse,
    parse_text,
)
from tui.text import _UNSAFE

__all__ = [
    "BLANK",
    "BYLINE",
    "MONTHS",
    "WEEKDAYS",
    "_ARTICLE",
    "_BINARY_SHARE",
    "_BLANK_CHAR",
    "_BYLINE_GROUPS",
    "_DATES",
    "_DIRTY",
    "_HEADING_MAX",
    "_KEPT",
    "_MAX_DATES",
    "_MONTH_NUMBER",
    "_QUOTED",
    "_SENTENCE_END",
    "_WEEKDAY_NUMBER",
    "Article",
    "Diagnostic",
    "Listing",
    "ListingError",
    "_Block",
    "_Draft",
    "_assemble",
    "_attach",
    "_blocks",
    "_build",
    "_line_ends",
    "_next_cut",
    "_parse_piece",
    "_parse_span",
    "_parse_whole",
    "_read_byline",
    "_read_date",
    "_sanitize_lines",
    "iter_parse",
    "parse_text",
]


def display_path(path: str | os.PathLike[str]) -> str:
    """A path shown as data, on one line: bytes that are not UTF-8 (which
    Python keeps as surrogate escapes) as ``\\xNN``, and control, bidi and
    line-separator characters as ``\\n``, ``\\x1b``, ``\\u202e``..., so a
    file name can neither drive the terminal nor split a ``PATH:LINE:``
    diagnostic, and names differing only in such characters stay distinct."""
    text = os.fspath(path)
    if text.isprintable() and text.isascii():
        return text
    out: list[str] = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte (surrogateescape)
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF or char in "\n\t\u2028\u2029" or _UNSAFE.match(char):
            out.append(
                {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char)
                or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
            )
        else:
            out.append(char)
    return "".join(out)


def decode(data: bytes, source: str) -> tuple[str, list[Diagnostic]]:
    """Decode bytes: UTF-8 (BOM optional), UTF-16 with BOM, else cp1252 with a warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as error:
            raise ListingError(f"{source}: invalid UTF-16 text ({error.reason})") from None
    head = data[:65536]
    controls = sum(head.count(bytes([b])) for b in range(32) if b not in (9, 10, 12, 13, 27))
    if head and controls / len(head) > _BINARY_SHARE:
        raise ListingError(f"{source}: binary data, not a text listing")
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        return body.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line = body.count(b"\n", 0, error.start) + 1
        if error.end == len(body) and error.reason == "unexpected end of data":
            # Cut short mid-character (truncated, or still being written):
            # keep the UTF-8 text rather than re-reading all of it as cp1252.
            cut = Diagnostic(source, line, "file ends inside a UTF-8 character (truncated?)")
            return body[: error.start].decode("utf-8") + "\ufffd", [cut]
        text = body.decode("cp1252", errors="replace")
        warning = Diagnostic(source, line, "not valid UTF-8; decoded as cp1252 (Windows-1252)")
        return text, [warning]


def read_listing(path: str | os.PathLike[str]) -> Listing:
    """Read and parse one listing file; raise :class:`ListingError` with one
    line if it is unreadable or holds no article at all (not a listing)."""
    source, text, diagnostics = read_text(path)
    listing = parse_text(text, source)
    if not listing.articles:
        raise not_a_listing(source, text)
    listing.diagnostics[:0] = diagnostics
    return listing


def not_a_listing(source: str, text: str) -> ListingError:
    """The one-line error for a file without a single article (a README,
    /etc/passwd, an empty file): its notes would only list all of it."""
    if not text.strip(BLANK):
        return ListingError(f"{source}: not a listing (empty file)")
    return ListingError(f"{source}: not a listing (no 'Written by' bylines)")


def read_text(path: str | os.PathLike[str]) -> tuple[str, str, list[Diagnostic]]:
    """Read and decode one listing file: its display name, text and read
    diagnostics; raise :class:`ListingError` with one line if unreadable."""
    source = display_path(path)
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise ListingError(f"{source}: is a directory, not a listing file")
        if not stat.S_ISREG(info.st_mode):
            raise ListingError(f"{source}: not a regular file")
        # Non-blocking, and checked again once open: a path swapped for a
        # FIFO after the stat must not hang the open or the read.
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise ListingError(f"{source}: not a regular file")
            data = handle.read()
    except FileNotFoundError:
        raise ListingError(f"{source}: no such file") from None
    except PermissionError:
        raise ListingError(f"{source}: permission denied") from None
    except OSError as error:
        raise ListingError(f"{source}: cannot read ({error.strerror or error})") from None
    text, diagnostics = decode(data, source)
    if len(data) != info.st_size:
        lines = data.count(b"\n") + 1
        diagnostics.append(
            Diagnostic(
                source,
                lines,
                f"file changed while loading: {info.st_size:,} bytes expected, {len(data):,} read",
            )
        )
    return source, text, diagnostics


def article_at(articles: Sequence[Article], source: str, line: int) -> int | None:
    """Index of the article of ``source`` holding ``line`` (the last one starting
    at or before it), or None when the line precedes every article."""
    found: int | None = None
    for index, article in enumerate(articles):
        if (
            article.source == source
            and article.line <= line
            and (found is None or article.line > articles[found].line)
        ):
            found = index
    return found


def bundled_listing() -> Path:
    """The archive shipped with the app: inside the wheel, or ``data/`` in a checkout."""
    name = "russian-revolution.txt"
    packaged = Path(__file__).parent / "data" / name
    return packaged if packaged.is_file() else Path(__file__).parent.parent / "data" / name
