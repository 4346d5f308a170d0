"""The query's syntax tree and what each leaf means on one folded field. Pure.

The parser (:mod:`tui.query_parse`) builds these nodes; the engine
(:mod:`tui.engine`) compiles them to column tests, the reference evaluator
(:mod:`tui.query_eval`) decides them article by article.  A leaf knows how to
test and highlight *one field's* folded text (highlighting, and the engine's
Python fallback, use that).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as attribute
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.query_regex import UserPattern

# The searched fields (their layout is tui.searchtext's).
from tui.searchtext import FIELDS, FUZZY_FIELDS, SECTION

__all__ = ["FIELDS", "FUZZY_FIELDS", "SECTION"]


class QueryError(ValueError):
    """A query that does not parse: ``message`` says what, ``position`` where."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} at {position}")
        self.message = message
        self.position = position


@dataclass(frozen=True, slots=True)
class Text:
    """A text condition on one field (``field``) or on any of :data:`FIELDS` (None).

    ``kind`` is ``substring`` (plain words and quoted phrases), ``word`` (a
    whole word, ``'word``), ``regex`` (``/pattern/``) or ``fuzzy`` (``~abc``:
    the letters in order).  ``start``/``end`` anchor a substring or word at the
    field's start/end (``^The``, ``1917$``).  ``text`` is folded (for a regex:
    the folded pattern source); a ``phrase`` is several words, adjacent in
    the field however much whitespace separates them there.
    """

    field: str | None
    kind: str
    text: str
    start: bool = False
    end: bool = False
    phrase: bool = False
    position: int = attribute(default=0, compare=False)
    # The compiled per-field pattern for word and anchored leaves (``re``:
    # built from escaped literals, so it cannot backtrack badly).
    pattern: re.Pattern[str] | None = attribute(default=None, compare=False, repr=False)
    # A ``/…/`` leaf's user pattern, on the engine that can be stopped.
    regex: UserPattern | None = attribute(default=None, compare=False, repr=False)

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields this leaf looks at."""
        if self.field is not None:
            return (self.field,)
        return FUZZY_FIELDS if self.kind == "fuzzy" else FIELDS

    @property
    def plain(self) -> bool:
        """A bare substring: one ``in`` (one literal ``contains`` per column)."""
        return self.kind == "substring" and not (self.start or self.end or self.phrase)

    def match(self, text: str) -> bool:
        """True when this leaf matches one folded field's ``text``."""
        if self.plain:
            return self.text in text
        if self.kind == "fuzzy":
            return subsequence(self.text, text) is not None
        if self.regex is not None:
            return self.regex.search(text)
        assert self.pattern is not None
        return self.pattern.search(text) is not None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where this leaf matches one folded field's ``text`` (for highlighting)."""
        if self.kind == "fuzzy":
            return [(p, p + 1) for p in subsequence(self.text, text) or ()]
        if self.plain:
            if not self.text:
                return []
            found: list[tuple[int, int]] = []
            start = text.find(self.text)
            while start != -1:
                found.append((start, start + len(self.text)))
                start = text.find(self.text, start + 1)
            return found
        if self.regex is not None:
            return self.regex.spans(text)
        assert self.pattern is not None
        return [m.span() for m in self.pattern.finditer(text) if m.end() > m.start()]


def text_pattern(kind: str, text: str, start: bool, end: bool) -> re.Pattern[str]:
    """The per-field regex of a word, phrase or anchored leaf (``\\A``/``\\Z`` =
    field edges).  Words of a phrase are separated by any run of whitespace."""
    body = r"\s+".join(map(re.escape, text.split(" ")))
    if kind == "word":
        # A literal first lets the regex engine skip ahead to it (fast); a
        # lookbehind of variable width (a phrase) has to come first.
        before = rf"(?<!\w{body})" if " " not in text else ""
        body = (rf"{body}{before}" if before else rf"(?<!\w){body}") + r"(?!\w)"
    return re.compile(("\\A" if start else "") + body + ("\\Z" if end else ""))


def subsequence(term: str, text: str) -> list[int] | None:
    """Positions of ``term``'s characters in order in ``text`` (tight, fzf-style), or None.

    The leftmost embedding's end is found forwards, then the start is pulled
    as far right as possible backwards, so highlights cover the closest run.
    """
    if not term:
        return []
    pos = -1
    for char in term:
        pos = text.find(char, pos + 1)
        if pos < 0:
            return None
    end = pos
    for char in reversed(term[:-1]):
        pos = text.rfind(char, 0, pos)
    places = [pos]
    for char in term[1:]:
        places.append(text.find(char, places[-1] + 1))
    assert places[-1] <= end
    return places


@dataclass(frozen=True, slots=True)
class Dates:
    """Articles dated within ``[low, high]`` (proleptic ordinals; None = open).

    Undated articles never match a date condition.
    """

    low: int | None
    high: int | None
    position: int = attribute(default=0, compare=False)

    def match_ordinal(self, ordinal: int | None) -> bool:
        """True for a date (as ``toordinal()``) inside the range."""
        if ordinal is None:
            return False
        return (self.low is None or ordinal >= self.low) and (
            self.high is None or ordinal <= self.high
        )


@dataclass(frozen=True, slots=True)
class Not:
    """Articles that ``child`` does not match."""

    child: Node


@dataclass(frozen=True, slots=True)
class And:
    """Articles every child matches (no children: every article)."""

    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """Articles at least one child matches."""

    children: tuple[Node, ...]


Node = Text | Dates | Not | And | Or
ALL = And(())


def positive_leaves(node: Node) -> list[Text | Dates]:
    """Leaves not under a negation: these are what a match is made of."""
    if isinstance(node, Not):
        return []
    if isinstance(node, And | Or):
        return [leaf for child in node.children for leaf in positive_leaves(child)]
    return [node]
