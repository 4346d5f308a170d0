"""The brute-force reference evaluator, highlighting and fuzzy leaves. Pure.

:func:`matches_article` folds an article's fields itself and decides each
leaf from its definition alone (slow, simple): the differential tests compare
the engine (:mod:`tui.engine`, columns in polars) with it on random queries.
"""

from __future__ import annotations

import re

from tui.listing import Article
from tui.query_nodes import SECTION, And, Dates, Node, Not, Text, positive_leaves
from tui.text import fold

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
