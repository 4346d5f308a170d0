"""A cold parse straight into corpus columns (prototype). Pure: no Textual.

:func:`parse_columns` gives exactly what :func:`tui.listing.parse_text` gives,
as a frame of display columns (see :data:`tui.corpus.DISPLAY`) and the
diagnostics, without building an :class:`~tui.listing.Article` per article.
The text is split into lines once; per-line tests (empty, clean, a byline)
run in Rust over the whole column; the articles the listing parser would
build on its fast path (title, one blank line, byline, blank lines, a
one-line summary, between cuts) are found from those flags and their fields
gathered as columns; every other piece goes through the general parser,
exactly as :func:`tui.listing._parse_span` decides.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from tui.captions import split_caption
from tui.corpus import DISPLAY
from tui.listing import (
    _BYLINE_GROUPS,
    BYLINE,
    Article,
    Diagnostic,
    _line_ends,
    _parse_piece,
    _parse_whole,
    _read_date,
)
from tui.text import _SPACES, _UNSAFE

# A line sanitising would change (or a tab/separator it would turn to a space),
# in Rust's syntax.
_DIRTY = (
    "["
    + re.sub(r"\\u([0-9a-f]{4})", r"\\x{\1}", _UNSAFE.pattern[1:-1])
    + "".join(f"\\x{{{ord(c):x}}}" for c in map(chr, _SPACES))
    + "]"
)
# Dates read so far, by their groups.
_DATES: dict[tuple[str, ...], tuple[Any, str, tuple[str, ...]]] = {}
_MAX_DATES = 100_000


@dataclass(slots=True)
class _Lines:
    """The text's lines and the per-line facts the fast path needs."""

    lines: pl.Series
    starts: np.ndarray[Any, Any]  # character offset of each line
    empty: np.ndarray[Any, Any]


def _scan(text: str) -> _Lines:
    raw = text.split("\n")
    lengths = np.fromiter(map(len, raw), dtype=np.int64, count=len(raw))
    starts = np.concatenate(([0], np.cumsum(lengths + 1)[:-1]))
    return _Lines(pl.Series(raw, dtype=pl.String), starts, lengths == 0)


@dataclass(slots=True)
class _Candidate:
    """One match of the listing parser's article pattern (line numbers 0-based)."""

    title: int
    byline: int
    summary: int
    end: int  # the first non-empty line after the match (count: none)
    strict: bool
    ok: bool  # title and summary usable (non-empty, not dirty)


def _starts_writby(lines: pl.Series) -> pl.Series:
    return lines.str.strip_chars_start().str.starts_with("Written by")


def _candidates(scan: _Lines) -> list[_Candidate]:
    """The article pattern's matches, in order and non-overlapping, as
    ``finditer`` finds them: a clean title line after a blank line (two
    newlines before it), blank lines, a clean byline, blank lines, a one-line
    summary, then blank lines or the end."""
    lines, empty = scan.lines, scan.empty
    count = len(empty)
    at = np.arange(count)
    before = np.maximum.accumulate(np.where(empty, -1, at))  # last non-empty <= i
    after = np.minimum.accumulate(np.where(empty, count, at)[::-1])[::-1]  # first >= i
    written = np.flatnonzero(lines.str.starts_with("Written by").to_numpy())
    bylines = lines.gather(written)
    whole = bylines.str.contains("^" + BYLINE.pattern + "$") & ~bylines.str.contains(_DIRTY)
    b = written[whole.to_numpy()]
    b = b[(b >= 3) & (b + 1 < count)]
    t = before[b - 1]
    s = after[np.minimum(b + 1, count - 1)]
    keep = (t >= 2) & (t < b - 1) & (s > b + 1) & (s < count)
    b, t, s = b[keep], t[keep], s[keep]
    keep = empty[t - 1] & ((s + 1 == count) | empty[np.minimum(s + 1, count - 1)])
    b, t, s = b[keep], t[keep], s[keep]
    titles, summaries = lines.gather(t), lines.gather(s)
    keep = (
        ~titles.str.contains(_DIRTY) & ~_starts_writby(titles) & ~_starts_writby(summaries)
    ).to_numpy()
    b, t, s = b[keep], t[keep], s[keep]
    titles, summaries = titles.filter(keep), summaries.filter(keep)
    ok = (
        (titles.str.strip_chars().str.len_bytes() > 0)
        & (summaries.str.strip_chars().str.len_bytes() > 0)
        & ~summaries.str.contains(_DIRTY)
    ).to_numpy()
    end = after[np.minimum(s + 1, count - 1)]
    end = np.where(s + 1 >= count, count, end)
    strict = t == b - 2
    found: list[_Candidate] = []
    last_end = -1
    columns = (t.tolist(), b.tolist(), s.tolist(), end.tolist(), strict.tolist(), ok.tolist())
    for row in zip(*columns, strict=True):
        if row[0] < last_end:
            continue  # inside the previous match: finditer has moved past it
        found.append(_Candidate(*row))
        last_end = row[3]
    return found


def parse_columns(text: str, source: str = "<text>") -> tuple[pl.DataFrame, list[Diagnostic]]:
    """The display columns and diagnostics :func:`tui.listing.parse_text` gives."""
    text = _line_ends(text)
    scan = _scan(text)
    cands = _candidates(scan)
    plan = _Plan(text, source, scan)
    head = True
    pos = 0  # a line: lines[:pos] are parsed; pos is a cut
    run: list[_Candidate] = []
    for cand in cands:
        if not cand.strict and (not run or run[-1].end != cand.title):
            continue
        if not cand.ok:
            continue
        if cand.strict:
            if head:
                head = False
                continue
            if cand.title > pos:
                pos = plan.settle(pos, cand.title, run)
            run = []
        run.append(cand)
    plan.settle(pos, len(scan.empty), run, last=True)
    return plan.frame(), sorted(plan.notes, key=lambda d: d.line)


