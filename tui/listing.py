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

import datetime as dt
import os
import re
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tui.captions import split_caption
from tui.text import _SPACES, _UNSAFE, sanitize

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH_NUMBER = (
    {name: i + 1 for i, name in enumerate(MONTHS)}
    | {name[:3]: i + 1 for i, name in enumerate(MONTHS)}
    | {"sept": 9}
)
_WEEKDAY_NUMBER = {name: i for i, name in enumerate(WEEKDAYS)} | {
    name[:3]: i for i, name in enumerate(WEEKDAYS)
}

BYLINE = re.compile(
    r"Written by[ \t]+(?:(?P<author>.*?\S)[ \t]+)??"
    r"(?P<weekday>[A-Za-z]+)\.?,[ \t]*(?P<day>\d{1,2})(?:st|nd|rd|th)?[ \t]+"
    r"(?P<month>[A-Za-z]+)\.?,?[ \t]+(?P<year>\d{1,4})[ \t]*"
)
# A file whose first 64 KiB hold this share of control bytes is not text.
_BINARY_SHARE = 0.05
# What a line may hold and still look blank: whitespace (exactly the
# characters of str.isspace(), listed here as enumerating every code point
# would slow the import; a test checks the list) and the zero-width
# characters and BOM that text saved from web pages carries.  One rule for
# splitting blocks and for stripping them, in both parsers.
BLANK = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
    "\u200b\u200c\u200d\u2060\ufeff"
)
# One blank-looking character other than a newline, for regular expressions.
_BLANK_CHAR = "[" + "".join(re.escape(c) for c in BLANK if c != "\n") + "]"
# A heading is a short line that does not end a sentence; a longer first
# block is the tail of an article cut off above (the page starts mid-way).
_HEADING_MAX = 100
_SENTENCE_END = (".", ",", ";", ":", "…")
# Skipped page text is quoted up to this many characters.
_QUOTED = 60


@dataclass(frozen=True, slots=True)
class Article:
    """One article.  ``line`` is the 1-based line of its title in ``source``."""

    title: str
    author: str
    date: dt.date | None
    date_text: str
    caption: str | None
    summary: str
    section: str
    source: str
    line: int

    @property
    def iso_date(self) -> str:
        """The date as ``YYYY-MM-DD``, or an empty string when unknown."""
        return self.date.isoformat() if self.date else ""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found in a file, printed as ``PATH:LINE: severity: message``."""

    source: str
    line: int
    message: str
    severity: str = "warning"

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.severity}: {self.message}"


@dataclass(slots=True)
class Listing:
    """The result of parsing one file: its section, articles and diagnostics."""

    source: str
    section: str
    articles: list[Article] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


class ListingError(Exception):
    """A file that cannot be read as a listing at all (one clear line)."""


@dataclass(slots=True)
class _Block:
    """A run of non-blank lines: its first line, text and the blanks before it."""

    line: int
    text: str
    gap: int
    byline: re.Match[str] | None = None


@dataclass(slots=True)
class _Draft:
    """An article while its blocks are being gathered."""

    title: _Block | None
    byline: _Block
    paragraphs: list[_Block] = field(default_factory=list)


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


def parse_text(text: str, source: str = "<text>") -> Listing:
    """Parse a listing's text.  Never raises for any input text."""
    return _parse_span(_line_ends(text), source, 0, None, 1, "")


def _parse_whole(text: str, source: str) -> Listing:
    """The general parser on a whole (line-end normalised) text, heading included."""
    diagnostics: list[Diagnostic] = []
    blocks = _blocks(_sanitize_lines(text, source, diagnostics))
    if not blocks:
        diagnostics.append(Diagnostic(source, 1, "empty file: no section heading and no articles"))
        diagnostics.sort(key=lambda d: d.line)
        return Listing(source, "", [], diagnostics)
    first = blocks[0]
    if (
        first.byline is None
        and (len(blocks) == 1 or blocks[1].byline is None)
        and len(first.text) <= _HEADING_MAX
        and not first.text.endswith(_SENTENCE_END)
    ):
        section = blocks.pop(0).text
    else:
        # Saved text may start mid-way: no heading is no fault.
        section = os.path.splitext(os.path.basename(source))[0]
        message = f'no section heading: the section is named after the file ("{section}")'
        diagnostics.append(Diagnostic(source, 1, message, "note"))
    drafts = _assemble(blocks, source, diagnostics)
    articles = [_build(d, section, source, diagnostics) for d in drafts]
    if not articles:
        diagnostics.append(Diagnostic(source, 1, "no articles found (no 'Written by' bylines)"))
    diagnostics.sort(key=lambda d: d.line)
    return Listing(source, section, articles, diagnostics)


