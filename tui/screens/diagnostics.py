"""The warnings screen: every problem found while loading, one per line as
``PATH:LINE: severity: message``; Enter on one jumps to its article.

Messages quote file text (an unknown month, a file name), so each line is a
``rich.text.Text``: nothing in it is ever read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tui.listing import Article, Diagnostic, article_at

# Enough to read; a file with more problems than this is best read with
# ``archive-tui list`` (its stderr has them all).
SHOWN = 5000


# A note (page text skipped, no heading) is no fault: not in a warning's colour.
_SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "note": "cyan"}


def diagnostic_line(diagnostic: Diagnostic) -> Text:
    """One ``PATH:LINE: severity: message`` line, literal, severity coloured."""
    text = Text(f"{diagnostic.source}:{diagnostic.line}: ")
    text.append(diagnostic.severity, style=_SEVERITY_STYLES.get(diagnostic.severity, "yellow"))
    text.append(f": {diagnostic.message}")
    return text


def count_words(warnings: int, notes: int) -> str:
    """``2 warnings · 8 notes``, ``1 warning``, ``8 notes``."""
    parts = [f"{warnings:,} warning{'s' if warnings != 1 else ''}"] if warnings or not notes else []
    if notes:
        parts.append(f"{notes:,} note{'s' if notes != 1 else ''}")
    return " · ".join(parts)


class DiagnosticsScreen(ModalScreen[int | None]):
    """Lists the diagnostics; dismisses with the index of the article to show."""

    HELP_GROUP = "Warnings"
    BINDINGS = [Binding("escape,q,exclamation_mark", "close", "Close warnings")]
    DEFAULT_CSS = """
    DiagnosticsScreen { align: center middle; }
    DiagnosticsScreen > #diagnostics-box {
        width: 90%; max-width: 140; height: 80%;
        border: thick $warning; background: $surface;
    }
    DiagnosticsScreen #diagnostics-hint { height: 1; color: $text-muted; padding: 0 1; }
    DiagnosticsScreen OptionList, DiagnosticsScreen OptionList:focus {
        height: 1fr; border: none;
    }
    """

    def __init__(self, diagnostics: Sequence[Diagnostic], articles: Sequence[Article]) -> None:
        super().__init__()
        self._diagnostics = list(diagnostics[:SHOWN])
        self._hidden = max(0, len(diagnostics) - SHOWN)
        self._notes = sum(d.severity == "note" for d in diagnostics)
        self._articles = articles

    def compose(self) -> ComposeResult:
        count = len(self._diagnostics) + self._hidden
        notes = self._notes
        hint = "enter: go to the article · escape: close"
        if self._hidden:
            hint = f"first {SHOWN:,} shown · {hint}"
        with Vertical(id="diagnostics-box") as box:
            box.border_title = count_words(count - notes, notes)
            yield Static(Text(hint), id="diagnostics-hint")
            yield OptionList(*(Option(diagnostic_line(d)) for d in self._diagnostics))
        yield Footer()  # this screen's keys, not the main screen's beneath

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        diagnostic = self._diagnostics[event.option_index]
        index = article_at(self._articles, diagnostic.source, diagnostic.line)
        if index is None:
            self.notify(
                f"Line {diagnostic.line} of {diagnostic.source} is not part of a loaded article.",
                title="No article there",
                severity="warning",
                markup=False,
            )
            return
        self.dismiss(index)

    def action_close(self) -> None:
        self.dismiss(None)
