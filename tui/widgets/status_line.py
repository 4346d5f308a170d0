"""The status line: how many articles are shown, the sort, warnings, progress."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from tui.model import SortKey


def status_text(
    shown: int,
    total: int,
    sort: Sequence[SortKey],
    warnings: int = 0,
    loading: str = "",
    notes: int = 0,
) -> Text:
    """``3 of 7 articles · sorted by date ▼, title ▲ · 2 warnings · 8 notes``
    (notes, of page text skipped, are no warnings: not in their colour)."""
    keys = ", ".join(f"{k.column} {'▼' if k.descending else '▲'}" for k in sort)
    text = Text(f"{shown:,} of {total:,} articles · sorted by {keys}")
    if warnings:
        noun = "warning" if warnings == 1 else "warnings"
        text.append(f" · {warnings:,} {noun}", style="bold yellow")
    if notes:
        text.append(f" · {notes:,} note{'s' if notes != 1 else ''}")
    if warnings or notes:
        text.append(" (! to view)", style="bold yellow" if warnings else "")
    if loading:
        text.append(f" · {loading}", style="italic")
    return text


class StatusLine(Static):
    """One line of status, built from numbers (never from article text)."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def show(
        self,
        shown: int,
        total: int,
        sort: Sequence[SortKey],
        warnings: int = 0,
        loading: str = "",
        notes: int = 0,
    ) -> None:
        """Update the line."""
        self.update(status_text(shown, total, sort, warnings, loading, notes))

    @property
    def text(self) -> str:
        """The plain text shown (for tests)."""
        return str(self.content)
