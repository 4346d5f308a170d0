"""Run a query tree: set-at-a-time over haystacks, and a brute-force reference. Pure.

:func:`search` narrows a candidate list leaf by leaf, asking an optional
prefilter (the trigram index) to drop candidates for every literal, then
verifying the rest exactly; the common case (plain words) is one ``in`` per
candidate per word, longest word first.  :func:`matches_article` folds an
article's fields itself and never touches haystacks or prefilters: the
differential tests compare the two.

A search takes a :class:`~tui.query_regex.Budget`: user patterns are charged
to it, and with a ``stop`` function every leaf over many candidates runs in
chunks, so that an abandoned search (a newer keystroke, quit) ends within one
chunk by raising :class:`~tui.query_regex.SearchCancelled`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Container, Sequence
from typing import Protocol

from tui.listing import Article
from tui.query_nodes import (
    FIELDS,
    SECTION,
    SEP,
    And,
    Dates,
    Node,
    Not,
    Text,
    positive_leaves,
)
from tui.query_regex import Budget
from tui.text import fold

# Below this many candidates a scan beats asking the index.
PREFILTER_MIN = 512
# Candidates a leaf tests between two cancellation checks (when it can be
# cancelled): a few milliseconds of plain tests, some tens for fuzzy ones.
CANCEL_CHUNK = 8192


class Prefilter(Protocol):
    """An index over folded haystacks (see ``tui/index.py``)."""

    def candidates(self, literal: str) -> Container[int] | None:
        """Indices whose haystack MAY contain ``literal`` (a superset), or None."""
        ...


def keep(cands: list[int], maybe: Container[int]) -> list[int]:
    """The ``cands`` in ``maybe``, in order.  A container may offer a vectorised
    ``select(cands)``, or be a boolean ``mask`` over article indices (numpy);
    otherwise membership is asked one by one."""
    select = getattr(maybe, "select", None)
    if callable(select):
        return list(select(cands))
    mask = getattr(maybe, "mask", None)
    if mask is not None:
        import numpy as np  # only reached with the index, which imported it

        every = np.asarray(cands, dtype=np.int64)
        kept: list[int] = every[mask[every]].tolist()
        return kept
    return [i for i in cands if i in maybe]


class Context(Protocol):
    """What evaluation reads: the archive's articles and their haystacks
    (read only, by index: the CLI's articles are built on access)."""

    @property
    def articles(self) -> Sequence[Article]: ...

    @property
    def haystacks(self) -> Sequence[str]: ...


def field_getter(name: str) -> Callable[[str], str]:
    """A function slicing one field's folded text out of a haystack."""
    index = FIELDS.index(name)
    if index == 0:
        return lambda hay: hay[: hay.index(SEP)]
    if index == len(FIELDS) - 1:
        return lambda hay: hay[hay.rindex(SEP) + 1 :]
    return lambda hay: hay.split(SEP, index + 1)[index]


def cost(node: Node) -> float:
    """A rough per-candidate cost, to run cheap and selective tests first."""
    if isinstance(node, Text):
        if node.kind == "fuzzy":
            return 100.0
        base = {"substring": 1.0, "word": 3.0, "regex": 20.0}[node.kind]
        if node.start or node.end:
            base += 1.0
        # Longer literals are rarer: run them earlier.
        return base + (0.0 if node.field is None else 2.0) - min(len(node.text), 30) / 100
    if isinstance(node, Dates):
        return 2.0
    if isinstance(node, Not):
        return cost(node.child) + 10.0
    return sum(cost(child) for child in node.children) + 1.0


class _Search:
    def __init__(self, ctx: Context, prefilter: Prefilter | None, budget: Budget) -> None:
        self.hay = ctx.haystacks
        self.articles = ctx.articles
        self.prefilter = prefilter
        self.budget = budget
        self.sections: dict[str, str] = {}

    def run(self, node: Node, cands: list[int]) -> list[int]:
        if not cands:
            return cands
        self.budget.checkpoint()
        if isinstance(node, Text):
            return self.text(node, cands)
        if isinstance(node, Dates):
            arts, match = self.articles, node.match_ordinal

            def dated(part: list[int]) -> list[int]:
                return [i for i in part if match(d.toordinal() if (d := arts[i].date) else None)]

            return self.chunked(dated, cands)
        if isinstance(node, Not):
            drop = set(self.run(node.child, cands))
            return [i for i in cands if i not in drop] if drop else cands
        if isinstance(node, And):
            for child in sorted(node.children, key=cost):
                cands = self.run(child, cands)
                if not cands:
                    break
            return cands
        hit: set[int] = set()
        rest = cands
        for child in sorted(node.children, key=cost):
            found = self.run(child, rest)
            if found:
                hit.update(found)
                rest = [i for i in rest if i not in hit]
        return [i for i in cands if i in hit]

    def text(self, leaf: Text, cands: list[int]) -> list[int]:
        literal = leaf.literal
        if literal and self.prefilter is not None and len(cands) >= PREFILTER_MIN:
            maybe = self.prefilter.candidates(literal)
            if maybe is not None:
                cands = keep(cands, maybe)
        if leaf.regex is not None:
            return self.regex(leaf, cands)
        return self.chunked(lambda part: self.verify(leaf, part), cands)

    def chunked(self, test: Callable[[list[int]], list[int]], cands: list[int]) -> list[int]:
        """``test(cands)``, in chunks with a cancellation check between them
        when the search can be cancelled."""
        if self.budget.stop is None or len(cands) <= CANCEL_CHUNK:
            return test(cands)
        found: list[int] = []
        for start in range(0, len(cands), CANCEL_CHUNK):
            self.budget.checkpoint()
            found += test(cands[start : start + CANCEL_CHUNK])
        return found

    def regex(self, leaf: Text, cands: list[int]) -> list[int]:
        """A user pattern, per field (the user's ``^``, ``$`` and ``.`` stay in
        one), charged to the budget."""
        assert leaf.regex is not None
        hay, arts, field = self.hay, self.articles, leaf.field
        literal = leaf.literal
        if literal:  # every match contains it: a plain test skips most fields
            cands = [i for i in cands if literal in hay[i]]
        get = field_getter(field) if field in FIELDS else None

        def texts(i: int) -> list[str]:
            if get is not None:
                return [get(hay[i])]
            if field == SECTION:
                return [self.section(arts[i].section)]
            return hay[i].split(SEP)

        def size(i: int) -> int:
            return len(hay[i])

        return leaf.regex.select(cands, texts, size, self.budget)

    def verify(self, leaf: Text, cands: list[int]) -> list[int]:
        """The candidates ``leaf`` matches, tested exactly (no prefilter)."""
        hay = self.hay
        literal = leaf.literal
        if leaf.field == SECTION:
            match = leaf.match
            return [i for i in cands if match(self.section(self.articles[i].section))]
        if leaf.field is None and leaf.kind != "fuzzy":
            if leaf.plain:  # the per-keystroke hot path
                term = leaf.text
                return [i for i in cands if term in hay[i]]
            if leaf.kind == "substring" and not leaf.phrase:
                return [i for i in cands if _anchored_in(leaf, hay[i])]
            # A word or anchor seen across the haystack: SEP is a non-word
            # character and stands for a field's start and end.
            spread = _spread(leaf)
            if literal:
                return [i for i in cands if literal in hay[i] and spread(hay[i])]
            return [i for i in cands if spread(hay[i])]
        getters = [field_getter(name) for name in leaf.fields]
        match = leaf.match
        if literal:
            return [
                i for i in cands if literal in hay[i] and any(match(get(hay[i])) for get in getters)
            ]
        return [i for i in cands if any(match(get(hay[i])) for get in getters)]

    def section(self, name: str) -> str:
        folded = self.sections.get(name)
        if folded is None:
            folded = self.sections[name] = fold(name)
        return folded


def _anchored_in(leaf: Text, hay: str) -> bool:
    """``^text`` / ``text$`` / ``^text$`` in some field of ``hay``, by plain string tests."""
    text = leaf.text
    if leaf.start and leaf.end:
        return (
            hay == text
            or hay.startswith(text + SEP)
            or hay.endswith(SEP + text)
            or (SEP + text + SEP) in hay
        )
    if leaf.start:
        return hay.startswith(text) or (SEP + text) in hay
    return hay.endswith(text) or (text + SEP) in hay


def _spread(leaf: Text) -> Callable[[str], object]:
    """A haystack-wide test equal to "some field matches" for word/anchored leaves."""
    assert leaf.pattern is not None
    source = leaf.pattern.pattern
    if leaf.start:
        source = "(?:\\A|(?<=\\x1f))" + source.removeprefix("\\A")
    if leaf.end:
        source = source.removesuffix("\\Z") + "(?=\\x1f|\\Z)"
    return re.compile(source).search


def search(
    node: Node,
    ctx: Context,
    candidates: Sequence[int],
    prefilter: Prefilter | None = None,
    budget: Budget | None = None,
) -> list[int]:
    """The candidates ``node`` matches, in the candidates' order.  Raises
    :class:`~tui.query_regex.PatternTooSlow` (a QueryError) when a user
    pattern exceeds ``budget``, and SearchCancelled once its ``stop`` says so."""
    if isinstance(node, And) and not node.children:
        return list(candidates)
    return _Search(ctx, prefilter, budget or Budget()).run(node, list(candidates))


# -- the brute-force reference ----------------------------------------------


def article_fields(article: Article) -> dict[str, str]:
    """Every searchable field of ``article``, folded independently."""
    return {
        "title": fold(article.title),
        "author": fold(article.author),
        "caption": fold(article.caption or ""),
        "summary": fold(article.summary),
        "date": fold(f"{article.date_text} {article.iso_date}"),
        SECTION: fold(article.section),
    }


def matches_article(node: Node, article: Article) -> bool:
    """Whether ``node`` matches ``article``, by the definitions alone (slow, simple)."""
    return _matches(node, article, article_fields(article))


def _matches(node: Node, article: Article, fields: dict[str, str]) -> bool:
    if isinstance(node, Text):
        return any(_reference_text(node, fields[name]) for name in node.fields)
    if isinstance(node, Dates):
        return article.date is not None and node.match_ordinal(article.date.toordinal())
    if isinstance(node, Not):
        return not _matches(node.child, article, fields)
    if isinstance(node, And):
        return all(_matches(child, article, fields) for child in node.children)
    return any(_matches(child, article, fields) for child in node.children)


def _reference_text(leaf: Text, text: str) -> bool:
    """One field against one leaf, written from the definitions."""
    if leaf.kind == "fuzzy":
        rest = iter(text)
        return all(char in rest for char in leaf.text)
    if leaf.kind == "regex":
        assert leaf.regex is not None
        return leaf.regex.search(text)
    if leaf.phrase:  # adjacent words: any run of whitespace between them
        text = re.sub(r"\s+", " ", text)
    size = len(leaf.text)
    at = text.find(leaf.text)
    while at != -1:
        after = at + size
        if (
            (not leaf.start or at == 0)
            and (not leaf.end or after == len(text))
            and (
                leaf.kind != "word"
                or (
                    not (at and _wordy(text[at - 1]))
                    and not (after < len(text) and _wordy(text[after]))
                )
            )
        ):
            return True
        at = text.find(leaf.text, at + 1)
    return False


def _wordy(char: str) -> bool:
    """A word character, as the regex ``\\w`` defines it."""
    return char.isalnum() or char == "_"


# -- highlighting and ranking -----------------------------------------------


def spans(node: Node, field: str, folded: str) -> list[tuple[int, int]]:
    """Where the positive text leaves that look at ``field`` match ``folded``."""
    found: list[tuple[int, int]] = []
    for leaf in positive_leaves(node):
        if isinstance(leaf, Text) and field in leaf.fields:
            found.extend(leaf.spans(folded))
    return sorted(found)


def fuzzy_leaves(node: Node) -> list[Text]:
    """Positive fuzzy leaves: their presence turns on relevance ranking."""
    return [
        leaf for leaf in positive_leaves(node) if isinstance(leaf, Text) and leaf.kind == "fuzzy"
    ]


def scores(node: Node, ctx: Context, indices: Sequence[int]) -> list[float]:
    """Relevance of each article (higher is better): rapidfuzz's partial ratio of
    each fuzzy term against its best field, summed over the fuzzy terms."""
    # Lazily: the CLI and startup never pay for them.  cdist scores a whole
    # column in C++, about three times faster than a Python loop of calls.
    import numpy as np
    from rapidfuzz import fuzz, process

    hay, articles = ctx.haystacks, ctx.articles
    total = np.zeros(len(indices), dtype=np.float64)
    folded: dict[str, str] = {}
    for leaf in fuzzy_leaves(node):
        best = np.zeros(len(indices), dtype=np.float64)
        for name in leaf.fields:
            if name == SECTION:
                column = [
                    folded.get(s) or folded.setdefault(s, fold(s))
                    for s in (articles[i].section for i in indices)
                ]
            else:
                get = field_getter(name)
                column = [get(hay[i]) for i in indices]
            row = process.cdist([leaf.text], column, scorer=fuzz.partial_ratio, workers=1)[0]
            best = np.maximum(best, row)
        total += best
    result: list[float] = total.tolist()
    return result
