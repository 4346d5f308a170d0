"""A cold parse straight into corpus columns. Pure: no Textual.

:func:`iter_columns` gives exactly what :func:`tui.listing.iter_parse` gives,
piece by piece, as frames of display columns (:data:`tui.corpus.DISPLAY`) and
diagnostics, without an :class:`~tui.listing.Article` per article.  Each
piece is split into lines once; per-line facts (empty, a clean byline, a
clean title, a one-line summary) come from vectorised tests (polars, numpy);
the articles the listing parser builds on its fast path (title, blank line,
byline, blank lines, a one-line summary, between cuts) are found from them
and their fields gathered as columns (a date read once per distinct byline
date, a caption split only where a glue point may be); every other piece goes
through the general parser, exactly where :func:`tui.listing._parse_span`
sends it.  Differential tests hold the two to the same output.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from tui import captions
from tui.corpus import DISPLAY
from tui.listing import (
    _BYLINE_GROUPS,
    BLANK,
    BYLINE,
    Article,
    Diagnostic,
    _line_ends,
    _next_cut,
    _parse_piece,
    _parse_whole,
    _read_date,
)
from tui.text import _SPACES, _UNSAFE

# A line sanitising would change (or a tab/separator it would turn to a
# space), in Rust's syntax.
_DIRTY = (
    "["
    + re.sub(r"\\u([0-9a-f]{4})", r"\\x{\1}", _UNSAFE.pattern[1:-1])
    + "".join(f"\\x{{{ord(c):x}}}" for c in map(chr, _SPACES))
    + "]"
)
_BLANK_NOT_NEWLINE = BLANK.replace("\n", "")
_WHOLE_BYLINE = "^" + BYLINE.pattern + "$"
# Where captions.split_caption may find a glue point (its first test) in a
# summary's first characters: the same character classes without the
# lookbehinds (a test checks this is never narrower).
_GLUE = (
    f"[{captions._LO}{captions._UP}0-9.)\\]!?][{captions._UP}][{captions._LO}]"
    f"|[{captions._LO}{captions._UP}0-9.][{captions._QUOTES}][{captions._UP}0-9¿¡]"
)
# Dates read so far, by their byline groups.
_DATES: dict[tuple[str, ...], tuple[Any, str, tuple[str, ...]]] = {}
_MAX_DATES = 100_000


@dataclass(slots=True)
class Piece:
    """One parsed piece: its articles as display columns, its diagnostics,
    and the listing's section (from the heading in the first piece)."""

    frame: pl.DataFrame
    diagnostics: list[Diagnostic]
    section: str


def iter_columns(text: str, source: str = "<text>", size: int = 1 << 20) -> Iterator[Piece]:
    """:func:`tui.listing.iter_parse`, as columns: the same pieces (cut at
    the same cuts), the same articles and diagnostics."""
    text = _line_ends(text)
    first = _next_cut(text, 0)
    cut = None if first is None else _next_cut(text, max(first[1], size))
    start, line, section = 0, 1, ""
    while True:
        stop = cut[0] if cut else len(text)
        piece = parse_columns(text[start:stop], source, line=line, section=section, head=start == 0)
        section = piece.section
        yield piece
        if cut is None:
            return
        line += text.count("\n", start, stop)
        start = cut[0]
        cut = _next_cut(text, start + size)


def parse_columns(
    text: str, source: str = "<text>", *, line: int = 1, section: str = "", head: bool = True
) -> Piece:
    """Parse a line-end normalised ``text`` starting on ``line``: with
    ``head``, a whole listing from its start; else a piece starting at a cut
    (a title after a blank line) of a listing whose section is ``section``."""
    if not head:  # the blank line before the cut, so that its title is seen as one
        text, line = "\n\n" + text, line - 2
    plan = _Plan(text, source, line, section, head)
    lead = head  # the heading's piece holds the first article: cut at the second
    pos = 0  # a line: lines[:pos] are parsed; pos is a cut
    run: list[_Candidate] = []
    for cand in _candidates(plan.lines, plan.empty):
        if not cand.strict and (not run or run[-1].end != cand.title):
            continue  # a loose article only extends a run
        if not cand.ok:
            continue
        if cand.strict:
            if lead:
                lead = False
                continue
            if cand.title > pos:
                pos = plan.settle(pos, cand.title, run)
            run = []
        run.append(cand)
    plan.settle(pos, len(plan.empty), run)
    return Piece(plan.frame(), sorted(plan.notes, key=lambda d: d.line), plan.section)


