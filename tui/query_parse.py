"""Parse query text into a node tree (:mod:`tui.query_nodes`). Pure: no Textual.

Recursive descent straight over the typed text, so every error can say where
(a 0-based index into what the user typed).  Grammar, loosest first::

    query  := and_expr
    and    := or_expr*                      (juxtaposition is AND)
    or     := unary ('|' unary)*            (binds tighter than AND, as in fzf)
    unary  := ('-' | '!' | 'NOT ') unary | '(' and ')' | term
    term   := [field ':'] value
    value  := '~'fuzzy | '/'regex'/' | ["'"] ['^'] (word | "phrase") ['$']

A lone ``-``, ``!``, ``'``, ``^``, ``~`` or ``$`` is an ordinary character.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from tui.query_nodes import (
    ALL,
    SECTION,
    And,
    Dates,
    Node,
    Not,
    Or,
    QueryError,
    Text,
    text_pattern,
)
from tui.query_regex import compile_pattern
from tui.text import fold, fold_char

ALIASES = {
    "title": "title",
    "t": "title",
    "author": "author",
    "a": "author",
    "by": "author",
    "summary": "summary",
    "s": "summary",
    "caption": "caption",
    "section": SECTION,
    "date": "date",
    "year": "year",
}
_FIELD = re.compile(r"([A-Za-z]+):")
# Characters that end a word outside quotes and regexes.
_STOP = frozenset("()|")
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\Z")
_YEAR = re.compile(r"\d{4}\Z")
# Groups and negations nest at most this deep (the parser recurses on them).
MAX_DEPTH = 64


def is_quote(char: str) -> bool:
    """Straight and typographic double quotes all delimit a phrase."""
    return fold_char(char) == '"'


class _Parser:
    def __init__(self, text: str) -> None:
        self.s = text
        self.i = 0
        self.depth = 0  # groups and negations open around the position

    # -- helpers -----------------------------------------------------------

    def at_end(self, offset: int = 0) -> bool:
        return self.i + offset >= len(self.s)

    def ends_term(self, offset: int = 0) -> bool:
        """True when position ``i + offset`` cannot continue a term."""
        if self.at_end(offset):
            return True
        char = self.s[self.i + offset]
        return char.isspace() or char in _STOP

    def skip_space(self) -> None:
        while not self.at_end() and self.s[self.i].isspace():
            self.i += 1

    def word(self) -> str:
        """Read up to whitespace or a parenthesis or ``|``."""
        start = self.i
        while not self.ends_term():
            self.i += 1
        return self.s[start : self.i]

    # -- grammar -----------------------------------------------------------

    def query(self) -> Node:
        return _and(self.sequence(None))

    def sequence(self, open_at: int | None) -> list[Node]:
        """ANDed items up to the end, or up to the ``)`` closing ``open_at``."""
        items: list[Node] = []
        while True:
            self.skip_space()
            if self.at_end():
                if open_at is not None:
                    raise QueryError("unclosed parenthesis", open_at)
                return items
            char = self.s[self.i]
            if char == ")":
                if open_at is None:
                    raise QueryError("unmatched ')'", self.i)
                return items
            if char == "|":
                raise QueryError("missing term before '|'", self.i)
            items.append(self.alternatives())

    def alternatives(self) -> Node:
        options = [self.unary()]
        while True:
            back = self.i
            self.skip_space()
            if self.at_end() or self.s[self.i] != "|":
                self.i = back
                break
            bar = self.i
            self.i += 1
            self.skip_space()
            if self.at_end() or self.s[self.i] in ")|":
                raise QueryError("missing term after '|'", bar)
            options.append(self.unary())
        return Or(tuple(options)) if len(options) > 1 else options[0]

    def unary(self) -> Node:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise QueryError("nested too deeply", self.i)
            return self._unary()
        finally:
            self.depth -= 1

    def _unary(self) -> Node:
        start = self.i
        char = self.s[start]
        if char in "-!" and not self.at_end(1) and not self.s[start + 1].isspace():
            if self.s[start + 1] in ")|":
                return self.term()
            self.i += 1
            return Not(self.unary())
        if self.s.startswith("NOT", start) and (
            self.at_end(3) or self.s[start + 3].isspace() or self.s[start + 3] == "("
        ):
            self.i += 3
            self.skip_space()
            if self.at_end() or self.s[self.i] in ")|":
                raise QueryError("nothing to negate after NOT", start)
            return Not(self.unary())
        if char == "(":
            self.i += 1
            items = self.sequence(start)
            self.i += 1  # the closing parenthesis
            if not items:
                raise QueryError("empty group", start)
            return _and(items)
        return self.term()

    def term(self) -> Node:
        start = self.i
        match = _FIELD.match(self.s, start)
        field: str | None = None
        if match:
            field = ALIASES.get(match.group(1).lower())
            if field is None:
                raise QueryError(f"unknown field {match.group(1)!r}", start)
            self.i = match.end()
            if self.ends_term():
                raise QueryError(f"missing value after {match.group(0)!r}", start)
            if field in ("date", "year"):
                return self.dates(field == "year")
        return self.value(field, start)

    def value(self, field: str | None, start: int) -> Text:
        s = self.s
        if s[self.i] == "~" and not self.ends_term(1):
            self.i += 1
            at = self.i
            return Text(field, "fuzzy", fold(self.word()), position=at)
        if s[self.i] == "/":
            return self.regex(field)
        kind = "substring"
        if s[self.i] == "'" and not self.ends_term(1):
            kind = "word"
            self.i += 1
        anchored = s[self.i] == "^" and not self.ends_term(1)
        if anchored:
            self.i += 1
        at = self.i
        if is_quote(s[self.i]):
            text, ended = self.phrase(), False
            if not self.at_end() and s[self.i] == "$":
                self.i += 1
                ended = True
        else:
            raw = self.word()
            ended = len(raw) > 1 and raw.endswith("$")
            text = " ".join(fold(raw[:-1] if ended else raw).split())
        if not text and (kind != "substring" or anchored or ended):
            raise QueryError("empty term", start)
        phrase = " " in text
        if kind == "substring" and not (anchored or ended or phrase):
            return Text(field, kind, text, position=at)
        pattern = text_pattern(kind, text, anchored, ended)
        return Text(field, kind, text, anchored, ended, phrase, position=at, pattern=pattern)

    def phrase(self) -> str:
        """A quoted phrase, folded, its whitespace runs made single spaces."""
        opened = self.i
        self.i += 1
        while not self.at_end() and not is_quote(self.s[self.i]):
            self.i += 1
        if self.at_end():
            raise QueryError("unclosed quote", opened)
        inner = self.s[opened + 1 : self.i]
        self.i += 1
        text = " ".join(fold(inner).split())
        if not text:
            raise QueryError("empty phrase", opened)
        return text

    def regex(self, field: str | None) -> Text:
        opened = self.i
        self.i += 1
        parts: list[str] = []
        while not self.at_end() and self.s[self.i] != "/":
            step = 2 if self.s[self.i] == "\\" and not self.at_end(1) else 1
            chunk = self.s[self.i : self.i + step]
            parts.append("/" if chunk == "\\/" else chunk)
            self.i += step
        if self.at_end():
            raise QueryError("unclosed regex", opened)
        self.i += 1
        source = "".join(parts)
        if not source:
            raise QueryError("empty regex", opened)
        # Matched against folded text: fold what ASCII IGNORECASE cannot.
        folded = "".join(c if c.isascii() else fold_char(c) for c in source)
        pattern = compile_pattern(folded, opened, source)
        return Text(field, "regex", folded, position=opened, regex=pattern)

    def dates(self, year_only: bool) -> Dates:
        """``date:`` / ``year:`` values: a period, a comparison or a range."""
        at = self.i
        raw = self.word()
        kind = "year" if year_only else "date"
        for op in (">=", "<=", ">", "<", "="):
            if raw.startswith(op):
                first, last = self.period(raw[len(op) :], at + len(op), kind)
                low = {">=": first, ">": last + 1, "=": first}.get(op)
                high = {"<=": last, "<": first - 1, "=": last}.get(op)
                return Dates(low, high, at)
        if ".." in raw or (year_only and re.fullmatch(r"\d{4}-\d{4}", raw)):
            split = raw.index("..") if ".." in raw else 4
            gap = 2 if ".." in raw else 1
            left, right = raw[:split], raw[split + gap :]
            if not left and not right:
                raise QueryError(f"missing {kind} in range", at)
            low = self.period(left, at, kind)[0] if left else None
            high = self.period(right, at + split + gap, kind)[1] if right else None
            if low is not None and high is not None and low > high:
                raise QueryError(f"empty {kind} range {raw!r}", at)
            return Dates(low, high, at)
        first, last = self.period(raw, at, kind)
        return Dates(first, last, at)

    @staticmethod
    def period(text: str, at: int, kind: str) -> tuple[int, int]:
        """First and last day (ordinals) of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
        match = (_YEAR if kind == "year" else _DATE).match(text)
        if not text:
            raise QueryError(f"missing {kind}", at)
        if match is None:
            raise QueryError(f"bad {kind} {text!r}", at)
        year = int(text[:4])
        month = int(match.group(2)) if kind == "date" and match.group(2) else None
        day = int(match.group(3)) if kind == "date" and match.group(3) else None
        try:
            first = dt.date(year, 1 if month is None else month, 1 if day is None else day)
            if day is not None:
                last = first
            else:
                last_month = 12 if month is None else month
                last = dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
        except ValueError:
            raise QueryError(f"bad {kind} {text!r}", at) from None
        return first.toordinal(), last.toordinal()


def _and(items: list[Node]) -> Node:
    """One AND node, nested ANDs flattened (``(a b) c`` is ``a b c``)."""
    flat: list[Node] = []
    for item in items:
        flat.extend(item.children if isinstance(item, And) else (item,))
    if len(flat) == 1:
        return flat[0]
    return And(tuple(flat)) if flat else ALL


def parse(text: str) -> Node:
    """Parse ``text``; raise :class:`QueryError` (what and where) when it cannot."""
    return _Parser(text).query()