def _sanitize_lines(
    text: str, source: str, diagnostics: list[Diagnostic], first_line: int = 1
) -> str:
    """Strip controls from line-end normalised text (with a warning per line)."""
    if "\t" not in text and text.replace("\n", "").isprintable():
        return text  # the common case: nothing to sanitise (checked in C)
    lines = text.split("\n")
    changed = False
    for number, line in enumerate(lines):
        if line.isascii() and line.isprintable():
            continue
        clean, removed = sanitize(line)
        if removed:
            diagnostics.append(
                Diagnostic(
                    source,
                    number + first_line,
                    f"removed {removed} control/escape/bidi character(s)",
                )
            )
        if clean != line:
            lines[number] = clean
            changed = True
    if changed:
        text = "\n".join(lines)
    return text


_BLANK_LINES = re.compile(rf"\n(?:{_BLANK_CHAR}*\n)+")
_LEADING_BLANK_LINES = re.compile(rf"(?:{_BLANK_CHAR}*\n)+")


def _line_ends(text: str) -> str:
    """Line ends as ``\\n`` and no byte-order mark."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text[1:] if text.startswith("\ufeff") else text


def _blocks(text: str, line: int = 1) -> list[_Block]:
    """Split text into blocks of non-blank lines; bylines always stand alone."""
    blocks: list[_Block] = []
    pos = 0
    gap = 0
    length = len(text)
    # Leading blank lines.
    first = _LEADING_BLANK_LINES.match(text)
    if first:
        gap = first.group().count("\n")
        line += gap
        pos = first.end()
    for separator in _BLANK_LINES.finditer(text, pos):
        _add_block(blocks, text[pos : separator.start()], line, gap)
        line += text.count("\n", pos, separator.end())
        gap = separator.group().count("\n") - 1
        pos = separator.end()
    if pos < length:
        _add_block(blocks, text[pos:], line, gap)
    return blocks


def _add_block(blocks: list[_Block], chunk: str, line: int, gap: int) -> None:
    """Add one chunk as a block, splitting off any byline glued to other lines."""
    chunk = chunk.strip(BLANK)
    if not chunk:
        return
    if "\n" not in chunk:
        match = BYLINE.fullmatch(chunk) if "Written by" in chunk else None
        blocks.append(_Block(line, chunk, gap, match))
        return
    current: list[str] = []
    start = line
    for offset, raw in enumerate(chunk.split("\n")):
        stripped = raw.strip(BLANK)
        match = BYLINE.fullmatch(stripped) if stripped.startswith("Written by") else None
        if match:
            if current:
                blocks.append(_Block(start, " ".join(current), gap))
                gap = 0
            blocks.append(_Block(line + offset, stripped, gap, match))
            gap = 0
            current = []
            start = line + offset + 1
        elif stripped:
            if not current:
                start = line + offset
            current.append(stripped)
    if current:
        blocks.append(_Block(start, " ".join(current), gap))


def _assemble(blocks: list[_Block], source: str, diagnostics: list[Diagnostic]) -> list[_Draft]:
    """Group blocks into article drafts around the bylines."""
    drafts: list[_Draft] = []
    pending: list[_Block] = []
    current: _Draft | None = None
    for block in blocks:
        if block.byline is None:
            pending.append(block)
            continue
        title: _Block | None = None
        if pending:
            lone = len(pending) == 1 and current is not None and not current.paragraphs
            # The block before a byline is its title (fields may be several
            # blank lines apart).  Only the one block between two bylines is
            # ambiguous: an article-sized gap before the byline makes it the
            # previous article's summary.
            apart = lone and block.gap >= 2
            title = None if apart else pending.pop()
        _attach(current, pending, source, diagnostics)
        if title is None:
            diagnostics.append(Diagnostic(source, block.line, "byline without a title"))
        current = _Draft(title, block)
        drafts.append(current)
        pending = []
    _attach(current, pending, source, diagnostics)
    return drafts


def _attach(
    current: _Draft | None, pending: list[_Block], source: str, diagnostics: list[Diagnostic]
) -> None:
    """Give pending blocks to the current article's summary.  Only bylines
    make articles: a block before the first one, or set apart from a summary
    by two or more blank lines (and every block after it), is page text,
    such as a section's description, "Recent highlights:", "Page 1 of 80" or
    a scrap cut off at the end of a saved page; it is skipped with a note."""
    skipping = current is None
    for block in pending:
        if current is not None and not skipping:
            if block.gap < 2 or not current.paragraphs:
                current.paragraphs.append(block)
                continue
            skipping = True
        text = block.text if len(block.text) <= _QUOTED else block.text[:_QUOTED] + "…"
        diagnostics.append(Diagnostic(source, block.line, f'skipped page text "{text}"', "note"))


def _build(draft: _Draft, section: str, source: str, diagnostics: list[Diagnostic]) -> Article:
    """Turn a draft into an article, warning about what it lacks."""
    title = draft.title.text if draft.title else ""
    line = (draft.title or draft.byline).line
    author, date, date_text = _read_byline(draft.byline, source, diagnostics)
    if draft.paragraphs:
        text = "\n\n".join(p.text for p in draft.paragraphs)
        caption, summary = split_caption(text, title)
    else:
        caption, summary = None, ""
        diagnostics.append(Diagnostic(source, line, "missing summary"))
    return Article(title, author, date, date_text, caption, summary, section, source, line)


def _read_byline(
    block: _Block, source: str, diagnostics: list[Diagnostic]
) -> tuple[str, dt.date | None, str]:
    """Author, date and the date as written, from a byline match."""
    match = block.byline
    assert match is not None
    author = match.group("author") or ""
    if not author:
        diagnostics.append(Diagnostic(source, block.line, "byline has no author"))
    date, date_text, notes = _read_date(*match.group(*_BYLINE_GROUPS))
    diagnostics.extend(Diagnostic(source, block.line, note) for note in notes)
    return author, date, date_text


# The dates read so far, by their text in the byline: a listing repeats its
# dates many times over.
_DATES: dict[str, tuple[dt.date | None, str, tuple[str, ...]]] = {}
_MAX_DATES = 100_000


def _read_date(
    weekday: str, day: str, month: str, year: str
) -> tuple[dt.date | None, str, tuple[str, ...]]:
    """The date, the date as written and any warnings about it."""
    date_text = f"{weekday}, {day} {month} {year}"
    month_number = _MONTH_NUMBER.get(month.lower())
    weekday_number = _WEEKDAY_NUMBER.get(weekday.lower())
    year_number = int(year)
    notes: list[str] = []
    if len(year) <= 2:
        year_number += 2000 if year_number < 70 else 1900
        notes.append(f"two-digit year {year!r} read as {year_number}")
    elif len(year) == 3:
        return None, date_text, (*notes, f"implausible year {year!r}")
    if month_number is None:
        return None, date_text, (*notes, f"unknown month {month!r}")
    try:
        date = dt.date(year_number, month_number, int(day))
    except ValueError:
        return None, date_text, (*notes, f"impossible date {day} {month} {year}")
    if weekday_number is None:
        notes.append(f"unknown weekday {weekday!r}")
    elif weekday_number != date.weekday():
        actual = WEEKDAYS[date.weekday()].capitalize()
        notes.append(f"weekday {weekday} does not match {date.isoformat()} (a {actual}); date kept")
    return date, date_text, tuple(notes)


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


# -- pieces and the fast path ----------------------------------------------
#
# A *cut* is a place where a text can be split into pieces that parse exactly
# as the whole: a one-line title after a blank line, then (after exactly one
# blank line) a byline, both clean (sanitising cannot change them) and the
# title no byline itself.  With one blank line between them the title always
# belongs to its byline, so no rule of :func:`_assemble` reads across a cut.
# A piece between two cuts that is just ``title, byline, one-line summary``
# (blank lines between) is one article, built without the block machinery;
# so is each such article that directly follows one, whatever the blank lines
# between its title and byline (the summary before keeps it from being read
# as that summary's second paragraph).  Everything else goes through the
# general parser, piece by piece, so the result is always exactly the same.

# A character sanitising keeps as it is, other than a newline.
_KEPT = "[^\\n" + _UNSAFE.pattern[1:-1] + "".join(map(chr, _SPACES)) + "]"
_ARTICLE = re.compile(
    rf"(?<=\n\n)(?!{_BLANK_CHAR}*Written by)(?P<title>{_KEPT}+)\n(?P<gap>\n+)"  # title, blanks
    rf"(?={_KEPT}*\n)(?:{BYLINE.pattern})\n(?P<blank>\n+)"  # a clean byline, blanks
    rf"(?!{_BLANK_CHAR}*Written by)(?P<summary>[^\n]+)(?:\n\n+|\n?\Z)"  # summary, blanks or end
)
_DIRTY = re.compile(_KEPT.replace("[^\\n", "[", 1))
_TITLE, _GAP, _SUMMARY = (_ARTICLE.groupindex[name] for name in ("title", "gap", "summary"))
_BYLINE_GROUPS = ("weekday", "day", "month", "year")


def _parse_span(
    text: str, source: str, start: int, end: int | None, line: int, section: str
) -> Listing:
    """Parse ``text[start:end]`` (line-end normalised), which starts on ``line``:
    from 0 the whole text with its heading, else a piece starting at a cut."""
    end = len(text) if end is None else end
    articles: list[Article] = []
    diagnostics: list[Diagnostic] = []
    pos = start  # text[start:pos] is parsed; pos is a cut (or start)
    head = start == 0  # the heading's piece holds the first article: cut at the second
    run: list[Article] = []  # fast articles from pos on, until a cut confirms them
    run_notes: list[Diagnostic] = []
    run_end = -1  # where the run's last article ends (-1: no run)
    run_line = line  # the line at run_end

    def settle(cut: int) -> None:
        """Keep the run if it reaches ``cut`` exactly, else parse from pos to
        ``cut`` with the general parser."""
        nonlocal pos, line, section
        if run_end == cut:
            articles.extend(run)
            diagnostics.extend(run_notes)
            line = run_line
        else:
            if pos == 0:
                listing = _parse_whole(text[:cut], source)
                section = listing.section
            else:
                listing = _parse_piece(text[pos:cut], source, line, section)
            articles.extend(listing.articles)
            diagnostics.extend(listing.diagnostics)
            line += text.count("\n", pos, cut)
        pos = cut

    for match in _ARTICLE.finditer(text, start, end):
        strict = len(match.group(_GAP)) == 1
        if not strict and match.start() != run_end:
            continue  # a loose article only extends a run
        title = match.group(_TITLE).strip(BLANK)
        summary = match.group(_SUMMARY)
        if not summary.isprintable() and _DIRTY.search(summary):
            continue  # sanitising would change it (the regex only runs if it may)
        summary = summary.strip(BLANK)
        if not title or not summary:
            continue  # a blank-looking line: the general parser's case
        if strict:
            if head:
                head = False
                continue
            if match.start() > pos:
                settle(match.start())
            run, run_notes, run_line = [], [], line
        byline_line = run_line + len(match.group(_GAP)) + 1
        author = match.group("author") or ""
        if not author:
            run_notes.append(Diagnostic(source, byline_line, "byline has no author"))
        key = text[match.start("weekday") : match.end("year")]
        date = _DATES.get(key)
        if date is None:
            if len(_DATES) >= _MAX_DATES:
                _DATES.clear()
            date = _DATES[key] = _read_date(*match.group(*_BYLINE_GROUPS))
        if date[2]:
            run_notes.extend(Diagnostic(source, byline_line, note) for note in date[2])
        caption, summary = split_caption(summary, title)
        run.append(
            Article(title, author, date[0], date[1], caption, summary, section, source, run_line)
        )
        run_line += text.count("\n", match.start(), match.end())
        run_end = match.end()
    if pos < end or pos == 0:
        settle(end)
    diagnostics.sort(key=lambda d: d.line)
    return Listing(source, section, articles, diagnostics)


def iter_parse(text: str, source: str = "<text>", size: int = 1 << 20) -> Iterator[Listing]:
    """Parse ``text`` in pieces of about ``size`` characters, cut at a cut
    (see above) after the first article.  The pieces' articles and
    diagnostics, concatenated, are exactly :func:`parse_text`'s."""
    text = _line_ends(text)
    first = _next_cut(text, 0)
    if first is None:
        yield parse_text(text, source)
        return
    start, line, section = 0, 1, ""
    cut = _next_cut(text, max(first[1], size))
    while True:
        stop = cut[0] if cut else len(text)
        listing = _parse_span(text, source, start, stop, line, section)
        section = listing.section
        yield listing
        if cut is None:
            return
        line += text.count("\n", start, stop)
        start = cut[0]
        cut = _next_cut(text, start + size)


def _next_cut(text: str, pos: int) -> tuple[int, int] | None:
    """The first cut at or after ``pos``: where its title starts and its byline ends."""
    for match in _ARTICLE.finditer(text, pos):
        if len(match.group(_GAP)) == 1 and match.group(_TITLE).strip(BLANK):
            return match.start(), match.start("blank") - 1
    return None


def _parse_piece(text: str, source: str, line: int, section: str) -> Listing:
    """Parse a piece after the first (see :func:`iter_parse`): no heading."""
    diagnostics: list[Diagnostic] = []
    blocks = _blocks(_sanitize_lines(text, source, diagnostics, line), line)
    drafts = _assemble(blocks, source, diagnostics)
    articles = [_build(d, section, source, diagnostics) for d in drafts]
    diagnostics.sort(key=lambda d: d.line)
    return Listing(source, section, articles, diagnostics)
