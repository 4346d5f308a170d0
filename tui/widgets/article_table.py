"""A virtualized article table: renders only the rows on screen (Line API).

It is dumb: it is given the articles and the view (indices) and renders them;
cursor moves and header clicks go upward as messages.  The cost of a frame is
the number of visible rows, whether the view holds 7 articles or 1,000,000.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.listing import Article
from tui.model import SortKey

# (field, original text) -> spans to highlight, in the original text's indices.
Highlighter = Callable[[str, str], list[tuple[int, int]]]

HEADERS = (("date", "Date"), ("title", "Title"), ("author", "Author"))
DATE_WIDTH = 10


def column_widths(width: int) -> tuple[int, int, int]:
    """Cells for date, title and author at a given table width."""
    author = max(6, min(28, width // 4))
    title = max(4, width - DATE_WIDTH - author - 6)
    return DATE_WIDTH, title, author


class ArticleTable(ScrollView, can_focus=True):
    """Date / Title / Author rows with a sticky header and a cursor."""

    HELP_GROUP = "Table"

    DEFAULT_CSS = """
    ArticleTable {
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
    }
    ArticleTable > .article-table--header { text-style: bold; background: $panel; }
    ArticleTable > .article-table--cursor { background: $primary 40%; }
    ArticleTable:focus > .article-table--cursor { background: $primary; color: $text; }
    ArticleTable > .article-table--match { text-style: bold underline; color: $warning; }
    ArticleTable > .article-table--dim { color: $text-muted; }
    """
    COMPONENT_CLASSES = {
        "article-table--header",
        "article-table--cursor",
        "article-table--match",
        "article-table--dim",
    }
    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,g", "first", "First article", show=False),
        Binding("end,G", "last", "Last article", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)

    class Highlighted(Message):
        """The cursor rests on ``article`` (an index into the articles), or None."""

        def __init__(self, article: int | None) -> None:
            super().__init__()
            self.article = article

    class HeaderClicked(Message):
        """A column header was clicked: sort by ``column``."""

        def __init__(self, column: str) -> None:
            super().__init__()
            self.column = column

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._articles: Sequence[Article] = ()
        self._view: Sequence[int] = ()
        self._sort: Sequence[SortKey] = ()
        self._empty_message = ""
        self._highlight: Highlighter | None = None
        self._lines: LRUCache[tuple[object, ...], Strip] = LRUCache(512)

    # -- data in -----------------------------------------------------------

    def show(
        self,
        articles: Sequence[Article],
        view: Sequence[int],
        sort: Sequence[SortKey],
        *,
        empty_message: str = "",
        highlight: Highlighter | None = None,
        keep: int | None = None,
    ) -> None:
        """Show ``view``; keep the cursor on article ``keep`` if it is still shown."""
        self._articles = articles
        self._view = view
        self._sort = tuple(sort)
        self._empty_message = empty_message
        self._highlight = highlight
        self._lines.clear()
        self.virtual_size = Size(self.size.width, len(view) + 1)
        row = 0
        if keep is not None and view:
            try:
                row = view.index(keep) if len(view) < 200_000 else 0
            except ValueError:
                row = 0
        self.cursor = row
        self.refresh()

    @property
    def row_count(self) -> int:
        """Rows in the view."""
        return len(self._view)

    @property
    def current_article(self) -> int | None:
        """The article index under the cursor, if any."""
        if 0 <= self.cursor < len(self._view):
            return self._view[self.cursor]
        return None

    # -- cursor --------------------------------------------------------------

    def _visible_rows(self) -> int:
        return max(1, self.size.height - 1)

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._view) - 1)) if self._view else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old + 1)
        self.refresh_line(new + 1)
        self._scroll_to_cursor()
        self.post_message(self.Highlighted(self.current_article))

    def _scroll_to_cursor(self) -> None:
        top = round(self.scroll_y)
        rows = self._visible_rows()
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + rows:
            self.scroll_to(y=self.cursor - rows + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_page_up(self) -> None:
        self.cursor -= self._visible_rows()

    def action_page_down(self) -> None:
        self.cursor += self._visible_rows()

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._view) - 1

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            date_w, title_w, _ = column_widths(self.size.width)
            edges = (date_w + 2, date_w + title_w + 4)
            column = "date" if event.x < edges[0] else "title" if event.x < edges[1] else "author"
            self.post_message(self.HeaderClicked(column))
        else:
            self.cursor = round(self.scroll_y) + event.y - 1

    def on_resize(self, event: events.Resize) -> None:
        self._lines.clear()
        self.virtual_size = Size(event.size.width, len(self._view) + 1)

    # -- rendering -------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == 0:
            return self._header(width)
        row = round(self.scroll_y) + y - 1
        if row >= len(self._view):
            if not self._view and y == 2 and self._empty_message:
                text = Text(self._empty_message, style=self._style("article-table--dim"))
                text.truncate(width - 2, overflow="ellipsis")
                return self._strip(Text(" ") + text, width)
            return Strip.blank(width, self.rich_style)
        index = self._view[row]
        selected = row == self.cursor
        key = (index, selected, width, self.has_focus, id(self._highlight))
        strip = self._lines.get(key)
        if strip is None:
            strip = self._row(self._articles[index], width, selected)
            self._lines[key] = strip
        return strip

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(name, partial=True)

    def _strip(self, text: Text, width: int, style: Style | None = None) -> Strip:
        text.truncate(width, overflow="crop", pad=True)
        segments = list(text.render(self.app.console))
        strip = Strip(segments, width).apply_style(self.rich_style)
        return strip.apply_style(style) if style else strip

    def _cell(self, value: str, field: str, width: int) -> Text:
        text = Text(value, no_wrap=True, end="")
        if self._highlight and value:
            match = self._style("article-table--match")
            for start, end in self._highlight(field, value):
                text.stylize(match, start, end)
        text.truncate(width, overflow="ellipsis", pad=True)
        return text

    def _row(self, article: Article, width: int, selected: bool) -> Strip:
        date_w, title_w, author_w = column_widths(width)
        date = Text(
            (article.iso_date or "—").ljust(date_w), style=self._style("article-table--dim")
        )
        line = Text.assemble(
            " ",
            date,
            "  ",
            self._cell(article.title, "title", title_w),
            "  ",
            self._cell(article.author, "author", author_w),
        )
        return self._strip(line, width, self._style("article-table--cursor") if selected else None)

    def _header(self, width: int) -> Strip:
        widths = column_widths(width)
        primary = self._sort[0] if self._sort else None
        parts: list[Text | str] = [" "]
        for (column, label), cell in zip(HEADERS, widths, strict=True):
            if primary and primary.column == column:
                label = f"{label} {'▼' if primary.descending else '▲'}"
            parts += [Text(label.ljust(cell)[:cell]), "  "]
        return self._strip(Text.assemble(*parts), width, self._style("article-table--header"))

    def render_lines_for_test(self) -> list[str]:
        """The visible lines as plain text (for tests and debugging)."""
        return [
            "".join(s.text for s in self.render_line(y) if isinstance(s, Segment))
            for y in range(self.size.height)
        ]
