"""Turn a query's folded-text matches into spans of the original text. No Textual."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable

from tui.listing import MONTHS
from tui.query import Query
from tui.query_nodes import Dates, positive_leaves
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


def with_dates(query: Query, spans: Highlighter | None) -> Highlighter | None:
    """``spans`` that also mark a whole date the query's date conditions
    (``date:2016-11``, ``year:>=2010``...) match: the ``date`` field's text,
    ISO (``2016-11-25``) or written out (``Friday, 25 November 2016``)."""
    dates = [leaf for leaf in positive_leaves(query.root) if isinstance(leaf, Dates)]
    if spans is None or not dates:
        return spans
    marks = spans

    def with_days(field: str, text: str) -> list[tuple[int, int]]:
        found = marks(field, text)
        if field == "date" and (day := _day(text)) is not None:
            ordinal = day.toordinal()
            if any(leaf.match_ordinal(ordinal) for leaf in dates):
                found = [(0, len(text)), *found]
        return found

    return with_days


_WRITTEN = re.compile(r"(\d{1,2}) ([A-Za-z]+) (\d{4})$")


def _day(text: str) -> dt.date | None:
    """The date in ``2016-11-25`` or ``Friday, 25 November 2016``, if any."""
    with contextlib.suppress(ValueError):
        return dt.date.fromisoformat(text)
    match = _WRITTEN.search(text)
    if match is None or match[2].lower() not in MONTHS:
        return None
    with contextlib.suppress(ValueError):
        return dt.date(int(match[3]), MONTHS.index(match[2].lower()) + 1, int(match[1]))
    return None