@dataclass(slots=True)
class _Candidate:
    """One match of the listing parser's article pattern (lines, 0-based)."""

    title: int
    byline: int
    summary: int
    end: int  # the first non-empty line after the match (the count: none)
    strict: bool  # exactly one blank line between title and byline
    ok: bool  # title and summary usable (not blank, not dirty)


def _writby(lines: pl.Series) -> np.ndarray[Any, Any]:
    """Lines that start, after blank-looking characters, with "Written by"."""
    found = lines.str.strip_chars_start(_BLANK_NOT_NEWLINE).str.starts_with("Written by")
    return found.to_numpy()


def _candidates(lines: pl.Series, empty: np.ndarray[Any, Any]) -> list[_Candidate]:
    """The article pattern's matches, in order and non-overlapping, as
    ``finditer`` finds them: a clean title line after a blank line (two
    newlines before it), blank lines, a clean byline, blank lines, a one-line
    summary, then blank lines or the end."""
    count = len(empty)
    at = np.arange(count)
    before = np.maximum.accumulate(np.where(empty, -1, at))  # last non-empty <= i
    after = np.minimum.accumulate(np.where(empty, count, at)[::-1])[::-1]  # first >= i
    written = np.flatnonzero(lines.str.starts_with("Written by").to_numpy())
    bylines = lines.gather(written)
    whole = bylines.str.contains(_WHOLE_BYLINE) & ~bylines.str.contains(_DIRTY)
    b = written[whole.to_numpy()]
    b = b[(b >= 3) & (b + 1 < count)]
    t = before[b - 1]
    s = after[np.minimum(b + 1, count - 1)]
    keep = (t >= 2) & (t < b - 1) & (s > b + 1) & (s < count)
    b, t, s = b[keep], t[keep], s[keep]
    keep = empty[t - 1] & ((s + 1 == count) | empty[np.minimum(s + 1, count - 1)])
    b, t, s = b[keep], t[keep], s[keep]
    titles, summaries = lines.gather(t), lines.gather(s)
    keep = ~titles.str.contains(_DIRTY).to_numpy() & ~_writby(titles) & ~_writby(summaries)
    b, t, s = b[keep], t[keep], s[keep]
    titles, summaries = titles.filter(keep), summaries.filter(keep)
    ok = (
        (titles.str.strip_chars(BLANK).str.len_bytes() > 0)
        & (summaries.str.strip_chars(BLANK).str.len_bytes() > 0)
        & ~summaries.str.contains(_DIRTY)
    ).to_numpy()
    end = np.where(s + 1 >= count, count, after[np.minimum(s + 1, count - 1)])
    found: list[_Candidate] = []
    last_end = -1
    columns = (t.tolist(), b.tolist(), s.tolist(), end.tolist(), (t == b - 2).tolist(), ok.tolist())
    for row in zip(*columns, strict=True):
        if row[0] < last_end:
            continue  # inside the previous match: finditer has moved past it
        found.append(_Candidate(*row))
        last_end = row[3]
    return found


