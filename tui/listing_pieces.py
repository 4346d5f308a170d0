"""Listings parsed in pieces, most articles by one regex pass (the fast path). Pure.

:func:`parse_text` and :func:`iter_parse`: pieces cut where the text can be
split without changing what it parses to; between cuts, a run of regular
articles is built straight from the regex's groups, anything else goes to the
general parser (:mod:`tui.listing_blocks`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tui.article import _BLANK_CHAR, _BYLINE_GROUPS, BLANK, BYLINE, Article, Diagnostic, Listing
from tui.captions import split_caption
from tui.listing_blocks import (
    _DATES,
    _MAX_DATES,
    _assemble,
    _blocks,
    _build,
    _line_ends,
    _parse_whole,
    _read_date,
    _sanitize_lines,
)
from tui.text import _SPACES, _UNSAFE


def parse_text(text: str, source: str = "<text>") -> Listing:
    """Parse a listing's text.  Never raises for any input text."""
    return _parse_span(_line_ends(text), source, 0, None, 1, "")


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