class _Plan:
    """Pieces in order: fast runs (gathered) or general parses (articles)."""

    def __init__(self, text: str, source: str, scan: _Lines) -> None:
        self.text, self.source, self.scan = text, source, scan
        self.section = ""
        self.parts: list[tuple[str, Any]] = []
        self.notes: list[Diagnostic] = []

    def settle(self, pos: int, cut: int, run: list[_Candidate], last: bool = False) -> int:
        """Keep ``run`` if it covers lines ``[pos, cut)`` exactly, else parse them."""
        end = len(self.text) if last else int(self.scan.starts[cut])
        if run and run[-1].end == cut:
            self.parts.append(("fast", list(run)))
            return cut
        start = int(self.scan.starts[pos]) if pos < len(self.scan.starts) else len(self.text)
        if pos == 0:
            listing = _parse_whole(self.text[:end], self.source)
            self.section = listing.section
        else:
            listing = _parse_piece(self.text[start:end], self.source, pos + 1, self.section)
        self.parts.append(("slow", listing.articles))
        self.notes.extend(listing.diagnostics)
        return cut

    def frame(self) -> pl.DataFrame:
        """Every piece's articles in document order: the fast ones gathered in
        one go, the general parser's converted, then interleaved by place."""
        fast: list[_Candidate] = []
        slow: list[Article] = []
        fast_at: list[int] = []
        slow_at: list[int] = []
        place = 0
        for kind, items in self.parts:
            target, where = (fast, fast_at) if kind == "fast" else (slow, slow_at)
            target.extend(items)
            where.extend(range(place, place + len(items)))
            place += len(items)
        frame = pl.concat([self._fast(fast), _from_articles(slow)], how="vertical")
        order = np.empty(place, dtype=np.int64)
        order[np.asarray(fast_at + slow_at, dtype=np.int64)] = np.arange(place)
        return frame[order] if place else frame

    def _fast(self, run: Sequence[_Candidate]) -> pl.DataFrame:
        """The articles of fast runs, their fields gathered from the lines."""
        lines = self.scan.lines
        rows = pl.DataFrame(
            {
                "t": [c.title for c in run],
                "b": [c.byline for c in run],
                "s": [c.summary for c in run],
            },
            schema={"t": pl.Int64, "b": pl.Int64, "s": pl.Int64},
        )
        byline = lines.gather(rows["b"]).str.extract_groups("^" + BYLINE.pattern + "$")
        fields = byline.struct.unnest().with_columns(pl.col("author").fill_null(""))
        dates = self._dates(fields.select(_BYLINE_GROUPS))
        summary = lines.gather(rows["s"]).str.strip_chars()
        captions = pl.Series("caption", [None] * len(run), dtype=pl.String)
        glued = np.flatnonzero(
            summary.str.slice(0, 160).str.contains("[a-z0-9][A-Z][a-z]").to_numpy()
        )
        if len(glued):
            splits = [split_caption(text) for text in summary.gather(glued).to_list()]
            captions = captions.scatter(glued, [c for c, _ in splits])
            summary = summary.scatter(glued, [rest for _, rest in splits])
        frame = pl.DataFrame(
            {
                "title": lines.gather(rows["t"]).str.strip_chars(),
                "author": fields["author"],
                "date": dates["date"],
                "date_text": dates["date_text"],
                "caption": captions,
                "summary": summary,
                "section": pl.Series([self.section], dtype=pl.String).extend_constant(
                    self.section, len(run) - 1
                )
                if run
                else pl.Series([], dtype=pl.String),
                "source": pl.repeat(self.source, len(run), dtype=pl.String, eager=True),
                "line": rows["t"] + 1,
            },
        ).cast(pl.Schema(DISPLAY))
        # Diagnostics, for the few articles that have any.
        noted = np.flatnonzero(
            ((fields["author"] == "") | (dates["notes"].list.len() > 0)).to_numpy()
        )
        for k in noted.tolist():
            line = run[k].byline + 1
            if not fields["author"][k]:
                self.notes.append(Diagnostic(self.source, line, "byline has no author"))
            self.notes.extend(Diagnostic(self.source, line, n) for n in dates["notes"][k])
        return frame

    def _dates(self, keys: pl.DataFrame) -> pl.DataFrame:
        """Each byline's date, date as written and notes, read once per distinct date."""
        distinct = keys.unique(maintain_order=False)
        read = [_date(key) for key in distinct.iter_rows()]
        table = distinct.with_columns(
            pl.Series("date", [d.toordinal() if d else None for d, _, _ in read], dtype=pl.Int32),
            pl.Series("date_text", [t for _, t, _ in read], dtype=pl.String),
            pl.Series("notes", [list(n) for _, _, n in read], dtype=pl.List(pl.String)),
        )
        return keys.join(table, on=list(keys.columns), how="left", maintain_order="left")


def _date(key: tuple[str, ...]) -> tuple[Any, str, tuple[str, ...]]:
    found = _DATES.get(key)
    if found is None:
        if len(_DATES) >= _MAX_DATES:
            _DATES.clear()
        found = _DATES[key] = _read_date(*key)
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
