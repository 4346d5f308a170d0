"""A query tree compiled to one polars expression over a corpus' folded columns. Pure.

Each leaf becomes a vectorised test per folded column (a term without a
field: any of :data:`~tui.searchtext.FIELDS`), exactly as the brute-force
reference (:func:`tui.query_eval.matches_article`) defines it:

* a plain term: ``str.contains(literal=True)``; anchored: ``starts_with``,
  ``ends_with`` or equality;
* a phrase, a whole word, a fuzzy term: a generated Rust regex (words joined
  by ``\\s+``, a word between ``(?:^|\\W)`` and ``(?:\\W|$)``, fuzzy letters
  ``a.*b.*c``), valid only while Rust's ``\\s``/``\\w`` classify the corpus'
  characters as Python's do (checked on its alphabet);
* ``/regex/``: rewritten for Rust (:mod:`tui.engine_regex`) when it provably
  means the same on this corpus as on the user-pattern engine;
* dates: comparisons on the day-number column (undated never match).

A leaf that cannot run in Rust is a *fallback*: evaluated in Python per row
(a user pattern on its stoppable, budgeted engine; any other leaf by
``Text.match``) into a boolean column the expression reads.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl

from tui.corpus import Corpus
from tui.engine_regex import atoms_agree, rewrite
from tui.query_nodes import And, Dates, Node, Not, Or, Text
from tui.query_regex import Budget
from tui.searchtext import SEARCHABLE, SEP, SHORT, folded, folded_alphabet

_CODE = "\\x{{{:X}}}"
# Generated patterns use these classes: Rust's must agree with Python's.
_CLASSES = (("\\s", "\\s"), ("\\w", "\\w"), ("\\W", "\\W"))
_lock = threading.Lock()


def _codes(text: str) -> str:
    return "".join(_CODE.format(ord(char)) for char in text)


def _words(text: str) -> str:
    """A phrase's words (single spaces between) with any whitespace run between."""
    return "\\s+".join(_codes(word) for word in text.split(" "))


@dataclass(slots=True)
class Plan:
    """The compiled query: ``expr`` over ``columns`` plus the fallback leaves,
    each to be computed into the boolean column named by its key."""

    expr: pl.Expr
    columns: set[str] = field(default_factory=set)
    fallbacks: dict[str, Text] = field(default_factory=dict)

    def fallback_column(self, name: str, frame: pl.DataFrame, budget: Budget) -> pl.Series:
        """A fallback leaf tested in Python on each row of ``frame``: a user
        pattern on its stoppable engine, charged to ``budget``; any other leaf
        (a word or phrase, compiled from escaped literals) by its own test."""
        leaf = self.fallbacks[name]
        rows = frame.select([folded(f) for f in leaf.fields]).rows()
        if leaf.regex is not None:
            kept = leaf.regex.select(
                range(len(rows)), rows.__getitem__, lambda i: sum(map(len, rows[i])), budget
            )
            hits = np.zeros(len(rows), dtype=np.bool_)
            hits[kept] = True
            return pl.Series(name, hits, dtype=pl.Boolean)
        test = leaf.match
        return pl.Series(name, [any(map(test, row)) for row in rows], dtype=pl.Boolean)


def compile_query(corpus: Corpus, node: Node) -> Plan:
    """Compile ``node`` for ``corpus`` (its alphabet decides what runs in Rust)."""
    plan = Plan(pl.lit(True))
    plan.expr = _Compiler(corpus, plan).node(node)
    return plan


