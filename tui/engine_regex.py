"""User regexes in polars' engine: a Python pattern rewritten for Rust's ``regex``. Pure.

Rust's engine runs in linear time (no catastrophic backtracking) and outside
the GIL, so a ``/pattern/`` term runs there whenever it provably means what
Python's ``re`` means on the corpus; otherwise the caller takes the Python
path.  The rewrite works on Python's own parse of the pattern, never on its
text, and accepts only constructs both engines share: literals (written as
code points), classes, categories, ``.``, groups, alternation, repetition and
the anchors.  Lookaround, backreferences, conditionals, atomic groups and
possessive repetition have no Rust counterpart, and ``\\B`` differs on an
empty string: None.

Whether a match *exists* is decided the same way by both engines once every
single-character piece (an *atom*: literal, class, category, ``.``) matches
the same characters; composition (sequence, alternation, repetition) means the
same in both.  So each atom is tried, case-insensitively, in both engines on
every character the corpus' folded text can hold (its alphabet); any
disagreement means None.  ``\\b`` depends on ``\\w``, which is then checked
too; ``$`` (Python: the end, or before a final newline) becomes Rust's end of
text only while no searched value ends with a newline.
"""

from __future__ import annotations

import importlib
import re
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

sre: Any
sre_parse: Any
try:  # Python's regex parser (private, stable since 3.11); without it: no rewrite
    sre = importlib.import_module("re._constants")
    sre_parse = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover
    sre = sre_parse = None

# Inline flags both engines know: re flag -> the letter.
_FLAGS = {re.IGNORECASE: "i", re.MULTILINE: "m", re.DOTALL: "s"}
_IGNORED = re.UNICODE | re.VERBOSE  # VERBOSE is already applied by the parse


class Unsupported(Exception):
    """A construct without an exact Rust counterpart."""


@dataclass(frozen=True, slots=True)
class Rewrite:
    """A pattern in Rust syntax, the atoms to check on the alphabet (each in
    both syntaxes), and whether Python's ``$`` was used without MULTILINE."""

    rust: str
    atoms: tuple[tuple[str, str], ...]
    end_anchor: bool


@lru_cache(maxsize=256)
def rewrite(pattern: str, flags: int = re.IGNORECASE) -> Rewrite | None:
    """``pattern`` (compiled by Python with ``flags``) in Rust's syntax, or None."""
    if sre_parse is None:
        return None
    try:
        with warnings.catch_warnings():  # "possible nested set": the query parser said it
            warnings.simplefilter("ignore")
            parsed = sre_parse.parse(pattern, flags)
        writer = _Writer()
        body = writer.seq(parsed)
        prefix = writer.flags(parsed.state.flags & ~_IGNORED, 0)
    except (Unsupported, re.error, RecursionError, OverflowError, ValueError):
        return None
    multiline = bool(parsed.state.flags & re.MULTILINE)
    rust = f"(?{prefix})" + body if prefix else body
    return Rewrite(rust, tuple(writer.atoms.items()), writer.end and not multiline)


def _code(char: int, rust: bool) -> str:
    """One code point, unambiguous in either syntax, inside or outside a class."""
    return f"\\x{{{char:X}}}" if rust else f"\\U{char:08X}"


