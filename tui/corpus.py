"""The corpus: every loaded article as immutable columns. Pure: no Textual.

A :class:`Corpus` never changes once built: loading a batch makes a *new*
corpus (the frames are concatenated without copying their chunks), so a
worker searching one corpus can never see a half-built one, and the UI
thread swaps in the new corpus whole.  The columns are the articles' display
fields plus one folded search column per searchable field (see
:mod:`tui.searchtext`, which owns that layout).

polars is imported here at module level: the app imports this module in its
loader worker (after the first frame), the CLI when it loads listings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

import polars as pl

from tui.listing import Article, Diagnostic, Listing
from tui.searchtext import SEARCHABLE, SHORT, add_folded, folded
from tui.text import cell_width, is_safe, sanitize

# The display columns, in the order an :class:`Article` takes them.
DISPLAY: dict[str, pl.DataType] = {
    "title": pl.String(),
    "author": pl.String(),
    "date": pl.Int32(),  # the proleptic ordinal day (date.toordinal()), or null
    "date_text": pl.String(),
    "caption": pl.String(),  # null when the article has none
    "summary": pl.String(),
    "section": pl.String(),
    "source": pl.String(),
    "line": pl.Int32(),
}
SCHEMA: dict[str, pl.DataType] = (
    DISPLAY | {folded(name): pl.String() for name in SEARCHABLE} | {SHORT: pl.String()}
)
_NAMES = tuple(DISPLAY)
_TEXT = tuple(name for name, dtype in DISPLAY.items() if dtype == pl.String())
# Bytes that can never start an unsafe character.
_ALLOWED = b"\t\n" + bytes(range(32, 127))


@dataclass(frozen=True, eq=False)
class Corpus:
    """Articles as columns (``frame``), the loading diagnostics and the
    section names, in load order.  ``alphabet`` holds every character the
    folded columns may contain (ASCII included), or None if not known.
    ``trusted`` is False for text read from a cache entry: every string
    leaving the corpus is then re-sanitised."""

    frame: pl.DataFrame
    diagnostics: tuple[Diagnostic, ...] = ()
    sections: tuple[str, ...] = ()
    alphabet: frozenset[str] | None = None
    trusted: bool = True
    # Derived data (ranks, orders, checks): pure functions of the columns,
    # so any thread may fill it; two computations would agree.
    _memo: dict[str, object] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if self.frame.schema != pl.Schema(SCHEMA):
            raise ValueError(f"corpus columns differ from the schema: {self.frame.schema}")

    def __len__(self) -> int:
        return self.frame.height

    @classmethod
    def empty(cls) -> Corpus:
        """No articles."""
        return cls(pl.DataFrame(schema=SCHEMA), alphabet=frozenset())

    @classmethod
    def from_articles(
        cls,
        articles: Sequence[Article],
        diagnostics: Iterable[Diagnostic] = (),
        sections: Iterable[str] = (),
    ) -> Corpus:
        """A corpus of parsed ``articles`` (their folded columns computed here)."""
        columns: dict[str, list[object]] = {
            "title": [a.title for a in articles],
            "author": [a.author for a in articles],
            "date": [a.date.toordinal() if a.date else None for a in articles],
            "date_text": [a.date_text for a in articles],
            "caption": [a.caption for a in articles],
            "summary": [a.summary for a in articles],
            "section": [a.section for a in articles],
            "source": [a.source for a in articles],
            "line": [a.line for a in articles],
        }
        return cls.from_columns(pl.DataFrame(columns, schema=DISPLAY), diagnostics, sections)

    @classmethod
    def from_columns(
        cls,
        frame: pl.DataFrame,
        diagnostics: Iterable[Diagnostic] = (),
        sections: Iterable[str] = (),
    ) -> Corpus:
        """A corpus of display columns (as :data:`DISPLAY`), folded here."""
        full, alphabet = add_folded(frame.select(_NAMES))
        return cls(full, tuple(diagnostics), _unique(sections), alphabet)

    @classmethod
    def from_listings(cls, listings: Iterable[Listing]) -> Corpus:
        """One corpus of several parsed listings, in order."""
        listings = list(listings)
        return cls.from_articles(
            [a for listing in listings for a in listing.articles],
            [d for listing in listings for d in listing.diagnostics],
            [listing.section for listing in listings],
        )

    def extend(self, other: Corpus) -> Corpus:
        """A new corpus: this one's articles then ``other``'s (no column is
        copied: the frames' chunks are shared)."""
        if not len(other) and not other.diagnostics and not other.sections:
            return self
        if not len(self) and not self.diagnostics and not self.sections:
            return other
        frame = pl.concat([self.frame, other.frame], how="vertical", rechunk=False)
        alphabet = (
            None
            if self.alphabet is None or other.alphabet is None
            else self.alphabet | other.alphabet
        )
        return Corpus(
            frame,
            self.diagnostics + other.diagnostics,
            _unique((*self.sections, *other.sections)),
            alphabet,
            self.trusted and other.trusted,
        )

    # -- reading articles --------------------------------------------------

    def article(self, index: int) -> Article:
        """Article ``index`` as the parser made it."""
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        row = self.frame.row(index, named=False)[: len(_NAMES)]
        return _article(row if self.trusted else tuple(map(_clean, row)))

    def display(self, indices: Sequence[int] | object) -> pl.DataFrame:
        """The display columns of the rows at ``indices`` (any integer sequence
        or numpy array), in that order, safe to show."""
        picked = self.frame.select(_NAMES)[indices]  # type: ignore[index]
        if self.trusted or all_safe(picked[name] for name in _TEXT):
            return picked
        return picked.with_columns(
            pl.col(name).map_elements(_clean, return_dtype=pl.String) for name in _TEXT
        )

    def take(self, indices: Sequence[int] | object) -> list[Article]:
        """The articles at ``indices``, in that order."""
        return [_article(row) for row in self.display(indices).iter_rows()]

    @property
    def articles(self) -> Articles:
        """All articles as a read-only sequence, built on access (one object
        per corpus, so that widgets can tell a new corpus from the same one)."""
        found = self._memo.get("articles")
        if not isinstance(found, Articles):
            found = self._memo["articles"] = Articles(self)
        return found

    def author_cells(self) -> int:
        """The widest author name, in terminal cells (each distinct name measured once)."""
        found = self._memo.get("author_cells")
        if not isinstance(found, int):
            names = self.frame["author"].unique().to_list()
            found = self._memo["author_cells"] = max(map(cell_width, names), default=0)
        return found

    def folded(self, name: str) -> pl.Series:
        """The folded search column of field ``name``."""
        return self.frame[folded(name)]


def _article(row: tuple[object, ...]) -> Article:
    title, author, date, date_text, caption, summary, section, source, line = row
    return Article(
        title,  # type: ignore[arg-type]
        author,  # type: ignore[arg-type]
        None if date is None else dt.date.fromordinal(date),  # type: ignore[arg-type]
        date_text,  # type: ignore[arg-type]
        caption,  # type: ignore[arg-type]
        summary,  # type: ignore[arg-type]
        section,  # type: ignore[arg-type]
        source,  # type: ignore[arg-type]
        line,  # type: ignore[arg-type]
    )


def _clean(value: object) -> object:
    """A value read from an untrusted corpus, made safe to show."""
    return sanitize(value)[0] if isinstance(value, str) else value


def all_safe(columns: Iterable[pl.Series]) -> bool:
    """True when no value of the string ``columns`` holds a control, escape
    or bidi character (as :func:`tui.text.is_safe`), checked in bulk:
    printable ASCII bytes are deleted in one C pass, and what is left must be
    whole non-ASCII characters that are safe."""
    for column in columns:
        joined = column.drop_nulls().str.join("").cast(pl.Binary).item()
        if not joined:
            continue
        rest = joined.translate(None, _ALLOWED)
        if rest and (min(rest) < 0x80 or not is_safe(rest.decode())):
            return False
    return True


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    """Non-empty names, first occurrence kept, in order."""
    return tuple(dict.fromkeys(name for name in names if name))


class Articles(Sequence[Article]):
    """A corpus' articles as a sequence (what widgets and exporters read)."""

    __slots__ = ("_corpus",)

    def __init__(self, corpus: Corpus) -> None:
        self._corpus = corpus

    def __len__(self) -> int:
        return len(self._corpus)

    @overload
    def __getitem__(self, index: int) -> Article: ...

    @overload
    def __getitem__(self, index: slice) -> list[Article]: ...

    def __getitem__(self, index: int | slice) -> Article | list[Article]:
        if isinstance(index, slice):
            return self._corpus.take(range(*index.indices(len(self))))
        return self._corpus.article(index)

    def __iter__(self) -> Iterator[Article]:
        for row in self._corpus.display(slice(None)).iter_rows():
            yield _article(row)
