"""The status line: how many articles are shown, the sort, warnings, progress."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from tui.model import SortKey


def status_text(
    shown: int,
    total: int,
    sort: Sequence[SortKey],
    warnings: int = 0,
    *,
    loading: float | None = None,
    remarks: Sequence[str] = (),
    warning_style: Style | str = "bold",
) -> Text:
    """``3 of 7 articles · sorted by date ▼, title ▲ · 2 warnings``.

    While loading (``loading``: the fraction of the files read) there is one
    total, the articles loaded so far, and one progress figure; before the
    first article, just the progress.  ``remarks`` follow (searching, a stale
    result).
    """
    keys = ", ".join(f"{k.column} {'▼' if k.descending else '▲'}" for k in sort)
    if loading is not None and not total:
        text = Text(f"loading… {loading:.0%}", style="italic")
    else:
        so_far = " so far" if loading is not None else ""
        text = Text(f"{shown:,} of {total:,} articles{so_far} · sorted by {keys}")
        if warnings:
            noun = "warning" if warnings == 1 else "warnings"
            text.append(f" · {warnings:,} {noun} (! to view)", style=warning_style)
        if loading is not None:
            text.append(f" · loading… {loading:.0%}", style="italic")
    for remark in remarks:
        text.append(f" · {remark}", style="italic")
    return text


class StatusLine(Static):
    """One line of status, built from numbers and remarks as plain text (never markup)."""

    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text; padding: 0 1; }
    StatusLine > .status-line--warning { color: $text-warning; text-style: bold; }
    """
    COMPONENT_CLASSES = {"status-line--warning"}

    def show(
        self,
        shown: int,
        total: int,
        sort: Sequence[SortKey],
        warnings: int = 0,
        *,
        loading: float | None = None,
        remarks: Sequence[str] = (),
    ) -> None:
        """Update the line."""
        warning = self.get_component_rich_style("status-line--warning")
        self.update(
            status_text(
                shown,
                total,
                sort,
                warnings,
                loading=loading,
                remarks=remarks,
                warning_style=warning,
            )
        )

    @property
    def text(self) -> str:
        """The plain text shown (for tests)."""
        return str(self.content)
