"""User patterns (``/…/`` terms) on an engine that can be stopped. Pure: no Textual.

Python's ``re`` backtracks without bound and holds the GIL while it does: one
pattern such as ``/(.*a){20}/`` froze the app for minutes and could not be
interrupted.  User patterns therefore run on the ``regex`` module (imported
only when a query has a ``/…/`` term), which releases the GIL while matching
and takes a ``timeout``.  Its syntax and semantics are those of ``re`` (its
VERSION0), and each pattern is first compiled by ``re`` so that errors read as
before.  Three limits stop a pattern, each a query error:

* a pattern whose repeats would expand to more than :data:`MAX_SIZE` items is
  "pattern too large" (``regex`` unrolls counted repeats when it compiles, so
  ``((a{1000}){1000}){10}`` would take seconds and gigabytes);
* one match attempt on one field taking over :data:`CALL_SECONDS` is "pattern
  too slow" (catastrophic backtracking);
* a search spending more than :data:`BASE_SECONDS` plus
  :data:`SECONDS_PER_CHAR` per character of the text it searched is "pattern
  too slow" too (a pattern merely slow on every field, e.g. ``(.)*(.)*(.)*z``,
  would otherwise take hours on a large archive).

A search also stops between chunks when its :class:`Budget`'s ``stop`` says so
(a newer keystroke or quit): :class:`SearchCancelled`.
"""

from __future__ import annotations

import functools
import importlib
import re
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from tui.query_nodes import QueryError

# One match attempt on one field (process CPU time, as ``regex`` counts it).
CALL_SECONDS = 0.05
# Highlighting gives up (no highlight, no error) after this, per field.
HIGHLIGHT_SECONDS = 0.02
# A whole search: this much, plus this per character searched.
BASE_SECONDS = 0.5
SECONDS_PER_CHAR = 1e-6
# Items a pattern's counted repeats may expand to.
MAX_SIZE = 10_000
# Budget and cancellation checks come about this often (thread CPU time):
# the candidates between two checks adapt to what the pattern costs.
CHECK_SECONDS = 0.01
MAX_CHUNK = 4096


class PatternTooSlow(QueryError):
    """A user pattern exceeded its time budget (a query error, like a typo)."""

    def __init__(self, position: int) -> None:
        super().__init__("pattern too slow", position)


class SearchCancelled(Exception):
    """The search was abandoned (its :class:`Budget`'s ``stop`` returned True)."""


class Budget:
    """What one search may still spend in user patterns, and whether to stop.

    ``stop`` is polled between chunks of candidates: a worker passes a
    function reading its own cancellation flag.
    """

    def __init__(self, stop: Callable[[], bool] | None = None) -> None:
        self.stop = stop
        self.spent = 0.0
        self.allowed = BASE_SECONDS

    def checkpoint(self) -> None:
        """Raise :class:`SearchCancelled` once the search has been abandoned."""
        if self.stop is not None and self.stop():
            raise SearchCancelled

    def charge(self, seconds: float, chars: int, position: int) -> None:
        """Account ``seconds`` spent matching ``chars`` characters."""
        self.spent += seconds
        self.allowed += chars * SECONDS_PER_CHAR
        if self.spent > self.allowed:
            raise PatternTooSlow(position)


def _size(items: Iterable[tuple[Any, Any]], parser: Any) -> int:
    """How many items ``re``'s parse tree expands to when counted repeats unroll."""
    total = 0
    for op, av in items:
        name = str(op)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, body = av
            times = high if high < parser.MAXREPEAT else max(low, 1)
            total += _size(body, parser) * max(times, 1)
        elif name == "SUBPATTERN":
            total += _size(av[3], parser)
        elif name == "BRANCH":
            total += sum(_size(branch, parser) for branch in av[1])
        elif name in ("ASSERT", "ASSERT_NOT"):
            total += _size(av[1], parser)
        elif name == "ATOMIC_GROUP":
            total += _size(av, parser)
        elif name == "GROUPREF_EXISTS":
            total += _size(av[1], parser) + (_size(av[2], parser) if av[2] else 0)
        else:
            total += 1
        if total > MAX_SIZE:
            return total
    return total


