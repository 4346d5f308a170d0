"""The general listing parser: blocks of lines, grouped around bylines. Pure.

Any text parses: a block just before a byline is its title, the blocks after
it (until the next title) its summary; page text without a byline is skipped
with a note; what is wrong inside an article is loaded with a warning.  The
fast path (:mod:`tui.listing_pieces`) hands it every piece it cannot build
itself, so the two always agree.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field

from tui.article import (
    _BLANK_CHAR,
    _BYLINE_GROUPS,
    _HEADING_MAX,
    _MONTH_NUMBER,
    _QUOTED,
    _SENTENCE_END,
    _WEEKDAY_NUMBER,
    BLANK,
    BYLINE,
    WEEKDAYS,
    Article,
    Diagnostic,
    Listing,
)
from tui.captions import split_caption
from tui.text import sanitize


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
