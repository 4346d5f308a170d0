"""Sort keys: which columns the table and ``list`` sort by. Pure: no Textual, no numpy.

Kept apart from the engine so that widgets and the first frame can name a
sort without importing polars or numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

COLUMNS = ("date", "title", "author")
# The direction a column takes when it becomes the sort: newest first, A to Z.
DEFAULT_DESCENDING = {"date": True, "title": False, "author": False}


@dataclass(frozen=True, slots=True)
class SortKey:
    """One sort column and its direction."""

    column: str
    descending: bool

    def __str__(self) -> str:
        return f"{'-' if self.descending else ''}{self.column}"


DEFAULT_SORT = (SortKey("date", True), SortKey("title", False))


def keys_for(
    keys: Sequence[SortKey], column: str, descending: bool | None = None
) -> tuple[SortKey, ...]:
    """The sort keys after making ``column`` primary (None: toggle, or the
    column's natural direction); the previous sort breaks ties."""
    if descending is None:
        current = keys[0]
        if current.column == column:
            descending = not current.descending
        else:
            descending = DEFAULT_DESCENDING[column]
    rest = [k for k in keys if k.column != column]
    return (SortKey(column, descending), *rest)[:3]


def cycled(keys: Sequence[SortKey]) -> tuple[SortKey, ...]:
    """The keys after moving the primary sort to the next column."""
    following = COLUMNS[(COLUMNS.index(keys[0].column) + 1) % len(COLUMNS)]
    return keys_for(keys, following, DEFAULT_DESCENDING[following])


def reversed_keys(keys: Sequence[SortKey]) -> tuple[SortKey, ...]:
    """The keys after flipping the primary sort's direction."""
    return keys_for(keys, keys[0].column, not keys[0].descending)


def nearby(keys: Sequence[SortKey]) -> list[tuple[SortKey, ...]]:
    """The sorts one key press away (``s``, ``r``, a header click)."""
    found = [cycled(keys), reversed_keys(keys)]
    found += [
        keys_for(keys, column, descending) for column in COLUMNS for descending in (True, False)
    ]
    return list(dict.fromkeys(found))
