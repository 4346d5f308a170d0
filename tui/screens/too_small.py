"""Shown instead of the app's screens while the terminal is below the minimum size.

Below about 40x10 the table, detail pane, filter bar and footer cannot all
fit, and a squeezed layout is worse than none: this screen covers everything
until the terminal grows again (the app pushes and pops it on resize).
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH = 40
MIN_HEIGHT = 10


def is_too_small(width: int, height: int) -> bool:
    """True when the app's layout does not fit ``width`` x ``height`` cells."""
    return width < MIN_WIDTH or height < MIN_HEIGHT


def notice(width: int, height: int) -> Text:
    """The notice's text, built from numbers only."""
    text = Text("Terminal too small\n", style="bold")
    text.append(f"{width}×{height}: needs {MIN_WIDTH}×{MIN_HEIGHT}\n")
    text.append("Enlarge it, or press q to quit.", style="dim")
    return text


class TooSmallScreen(Screen[None]):
    """A centred notice with the current and the minimum size."""

    HELP_GROUP = "Terminal too small"
    BINDINGS = [Binding("q", "app.quit", "Quit")]
    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; }
    TooSmallScreen > Static { width: auto; max-width: 100%; text-align: center; }
    """

    def compose(self) -> ComposeResult:
        yield Static(notice(*self.app.size), id="too-small")

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#too-small", Static).update(notice(*event.size))