class _Writer:
    def __init__(self) -> None:
        self.atoms: dict[str, str] = {}  # Rust syntax -> Python syntax
        self.end = False  # a non-multiline $ was seen

    def flags(self, add: int, remove: int) -> str:
        """Inline flags (``i``, ``m``, ``s``) as Rust writes them."""
        known = sum(_FLAGS) | _IGNORED
        if add & ~known or remove & ~known:
            raise Unsupported  # ASCII, LOCALE...
        out = "".join(letter for flag, letter in _FLAGS.items() if add & flag)
        gone = "".join(letter for flag, letter in _FLAGS.items() if remove & flag)
        return out + ("-" + gone if gone else "")

    def atom(self, rust: str, python: str) -> str:
        self.atoms[rust] = python
        return rust

    def seq(self, items: Iterable[tuple[Any, Any]]) -> str:
        return "".join(self.item(op, av) for op, av in items)

    def item(self, op: Any, av: Any) -> str:
        c = sre
        if op is c.LITERAL:
            return self.atom(_code(av, True), _code(av, False))
        if op is c.NOT_LITERAL:
            code = av
            return self.atom(f"[^{_code(code, True)}]", f"[^{_code(code, False)}]")
        if op is c.ANY:
            return self.atom(".", ".")
        if op is c.IN:
            return self.atom(self.cls(av, True), self.cls(av, False))
        if op is c.CATEGORY:
            text = _CATEGORIES[av]
            return self.atom(text, text)
        if op is c.BRANCH:
            _, alternatives = av
            return "(?:" + "|".join(self.seq(alt) for alt in alternatives) + ")"
        if op is c.SUBPATTERN:
            _, add, remove, inner = av
            flags = self.flags(add, remove)
            return f"(?{flags}:" + self.seq(inner) + ")"
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, high, inner = av
            bound = f"{{{low},}}" if high == c.MAXREPEAT else f"{{{low},{high}}}"
            # Greedy or lazy: whether a match exists does not depend on it.
            return "(?:" + self.seq(inner) + ")" + bound
        if op is c.AT:
            if av is c.AT_END:
                self.end = True
            anchor = _ANCHORS.get(av)
            if anchor is None:
                raise Unsupported
            if av is c.AT_BOUNDARY:
                self.atom("\\w", "\\w")
            return anchor
        raise Unsupported  # groupref, assert, atomic group, possessive repeat...

    def cls(self, items: Iterable[tuple[Any, Any]], rust: bool) -> str:
        c = sre
        parts: list[str] = []
        negate = False
        for op, av in items:
            if op is c.NEGATE:
                negate = True
            elif op is c.LITERAL:
                parts.append(_code(av, rust))
            elif op is c.RANGE:
                low, high = av
                parts.append(f"{_code(low, rust)}-{_code(high, rust)}")
            elif op is c.CATEGORY and av in _CATEGORIES:
                parts.append(_CATEGORIES[av])
            else:
                raise Unsupported
        if not parts:
            raise Unsupported
        return "[" + ("^" if negate else "") + "".join(parts) + "]"


if sre is not None:
    _CATEGORIES = {
        sre.CATEGORY_DIGIT: "\\d",
        sre.CATEGORY_NOT_DIGIT: "\\D",
        sre.CATEGORY_SPACE: "\\s",
        sre.CATEGORY_NOT_SPACE: "\\S",
        sre.CATEGORY_WORD: "\\w",
        sre.CATEGORY_NOT_WORD: "\\W",
    }
    # Python's ^ and $ without MULTILINE become Rust's start and end of text
    # (see the module docstring for $); with it, both engines mean lines.
    _ANCHORS = {
        sre.AT_BEGINNING: "^",
        sre.AT_BEGINNING_STRING: "\\A",
        sre.AT_END: "$",
        sre.AT_END_STRING: "\\z",
        sre.AT_BOUNDARY: "\\b",
        # Not \B: Python's never matches an empty string (an empty caption), Rust's does.
    }


def atoms_agree(
    atoms: Iterable[tuple[str, str]],
    alphabet: Iterable[str],
    rust_matches: Callable[[str, list[str]], list[bool]],
    flags: int = re.IGNORECASE,
    python: Callable[[str, int], Any] = re.compile,
) -> bool:
    """True when every atom matches the same characters of ``alphabet`` in
    both engines (``rust_matches(pattern, chars)`` runs Rust's; ``python``
    compiles the Python side: ``re``, or the user-pattern engine)."""
    chars = sorted(alphabet)
    prefix = "(?i)" if flags & re.IGNORECASE else ""
    for rust, source in atoms:
        compiled = python(source, flags)
        expected = [compiled.fullmatch(char) is not None for char in chars]
        try:
            got = rust_matches(f"{prefix}^(?:{rust})$", chars)
        except Exception:  # a pattern Rust rejects (e.g. too big)
            return False
        if got != expected:
            return False
    return True
