"""The reader: one article full-screen, to read it whole and walk the view.

It reads through a :class:`Source` (the main screen): the highlighted
article, its row, and a way to move the table's cursor, so ``n``/``p`` walk
the current view (filtered and sorted as the table shows it) and ``esc``
returns to the table on the row of the article last read.  ``c`` copies
through the source too, so there is one copy path.
"""

from __future__ import annotations

from typing import Protocol

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from tui.listing import Article
from tui.screens.commands import ArchiveCommands
from tui.widgets.article_table import Highlighter
from tui.widgets.detail_pane import render_article

# The reader lays out far more of a long summary than the detail pane.
READER_SHOWN = 200_000


class Source(Protocol):
    """What the reader needs from the screen beneath it."""

    def reading(self) -> tuple[Article, int, int, Highlighter | None] | None:
        """The article under the cursor, its row, how many rows, the marks."""

    def step(self, rows: int) -> bool:
        """Move the cursor by ``rows``; False when it cannot."""

    def action_copy(self) -> None:
        """Copy the article under the cursor's summary."""


def reader_text(article: Article, highlight: Highlighter | None) -> Text:
    """The whole article, then where it comes from (``PATH:LINE``)."""
    text = render_article(article, highlight, shown=READER_SHOWN)
    text.append("\n\n")
    text.append(f"{article.source}:{article.line}", style="dim")
    return text


class ReaderScreen(Screen[None]):
    """Title, byline, caption and summary of one article, scrollable."""

    HELP_GROUP = "Reader"
    COMMANDS = {ArchiveCommands}
    BINDINGS = [
        Binding("escape,q", "close", "Back"),
        Binding("space,pagedown", "page(1)", "Page down"),
        Binding("b,pageup", "page(-1)", "Page up"),
        Binding("j,down", "line(1)", "Scroll down", show=False),
        Binding("k,up", "line(-1)", "Scroll up", show=False),
        Binding("g,home", "top", "Top", show=False),
        Binding("G,end", "bottom", "Bottom", show=False),
        Binding("n", "next(1)", "Next"),
        Binding("p", "next(-1)", "Previous"),
        Binding("c", "copy", "Copy summary"),
        Binding("question_mark", "help", "Help"),
    ]
    DEFAULT_CSS = """
    ReaderScreen { background: $surface; }
    ReaderScreen > #reader-scroll { align-horizontal: center; padding: 1 2; }
    ReaderScreen #reader-text { width: 100%; max-width: 100; }
    """

    def __init__(self, source: Source) -> None:
        super().__init__()
        self._source = source

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="reader-scroll", can_focus=False):
            yield Static(id="reader-text")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Archive TUI"
        self._show()

    @property
    def scroller(self) -> VerticalScroll:
        return self.query_one("#reader-scroll", VerticalScroll)

    @property
    def text(self) -> str:
        """The plain text shown (for tests)."""
        return str(self.query_one("#reader-text", Static).content)

    def _show(self) -> None:
        reading = self._source.reading()
        if reading is None:  # the view emptied under the reader (a load, a search)
            self.dismiss(None)
            return
        article, row, rows, highlight = reading
        self.sub_title = f"article {row + 1:,} of {rows:,}"
        self.query_one("#reader-text", Static).update(reader_text(article, highlight))
        self.scroller.scroll_home(animate=False, immediate=True)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_page(self, pages: int) -> None:
        scroller = self.scroller
        height = scroller.scrollable_content_region.height
        scroller.scroll_to(y=scroller.scroll_y + pages * max(1, height - 1), animate=False)

    def action_line(self, lines: int) -> None:
        self.scroller.scroll_to(y=self.scroller.scroll_y + lines, animate=False)

    def action_top(self) -> None:
        self.scroller.scroll_home(animate=False)

    def action_bottom(self) -> None:
        self.scroller.scroll_end(animate=False)

    def action_next(self, rows: int) -> None:
        if self._source.step(rows):
            self._show()
        else:
            self.notify(
                "This is the last article." if rows > 0 else "This is the first article.",
                timeout=2,
            )

    def action_copy(self) -> None:
        self._source.action_copy()

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self))