class _Compiler:
    def __init__(self, corpus: Corpus, plan: Plan) -> None:
        self.corpus = corpus
        self.plan = plan

    def node(self, node: Node) -> pl.Expr:
        if isinstance(node, Text):
            return self.text(node)
        if isinstance(node, Dates):
            self.plan.columns.add("date")
            day = pl.col("date")
            test = pl.lit(True)
            if node.low is not None:
                test = test & (day >= node.low)
            if node.high is not None:
                test = test & (day <= node.high)
            return (test & day.is_not_null()).fill_null(False)
        if isinstance(node, Not):
            return ~self.node(node.child)
        if isinstance(node, And):
            if not node.children:
                return pl.lit(True)
            return pl.all_horizontal([self.node(child) for child in node.children])
        if isinstance(node, Or):
            return pl.any_horizontal([self.node(child) for child in node.children])
        raise TypeError(f"unknown query node {node!r}")

    def text(self, leaf: Text) -> pl.Expr:
        fields = leaf.fields
        if leaf.field is None and leaf.plain and SEP not in leaf.text:
            # Any field: the summary and the other fields joined (see SHORT).
            self.plan.columns.update((SHORT, folded("summary")))
            return pl.col(SHORT).str.contains(leaf.text, literal=True) | pl.col(
                folded("summary")
            ).str.contains(leaf.text, literal=True)
        tests = [self.field(leaf, pl.col(folded(name)), name) for name in fields]
        if any(test is None for test in tests):
            name = f"__fallback{len(self.plan.fallbacks)}"
            self.plan.fallbacks[name] = leaf
            self.plan.columns.update(folded(f) for f in fields)
            return pl.col(name)
        self.plan.columns.update(folded(f) for f in fields)
        exprs = [test for test in tests if test is not None]
        return exprs[0] if len(exprs) == 1 else pl.any_horizontal(exprs)

    def field(self, leaf: Text, col: pl.Expr, name: str) -> pl.Expr | None:
        text = leaf.text
        if leaf.kind == "substring" and not leaf.phrase:
            if leaf.start and leaf.end:
                return col == text
            if leaf.start:
                return col.str.starts_with(text)
            if leaf.end:
                return col.str.ends_with(text)
            return col.str.contains(text, literal=True)
        if leaf.kind == "fuzzy":
            return col.str.contains("(?s)" + ".*".join(map(_CODE.format, map(ord, text))))
        if leaf.kind == "regex":
            return self.regex(leaf, col, name)
        if not self.agree(_CLASSES, 0):
            return None
        body = _words(text)
        if leaf.kind == "word":
            before = "^" if leaf.start else "(?:^|\\W)"
            after = "$" if leaf.end else "(?:\\W|$)"
        else:
            before, after = ("^" if leaf.start else ""), ("$" if leaf.end else "")
        return col.str.contains(before + body + after)

    def regex(self, leaf: Text, col: pl.Expr, name: str) -> pl.Expr | None:
        assert leaf.regex is not None
        found = rewrite(leaf.regex.source, re.IGNORECASE)
        if found is None or not _compiles(found.rust):
            return None
        if not self.agree(found.atoms, re.IGNORECASE, user=True):
            return None
        if found.end_anchor and self.ends_with_newline(name):
            return None
        return col.str.contains(found.rust)

    def agree(self, atoms: tuple[tuple[str, str], ...], flags: int, user: bool = False) -> bool:
        """Do Rust and Python match ``atoms`` alike on this corpus' alphabet?
        (``user``: as the user-pattern engine, the ``regex`` module, does.)"""
        memo = self.corpus._memo
        key = f"agree:{flags}:{user}:{atoms!r}"
        known = memo.get(key)
        if known is None:
            engine = user_engine if user else re.compile
            found = atoms_agree(atoms, self.alphabet(), _rust_matches, flags, engine)
            known = memo[key] = found
        return bool(known)

    def alphabet(self) -> frozenset[str]:
        if self.corpus.alphabet is not None:
            return self.corpus.alphabet
        memo = self.corpus._memo
        with _lock:
            found = memo.get("alphabet")
            if found is None:
                columns = [self.corpus.folded(name) for name in SEARCHABLE]
                found = memo["alphabet"] = folded_alphabet(columns)
        assert isinstance(found, frozenset)
        return found

    def ends_with_newline(self, name: str) -> bool:
        """Does some value of field ``name`` end with a newline (where Python's
        ``$`` also matches before it)?"""
        memo = self.corpus._memo
        key = f"newline:{name}"
        known = memo.get(key)
        if known is None:
            known = memo[key] = bool(self.corpus.folded(name).str.ends_with("\n").any())
        return bool(known)


def _rust_matches(pattern: str, chars: list[str]) -> list[bool]:
    found: list[bool] = pl.Series(chars, dtype=pl.String).str.contains(pattern).to_list()
    return found


def _compiles(pattern: str) -> bool:
    """Does Rust's engine accept ``pattern`` (within its size limits)?"""
    try:
        pl.Series([""], dtype=pl.String).str.contains(pattern)
    except pl.exceptions.PolarsError:
        return False
    return True


def user_engine(pattern: str, flags: int) -> Any:
    """Compile as user patterns are (:mod:`tui.query_regex`: ``regex``, VERSION0)."""
    import regex

    return regex.compile(pattern, (regex.IGNORECASE if flags & re.IGNORECASE else 0) | regex.V0)


def evaluate(plan: Plan, frame: pl.DataFrame, budget: Budget) -> pl.Series:
    """The plan's boolean result on each row of ``frame`` (which holds ``plan.columns``)."""
    if plan.fallbacks:
        extra = [plan.fallback_column(name, frame, budget) for name in plan.fallbacks]
        frame = frame.with_columns(extra)
    return frame.select(plan.expr.alias("match")).to_series()
