"""Turn a query's folded-text matches into spans of the original text. No Textual."""

from __future__ import annotations

from collections.abc import Callable

from tui.query import Query
from tui.text import fold_with_map, original_span

Highlighter = Callable[[str, str], list[tuple[int, int]]]


def highlighter(query: Query) -> Highlighter | None:
    """A function (field, text) -> spans to mark, or None for an empty query."""
    if query.is_empty:
        return None

    def spans(field: str, text: str) -> list[tuple[int, int]]:
        folded, mapping = fold_with_map(text)
        return [original_span(mapping, s, e) for s, e in query.spans(field, folded)]

    return spans
