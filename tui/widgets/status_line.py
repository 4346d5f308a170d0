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
) -> Text:
    """``3 of 7 articles · sorted by date ▼, title ▲ · 2 warnings``."""
    keys = ", ".join(f"{k.column} {'▼' if k.descending else '▲'}" for k in sort)
    text = Text(f"{shown:,} of {total:,} articles · sorted by {keys}")
    if warnings:
        noun = "warning" if warnings == 1 else "warnings"
        text.append(f" · {warnings:,} {noun} (! to view)", style="bold yellow")
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
    ) -> None:
        """Update the line."""
        self.update(status_text(shown, total, sort, warnings, loading))

    @property
    def text(self) -> str:
        """The plain text shown (for tests)."""
        return str(self.content)
