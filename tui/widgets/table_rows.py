"""A table row's segments, built directly: what Rich would render, faster.

A keystroke repaints every visible row (its highlights changed), and building
each through Rich (``Text.assemble``, ``truncate``, ``render``, then the
strip's style) cost about 0.2 ms a row: 7 ms of a frame for a screenful.
For text of single-cell characters (nearly every title and author) this
builds the same segments with the same styles itself, following Rich's rules
exactly: a segment per run between span edges, its style the spans covering
it combined in the order they were added, an ellipsis taking the styles at
the cut; then the widget's (and the cursor's) style under each.  Anything
else (wide characters, a row wider than the table) returns None: Rich's path.
A differential test compares the two on random rows.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip

if TYPE_CHECKING:
    from tui.listing import Article
    from tui.widgets.article_table import ArticleTable

HEADERS = (("date", "Date"), ("title", "Title"), ("author", "Author"))
DATE_WIDTH = 10
# The author column never takes less than its header with a sort arrow.
AUTHOR_MIN = len("Author ▲")


def column_widths(width: int, author: int = 28) -> tuple[int, int, int]:
    """Cells for date, title and author at a given table width, the author
    column sized to ``author`` (its widest name) up to a fifth of the width:
    the title takes what is left."""
    cap = max(AUTHOR_MIN + 2, width // 5)
    author_w = max(AUTHOR_MIN, min(author, cap))
    title = max(4, width - DATE_WIDTH - author_w - 6)
    return DATE_WIDTH, title, author_w


Span = tuple[int, int, Style]


def _cell(
    value: str, width: int, marks: list[tuple[int, int]], style: Style | None, match: Style
) -> tuple[str, list[Span]] | None:
    """One cell as Rich's ``Text(value, style).stylize(...)`` then
    ``truncate(width, "ellipsis", pad=True)`` leaves it: its text and spans
    (the base style's first).  None for text that is not one cell a character."""
    if cell_len(value) != len(value):
        return None
    spans: list[Span] = [(start, end, match) for start, end in marks if end > start]
    if len(value) > width:
        value = value[: width - 1] + "…"
        limit = len(value)
        spans = [(start, min(end, limit), st) for start, end, st in spans if start < limit]
    elif len(value) < width:
        value += " " * (width - len(value))
    if style:
        spans.insert(0, (0, len(value), style))
    return value, spans


def fast_row(table: ArticleTable, article: Article, width: int, selected: bool) -> Strip | None:
    """The row's strip (see the module docstring), or None to use Rich."""
    date_w, title_w, author_w = column_widths(width, table._author_cells)
    dim = None if selected else table._fg("article-table--dim")
    highlight = table._highlight is not None
    name = "article-table--stale-match" if table._stale else "article-table--match"
    match = table._fg(name)
    if article.date:
        value = article.iso_date
        date = _cell(value, date_w, table._marks("date", value) if highlight else [], dim, match)
    else:
        date = ("—".ljust(date_w), [(0, date_w, dim)] if dim else [])
    title, author = article.title, article.author
    title_cell = _cell(
        title, title_w, table._marks("title", title) if highlight and title else [], None, match
    )
    author_cell = _cell(
        author,
        author_w,
        table._marks("author", author) if highlight and author else [],
        None,
        match,
    )
    if date is None or title_cell is None or author_cell is None:
        return None
    text = [" "]
    spans: list[Span] = []
    offset = 1
    for index, (cell, cell_spans) in enumerate((date, title_cell, author_cell)):
        if index:
            text.append("  ")
            offset += 2
        spans += [(start + offset, end + offset, st) for start, end, st in cell_spans]
        text.append(cell)
        offset += len(cell)
    if offset > width:
        return None  # cropped: Rich's path
    plain = "".join(text) + " " * (width - offset)
    base = (
        table._style("") + table._style("article-table--cursor") if selected else table._style("")
    )
    return Strip(_segments(plain, spans, base), width)


def _segments(plain: str, spans: list[Span], base: Style) -> list[Segment]:
    """Rich's ``Text.render`` of ``plain`` with ``spans``, each segment's style
    put over ``base`` (``Strip.apply_style``)."""
    if not spans:
        return [Segment(plain, base + Style.null())]
    events = [(0, False, -1)]
    events += [(start, False, index) for index, (start, _, _) in enumerate(spans)]
    events += [(end, True, index) for index, (_, end, _) in enumerate(spans)]
    events.append((len(plain), True, -1))
    events.sort(key=lambda event: (event[0], event[1]))
    active: list[int] = []
    out: list[Segment] = []
    cache: dict[tuple[int, ...], Style] = {}
    for (offset, leaving, index), (following, _, _) in itertools.pairwise(events):
        if index >= 0:
            if leaving:
                active.remove(index)
            else:
                active.append(index)
        if following > offset:
            key = tuple(sorted(active))
            style = cache.get(key)
            if style is None:
                style = cache[key] = base + Style.combine(
                    [Style.null(), *(spans[i][2] for i in key)]
                )
            out.append(Segment(plain[offset:following], style))
    return out


# -- Rich's path: any text --------------------------------------------------


def _rich_cell(
    table: ArticleTable, value: str, field: str, width: int, style: Style | str = ""
) -> Text:
    text = Text(value, style=style, no_wrap=True, end="")
    if table._highlight and value:
        name = "article-table--stale-match" if table._stale else "article-table--match"
        match = table._fg(name)
        for start, end in table._marks(field, value):
            text.stylize(match, start, end)
    text.truncate(width, overflow="ellipsis", pad=True)
    return text


def rich_row(table: ArticleTable, article: Article, width: int, selected: bool) -> Strip:
    """A row built as Rich text (any text: wide characters included)."""
    date_w, title_w, author_w = column_widths(width, table._author_cells)
    # On the cursor row the date takes the cursor's colour, not the dim one.
    dim = "" if selected else table._fg("article-table--dim")
    date = _rich_cell(table, article.iso_date, "date", date_w, dim) if article.date else None
    line = Text.assemble(
        " ",
        date or Text("—".ljust(date_w), style=dim),
        "  ",
        _rich_cell(table, article.title, "title", title_w),
        "  ",
        _rich_cell(table, article.author, "author", author_w),
    )
    cursor = table._style("article-table--cursor") if selected else None
    return table._strip(line, width, cursor)


def header_row(table: ArticleTable, width: int) -> Strip:
    widths = column_widths(width, table._author_cells)
    primary = table._sort[0] if table._sort else None
    parts: list[Text | str] = [" "]
    for (column, label), cell in zip(HEADERS, widths, strict=True):
        if primary and primary.column == column:
            label = f"{label} {'▼' if primary.descending else '▲'}"
        parts += [Text(label.ljust(cell)[:cell]), "  "]
    header = table._style("article-table--header")
    return table._strip(Text.assemble(*parts), width, header)
