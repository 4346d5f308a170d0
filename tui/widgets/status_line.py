"""The status line: how many articles are shown, the sort, warnings, progress."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from tui.sorting import SortKey


def status_text(
    shown: int,
    total: int,
    sort: Sequence[SortKey],
    warnings: int = 0,
    *,
    loading: float | None = None,
    remarks: Sequence[str] = (),
    notes: int = 0,
    warning_style: Style | str = "bold",
) -> Text:
    """``3 of 7 articles · sorted by date ▼, title ▲ · 2 warnings · 8 notes``.

    While loading (``loading``: the fraction of the files read) there is one
    total, the articles loaded so far, and one progress figure; before the
    first article, just the progress.  Notes (page text skipped) are no
    warnings: not in their colour.  ``remarks`` follow (searching, a stale
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
            text.append(f" · {warnings:,} {noun}", style=warning_style)
        if notes:
            text.append(f" · {notes:,} note{'s' if notes != 1 else ''}")
        if warnings or notes:
            text.append(" (! to view)", style=warning_style if warnings else "")
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
    _shown: Text | None = None

    def show(
        self,
        shown: int,
        total: int,
        sort: Sequence[SortKey],
        warnings: int = 0,
        *,
        loading: float | None = None,
        remarks: Sequence[str] = (),
        notes: int = 0,
    ) -> None:
        """Update the line."""
        warning = self.get_component_rich_style("status-line--warning")
        text = status_text(
            shown,
            total,
            sort,
            warnings,
            loading=loading,
            remarks=remarks,
            notes=notes,
            warning_style=warning,
        )
        if text != self._shown:
            self._shown = text
            # One line of a fixed height and width: no layout pass (which would
            # repaint the whole screen on every keystroke).
            self.update(text, layout=False)

    @property
    def text(self) -> str:
        """The plain text shown (for tests)."""
        return str(self.content)
