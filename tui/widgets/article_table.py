"""A virtualized article table: renders only the rows on screen (Line API).

It is dumb: it is given the articles and the view (indices) and renders them;
cursor moves, header clicks and "open this article" go upward as messages.
The cost of a frame is the number of visible rows, whether the view holds 7
articles or 1,000,000: rows are cached per (article, cursor, width, focus,
theme) and the cache is emptied whenever the styles change (a new theme).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.listing import Article
from tui.sorting import SortKey
from tui.widgets.table_rows import column_widths, header_row, rich_row
from tui.widgets.table_rows import fast_row as _fast_row

__all__ = ["ArticleTable", "Highlighter", "column_widths"]

# (field, original text) -> spans to highlight, in the original text's indices.
Highlighter = Callable[[str, str], list[tuple[int, int]]]


class ArticleTable(ScrollView, can_focus=True):
    """Date / Title / Author rows with a sticky header and a cursor."""

    HELP_GROUP = "Table"

    DEFAULT_CSS = """
    ArticleTable {
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
        color: $foreground;
        & > .article-table--header { text-style: bold; background: $panel; color: $foreground; }
        & > .article-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .article-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .article-table--match { text-style: bold underline; color: $text-warning; }
        & > .article-table--stale-match { text-style: underline; }
        & > .article-table--dim { color: $foreground-muted; }
        /* ANSI themes: no alpha blending, so explicit colours and attributes. */
        &:ansi > .article-table--header { background: ansi_bright_blue; color: ansi_default; }
        &:ansi > .article-table--cursor { text-style: reverse; }
        &:ansi:focus > .article-table--cursor { text-style: bold; }
        &:ansi > .article-table--match { color: ansi_yellow; }
        &:ansi > .article-table--dim { text-style: dim; }
    }
    """
    COMPONENT_CLASSES = {
        "article-table--header",
        "article-table--cursor",
        "article-table--match",
        "article-table--stale-match",
        "article-table--dim",
    }
    BINDINGS = [
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,g", "first", "First article", show=False),
        Binding("end,G", "last", "Last article", show=False),
        Binding("enter", "open", "Read"),
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

    class Opened(Message):
        """Enter (or a double click) on a row: read ``article``."""

        def __init__(self, article: int) -> None:
            super().__init__()
            self.article = article

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._articles: Sequence[Article] = ()
        self._view: Sequence[int] = ()
        self._sort: Sequence[SortKey] = ()
        self._empty: list[Text] = []  # the lines shown when the view is empty
        self._highlight: Highlighter | None = None
        self._stale = False
        self._lines: LRUCache[tuple[object, ...], Strip] = LRUCache(512)
        # Styles by (name, focused), and a frame's row width: both are read
        # for every row and cost a DOM or compositor walk each time.
        self._styles: dict[tuple[str, bool], Style] = {}
        self._frame_width: int | None = None
        # Marks of each distinct date string for the current query.
        self._date_marks: dict[str, list[tuple[int, int]]] = {}
        # The widest author name (cells) among the first ``_measured`` articles.
        self._author_cells = 0
        self._measured = 0

    # -- data in -----------------------------------------------------------

    def show(
        self,
        articles: Sequence[Article],
        view: Sequence[int],
        sort: Sequence[SortKey],
        *,
        empty_message: Text | str = "",
        highlight: Highlighter | None = None,
        stale: bool = False,
        keep: int | None = None,
        author_cells: int | None = None,
    ) -> None:
        """Show ``view``; keep the cursor on article ``keep`` if it is still
        shown, else on the first row.  ``stale``: the highlights belong to an
        earlier query than the one typed (drawn dimmer)."""
        if articles is not self._articles or len(articles) < self._measured:
            self._author_cells = self._measured = 0
        self._articles = articles
        if author_cells is None:
            self._measure_authors()
        else:  # measured by the caller (once per corpus, off this thread)
            self._author_cells, self._measured = author_cells, len(articles)
        self._view = view
        self._sort = tuple(sort)
        message = Text(empty_message) if isinstance(empty_message, str) else empty_message
        self._empty = list(message.split("\n")) if message.plain else []
        self._highlight = highlight
        self._stale = stale
        self._lines.clear()
        self._date_marks.clear()
        self._set_rows(len(view))
        row = 0
        if keep is not None and view:
            try:
                row = view.index(keep) if len(view) < 200_000 else 0
            except ValueError:
                row = 0
        self.cursor = row
        self.refresh()

    def _set_rows(self, rows: int) -> None:
        """Size the scrollable area for ``rows`` (and the header).  While the
        scrollbar stays as it is (shown, or not needed, before and after), only
        its thumb changes: no layout pass of the screen for a new row count,
        which would repaint every widget on every keystroke."""
        size = Size(self._width, rows + 1)
        if size == self.virtual_size:
            return
        height = self.size.height
        fits = size.height <= height
        if (
            height
            and size.width == self.virtual_size.width
            and fits == (self.virtual_size.height <= height)
        ):
            self.set_reactive(ArticleTable.virtual_size, size)
            if not fits:
                self.vertical_scrollbar.window_virtual_size = size.height
            if self.scroll_y > self.max_scroll_y:
                self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True)
            return
        self.virtual_size = size

    def _measure_authors(self) -> None:
        """Widen the author column for articles added since the last call
        (loading appends; each distinct name is measured once)."""
        new = self._articles[self._measured :]
        if new:
            names = {article.author for article in new}
            self._author_cells = max(self._author_cells, *map(cell_len, names))
            self._measured = len(self._articles)

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

    @property
    def _width(self) -> int:
        """Cells for the rows: the widget less its scrollbar."""
        if self._frame_width is not None:
            return self._frame_width
        return self.scrollable_content_region.width

    def render_lines(self, crop: Region) -> list[Strip]:
        # One width for all the lines of a frame.
        self._frame_width = self.scrollable_content_region.width
        try:
            return super().render_lines(crop)
        finally:
            self._frame_width = None

    def columns(self) -> tuple[int, int, int]:
        """The date, title and author widths now."""
        return column_widths(self._width, self._author_cells)

    # -- cursor --------------------------------------------------------------

    def _visible_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

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

    def action_open(self) -> None:
        article = self.current_article
        if article is not None:
            self.post_message(self.Opened(article))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            date_w, title_w, _ = self.columns()
            edges = (date_w + 2, date_w + title_w + 4)
            column = "date" if event.x < edges[0] else "title" if event.x < edges[1] else "author"
            self.post_message(self.HeaderClicked(column))
            return
        row = round(self.scroll_y) + event.y - 1
        if row >= len(self._view):
            return
        self.cursor = row
        if event.chain >= 2:
            self.action_open()

    def on_resize(self, event: events.Resize) -> None:
        self._lines.clear()
        self.virtual_size = Size(self._width, len(self._view) + 1)

    def notify_style_update(self) -> None:
        """New styles (a theme change): every cached row is out of date."""
        super().notify_style_update()
        self._lines.clear()
        self._styles.clear()
        self.refresh()

    # -- rendering -------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self._width
        if y == 0:
            return self._header(width)
        row = round(self.scroll_y) + y - 1
        if row >= len(self._view):
            if not self._view and 0 <= y - 2 < len(self._empty):
                line = self._empty[y - 2].copy()
                line.style = self._fg("article-table--dim")  # under the line's own spans
                text = Text(" ") + line
                text.truncate(width, overflow="ellipsis")
                return self._strip(text, width)
            return Strip.blank(width, self._style(""))
        index = self._view[row]
        selected = row == self.cursor
        key = (index, selected, width, self.has_focus, self._stale, self.app.theme)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._row(self._articles[index], width, selected)
            self._lines[key] = strip
        return strip

    def _style(self, name: str) -> Style:
        """The widget's own style (``name`` empty) or a component's, cached."""
        key = (name, self.has_focus)
        style = self._styles.get(key)
        if style is None:
            style = self.get_component_rich_style(name) if name else self.rich_style
            self._styles[key] = style
        return style

    def _fg(self, name: str) -> Style:
        """A component's colour and attributes without its background, so
        that it can sit on any row (the cursor's included)."""
        key = (f"{name} fg", self.has_focus)
        style = self._styles.get(key)
        if style is None:
            full = self._style(name)
            style = self._styles[key] = full.without_color + Style(color=full.color)
        return style

    def _strip(self, text: Text, width: int, style: Style | None = None) -> Strip:
        """One line: ``style`` (the row's: header or cursor) over the widget's
        own, and the text's spans (matches, dim dates) over both."""
        text.truncate(width, overflow="crop", pad=True)
        segments = list(text.render(self.app.console))
        base = self._style("") + style if style else self._style("")
        return Strip(segments, width).apply_style(base)

    def _marks(self, field: str, value: str) -> list[tuple[int, int]]:
        assert self._highlight is not None
        if field != "date":
            return self._highlight(field, value)
        marks = self._date_marks.get(value)  # dates repeat: mark each once
        if marks is None:
            if len(self._date_marks) > 50_000:
                self._date_marks.clear()
            marks = self._date_marks[value] = self._highlight(field, value)
        return marks

    def _row(self, article: Article, width: int, selected: bool) -> Strip:
        fast = _fast_row(self, article, width, selected)
        return fast if fast is not None else self._rich_row(article, width, selected)

    def _rich_row(self, article: Article, width: int, selected: bool) -> Strip:
        return rich_row(self, article, width, selected)

    def _header(self, width: int) -> Strip:
        return header_row(self, width)

    def render_lines_for_test(self) -> list[str]:
        """The visible lines as plain text (for tests and debugging)."""
        return [
            "".join(s.text for s in self.render_line(y) if isinstance(s, Segment))
            for y in range(self.size.height)
        ]
