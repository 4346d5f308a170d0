"""The detail pane: one article's title, byline, caption and summary, wrapped."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.listing import MONTHS, WEEKDAYS, Article

# (field, original text) -> spans to highlight.
Highlighter = Callable[[str, str], list[tuple[int, int]]]
MATCH_STYLE = "bold underline reverse"
# The marks of the last valid query while the typed one does not parse.
STALE_MATCH_STYLE = "underline"
# The pane re-wraps all its text on every article change and resize: a
# several-MB summary would freeze the UI for seconds, so it shows a prefix.
SUMMARY_SHOWN = 20_000


def written_on(article: Article) -> str:
    """``Friday, 25 November 2016`` (the weekday computed from the date)."""
    if article.date:
        date = article.date
        weekday, month = WEEKDAYS[date.weekday()], MONTHS[date.month - 1]
        return f"{weekday.capitalize()}, {date.day} {month.capitalize()} {date.year}"
    return article.date_text or "no date"


def _marked(
    value: str, field: str, highlight: Highlighter | None, style: str = "", mark: str = MATCH_STYLE
) -> Text:
    text = Text(value, style=style)
    if highlight and value:
        for start, end in highlight(field, value):
            text.stylize(mark, start, end)
    return text


def _byline(article: Article, highlight: Highlighter | None, mark: str) -> Text:
    """``Author · date``: author and date each marked for their own field's terms."""
    author = article.author or "unknown author"
    when = written_on(article)
    text = Text(f"{author} · {when}", style="italic")
    if highlight:
        marks = highlight("author", author) if article.author else []
        offset = len(author) + 3
        marks += [(offset + start, offset + end) for start, end in highlight("date", when)]
        for start, end in marks:
            text.stylize(mark, start, end)
    return text


def render_article(
    article: Article,
    highlight: Highlighter | None = None,
    *,
    stale: bool = False,
    shown: int = SUMMARY_SHOWN,
) -> Text:
    """The pane's content as one Text: article text is never parsed as markup.
    ``stale``: the marks are the last valid query's (drawn fainter);
    ``shown``: how much of the summary to lay out."""
    mark = STALE_MATCH_STYLE if stale else MATCH_STYLE
    parts = [
        _marked(article.title or "(untitled)", "title", highlight, "bold", mark),
        Text("\n"),
        _byline(article, highlight, mark),
        Text("\n\n"),
    ]
    if article.caption:
        parts += [
            Text("▣ Image caption: ", style="dim"),
            _marked(article.caption, "caption", highlight, "dim italic", mark),
            Text("\n\n"),
        ]
    summary = article.summary or "(no summary)"
    parts.append(_marked(summary[:shown], "summary", highlight, "", mark))
    if len(summary) > shown:
        rest = len(summary) - shown
        parts.append(Text(f"\n\n… {rest:,} more characters (c copies all of it)", style="dim"))
    return Text.assemble(*parts)


class DetailPane(VerticalScroll):
    """Shows one article, or a hint when there is none."""

    DEFAULT_CSS = """
    DetailPane { padding: 0 1; }
    DetailPane > Static { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static(Text("No article selected.", style="dim"), id="detail-text")

    def show(
        self, article: Article | None, highlight: Highlighter | None = None, stale: bool = False
    ) -> None:
        """Show ``article`` (None: an empty hint)."""
        static = self.query_one("#detail-text", Static)
        if article is None:
            static.update(Text("No article selected.", style="dim"))
        else:
            static.update(render_article(article, highlight, stale=stale))
        self.scroll_home(animate=False)

    @property
    def text(self) -> str:
        """The pane's plain text (for tests)."""
        return str(self.query_one("#detail-text", Static).content)