def _required_literal(items: Iterable[tuple[Any, Any]]) -> str | None:
    """The longest run of ASCII characters every match must contain, folded
    (from the pattern's top level), or None.  On folded text this is exact as
    a necessary condition: the characters ``regex`` matches case-insensitively
    with an ASCII one (``K`` and the Kelvin sign, ``ſ``, ``İ``) fold to it."""
    runs: list[str] = []
    run: list[str] = []
    for op, av in items:
        if str(op) == "LITERAL" and av < 128:
            run.append(chr(av).lower())
            continue
        runs.append("".join(run))
        run = []
    runs.append("".join(run))
    best = max(runs, key=len)
    return best or None


class UserPattern:
    """A compiled user pattern and the ways the query language runs it.
    ``literal``: a string every match contains, to skip fields quickly."""

    def __init__(
        self, source: str, position: int, compiled: Any, literal: str | None = None
    ) -> None:
        self.source = source
        self.position = position
        self.literal = literal
        self._compiled = compiled
        self._search = functools.partial(compiled.search, timeout=CALL_SECONDS)

    def __repr__(self) -> str:
        return f"UserPattern({self.source!r})"

    def search(self, text: str) -> bool:
        """One field: does the pattern match?  (Over :data:`CALL_SECONDS`: too slow.)"""
        try:
            return self._search(text) is not None
        except TimeoutError:
            raise PatternTooSlow(self.position) from None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Non-empty matches in ``text`` for highlighting; none once
        :data:`HIGHLIGHT_SECONDS` are spent (the UI never waits longer)."""
        try:
            return [
                m.span()
                for m in self._compiled.finditer(text, timeout=HIGHLIGHT_SECONDS)
                if m.end() > m.start()
            ]
        except TimeoutError:
            return []

    def select(
        self,
        candidates: Sequence[int],
        texts: Callable[[int], Iterable[str]],
        sizes: Callable[[int], int],
        budget: Budget,
    ) -> list[int]:
        """The candidates one of whose ``texts`` the pattern matches, in chunks
        charged to ``budget`` (``sizes`` gives each candidate's characters)."""
        plain, stop = self._search, budget.stop
        search: Callable[[str], Any] = plain
        if stop is not None:  # fields' costs vary widely: check before each

            def search(text: str) -> Any:
                if stop():
                    raise SearchCancelled
                return plain(text)

        kept: list[int] = []
        start, step = 0, 1
        while start < len(candidates):
            budget.checkpoint()
            part = candidates[start : start + step]
            start += step
            began = time.thread_time()
            try:
                kept += [i for i in part if any(map(search, texts(i)))]
            except TimeoutError:
                raise PatternTooSlow(self.position) from None
            spent = time.thread_time() - began
            budget.charge(spent, sum(map(sizes, part)), self.position)
            # Aim the next chunk at CHECK_SECONDS.
            grow = CHECK_SECONDS / spent if spent > 0 else 2.0
            step = max(1, min(MAX_CHUNK, int(step * min(grow, 2.0))))
        return kept


def compile_pattern(source: str, position: int, typed: str) -> UserPattern:
    """Compile a (folded) user pattern; ``typed`` is the source as typed, and
    ``position`` the index of its opening slash.  Errors are QueryErrors."""
    where_error = position
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # FutureWarning("Possible nested set")
            re.compile(source, re.IGNORECASE)
            parser: Any = importlib.import_module("re._parser")
            parsed = parser.parse(source, re.IGNORECASE)
            size = _size(parsed, parser)
            literal = _required_literal(parsed)
    except re.error as error:
        if len(source) == len(typed):
            where_error = position + 1 + (error.pos or 0)
        raise QueryError(f"bad regex ({error.msg})", where_error) from None
    except RecursionError:
        raise QueryError("bad regex (nested too deeply)", position) from None
    if size > MAX_SIZE:
        raise QueryError("pattern too large", position)
    import regex  # only a query with a /…/ term pays for it

    try:
        compiled = regex.compile(source, regex.IGNORECASE | regex.VERSION0)
    except (regex.error, RecursionError, OverflowError) as error:
        raise QueryError(f"bad regex ({getattr(error, 'msg', error)})", position) from None
    return UserPattern(source, position, compiled, literal)
