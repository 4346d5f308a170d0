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


def diagnostic_line(diagnostic: Diagnostic) -> Text:
    """One ``PATH:LINE: severity: message`` line, literal, severity coloured."""
    text = Text(f"{diagnostic.source}:{diagnostic.line}: ")
    style = "bold red" if diagnostic.severity == "error" else "yellow"
    text.append(diagnostic.severity, style=style)
    text.append(f": {diagnostic.message}")
    return text


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
        self._articles = articles

    def compose(self) -> ComposeResult:
        count = len(self._diagnostics) + self._hidden
        hint = "enter: go to the article · escape: close"
        if self._hidden:
            hint = f"first {SHOWN:,} shown · {hint}"
        with Vertical(id="diagnostics-box") as box:
            box.border_title = f"{count:,} warning{'s' if count != 1 else ''}"
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