@dataclass(slots=True)
class _Plan:
    """Pieces in order: fast runs (gathered) or general parses (articles)."""

    text: str
    source: str
    line: int  # of the first line
    section: str
    head: bool
    lines: pl.Series = field(init=False)
    empty: np.ndarray[Any, Any] = field(init=False)
    starts: np.ndarray[Any, Any] = field(init=False)
    fast: list[_Candidate] = field(default_factory=list)
    slow: list[Article] = field(default_factory=list)
    places: list[tuple[bool, int]] = field(default_factory=list)  # (fast?, count) in order
    notes: list[Diagnostic] = field(default_factory=list)
    date_notes: list[tuple[str, ...]] = field(default_factory=list)  # per fast article

    def __post_init__(self) -> None:
        raw = self.text.split("\n")
        lengths = np.fromiter(map(len, raw), dtype=np.int64, count=len(raw))
        self.starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
        self.lines = pl.Series(raw, dtype=pl.String)
        self.empty = lengths == 0

    def settle(self, pos: int, cut: int, run: list[_Candidate]) -> int:
        """Keep ``run`` if it covers lines ``[pos, cut)`` exactly, else parse them."""
        if run and run[-1].end == cut:
            self.fast += run
            self.places.append((True, len(run)))
            return cut
        start = int(self.starts[pos]) if pos < len(self.starts) else len(self.text)
        end = int(self.starts[cut]) if cut < len(self.starts) else len(self.text)
        if pos == 0 and self.head:
            listing = _parse_whole(self.text[:end], self.source)
            self.section = listing.section
        else:
            listing = _parse_piece(self.text[start:end], self.source, self.line + pos, self.section)
        self.slow += listing.articles
        self.places.append((False, len(listing.articles)))
        self.notes += listing.diagnostics
        return cut

    def frame(self) -> pl.DataFrame:
        """Every article in document order: the fast ones gathered in one go,
        the general parser's converted, then interleaved by place."""
        frame = pl.concat([self._fast(), _from_articles(self.slow)], how="vertical")
        fast_at: list[int] = []
        slow_at: list[int] = []
        place = 0
        for fast, count in self.places:
            (fast_at if fast else slow_at).extend(range(place, place + count))
            place += count
        order = np.empty(place, dtype=np.int64)
        order[np.asarray(fast_at + slow_at, dtype=np.int64)] = np.arange(place)
        return frame[order] if place else frame

    def _fast(self) -> pl.DataFrame:
        """The fast runs' articles, their fields gathered from the lines."""
        run = self.fast
        if not run:
            return pl.DataFrame(schema=DISPLAY)
        lines = self.lines
        t = pl.Series([c.title for c in run], dtype=pl.Int64)
        b = pl.Series([c.byline for c in run], dtype=pl.Int64)
        s = pl.Series([c.summary for c in run], dtype=pl.Int64)
        fields = lines.gather(b).str.extract_groups(_WHOLE_BYLINE).struct.unnest()
        authors = fields["author"].fill_null("")
        dates, texts, notes = self._dates(fields.select(_BYLINE_GROUPS).rows())
        title = lines.gather(t).str.strip_chars(BLANK)
        summary = lines.gather(s).str.strip_chars(BLANK)
        caption = pl.Series("caption", [None] * len(run), dtype=pl.String)
        glued = np.flatnonzero(summary.str.slice(0, 160).str.contains(_GLUE).to_numpy())
        if len(glued):
            pairs = zip(summary.gather(glued).to_list(), title.gather(glued).to_list(), strict=True)
            splits = [captions.split_caption(text, head) for text, head in pairs]
            caption = caption.scatter(glued, [cap for cap, _ in splits])
            summary = summary.scatter(glued, [rest for _, rest in splits])
        first_line = self.line
        for k in np.flatnonzero((authors == "").to_numpy() | notes).tolist():
            line = first_line + run[k].byline
            if not authors[k]:
                self.notes.append(Diagnostic(self.source, line, "byline has no author"))
            self.notes.extend(Diagnostic(self.source, line, n) for n in self.date_notes[k])
        return pl.DataFrame(
            {
                "title": title,
                "author": authors,
                "date": pl.Series(dates, dtype=pl.Int32),
                "date_text": pl.Series(texts, dtype=pl.String),
                "caption": caption,
                "summary": summary,
                "section": pl.repeat(self.section, len(run), dtype=pl.String, eager=True),
                "source": pl.repeat(self.source, len(run), dtype=pl.String, eager=True),
                "line": t + first_line,
            }
        ).cast(pl.Schema(DISPLAY))

    def _dates(
        self, keys: list[tuple[Any, ...]]
    ) -> tuple[list[int | None], list[str], np.ndarray[Any, Any]]:
        """Each byline's date (ordinal), date as written and whether it has
        notes (kept in ``date_notes``), read once per distinct date."""
        dates: list[int | None] = []
        texts: list[str] = []
        noted: list[bool] = []
        self.date_notes = []
        for key in keys:
            date, text, notes = _date(key)
            dates.append(date)
            texts.append(text)
            noted.append(bool(notes))
            self.date_notes.append(notes)
        return dates, texts, np.asarray(noted, dtype=np.bool_)


def _date(key: tuple[str, ...]) -> tuple[int | None, str, tuple[str, ...]]:
    found = _DATES.get(key)
    if found is None:
        if len(_DATES) >= _MAX_DATES:
            _DATES.clear()
        date, text, notes = _read_date(*key)
        found = _DATES[key] = (date.toordinal() if date else None, text, notes)
    return found


def _from_articles(articles: Sequence[Article]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "title": [a.title for a in articles],
            "author": [a.author for a in articles],
            "date": [a.date.toordinal() if a.date else None for a in articles],
            "date_text": [a.date_text for a in articles],
            "caption": [a.caption for a in articles],
            "summary": [a.summary for a in articles],
            "section": [a.section for a in articles],
            "source": [a.source for a in articles],
            "line": [a.line for a in articles],
        },
        schema=DISPLAY,
    )
