"""The main screen: it owns the model and mediates between the widgets."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Footer, Header

from tui.highlight import highlighter, with_dates
from tui.history import History, default_path
from tui.listing import Article
from tui.query import QueryError, parse_query
from tui.screens.actions import ArticleActions
from tui.screens.commands import ArchiveCommands
from tui.screens.loader import Loaded, Suggestion
from tui.sorting import SortKey, keys_for
from tui.suggest import fuzzy_form, no_rows_message
from tui.text import shorten
from tui.view import ArchiveView
from tui.widgets.article_table import ArticleTable, Highlighter
from tui.widgets.detail_pane import DetailPane
from tui.widgets.filter_bar import FilterBar
from tui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from tui.engine import Result


def _parses(text: str) -> bool:
    """Only queries that parse go into the history (typos do not)."""
    try:
        parse_query(text)
    except QueryError:
        return False
    return True


class MainScreen(ArticleActions):
    """Filter bar, table and detail pane, status line."""

    HELP_GROUP = "Archive"
    # The table, not the first focusable widget (the filter): keys typed while
    # the app starts must not land in the filter.
    AUTO_FOCUS = "#table"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    COMMANDS = {ArchiveCommands}
    # The filter's keys are priority bindings: the app runs them as it reads
    # each key, so focus moves before the next key (typed fast, or pasted) is
    # routed.  check_action enables each only where it applies (and the
    # footer shows only those enabled: in the filter, its four keys).
    BINDINGS = [
        Binding("slash", "focus_filter", "Filter", priority=True),
        Binding("enter", "leave_filter", "Table", priority=True),
        Binding("escape", "clear_filter", "Clear filter", priority=True),
        Binding("up", "history_back", "Earlier query", priority=True),
        Binding("down", "history_forward", "Later query", priority=True),
        Binding("s", "cycle_sort", "Sort"),
        Binding("r", "reverse_sort", "Reverse"),
        Binding("c", "copy", "Copy summary"),
        Binding("backslash", "toggle_detail", "Detail pane"),
        Binding("space", "scroll_detail(1)", "Scroll the detail pane", show=False),
        Binding("b", "scroll_detail(-1)", "Scroll the detail pane back", show=False),
        Binding("question_mark", "help", "Help"),
        Binding("exclamation_mark", "diagnostics", "Warnings", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    # The help screen's rows for the mouse.
    HELP_MOUSE = (
        ("click a header", "sort by that column; again: reverse it"),
        ("click a row", "move to it; double-click: read it"),
        ("mouse wheel", "scroll the table or the detail pane"),
    )

    def __init__(
        self,
        archive: ArchiveView,
        initial_filter: str = "",
        paths: Sequence[str] = (),
        *,
        show_detail: bool = True,
        remember_detail: Callable[[bool], None] | None = None,
    ) -> None:
        super().__init__(archive, paths)
        self._initial_filter = initial_filter
        self.history = History()
        self._searching = ""  # set while only a search's leading rows are shown
        self._notes = (0, 0)  # (diagnostics counted, notes among them): they only grow
        self._typed_at = 0  # the cursor's row when the latest query was typed
        self._stale = False  # the typed query does not parse: the rows are the last good one's
        self._suggestion: Suggestion | None = None
        self._sort_keep: int | None = None  # the cursor's article when a sort was asked for
        self._detail_for: tuple[int | None] | None = None  # the pane's article, once painted
        self._remember_detail = remember_detail
        self.set_class(not show_detail, "-no-detail")

    def compose(self) -> ComposeResult:
        yield Header()
        yield FilterBar(id="filter")
        with Horizontal(id="body"):
            yield ArticleTable(id="table")
            yield DetailPane(id="detail")
        yield StatusLine(id="status")
        yield Footer()

    @property
    def table(self) -> ArticleTable:
        return self.query_one(ArticleTable)

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    def on_mount(self) -> None:
        self.title = "Archive TUI"
        self.sub_title = self.sections()
        self.refresh_view()
        self.table.focus()
        self.history, warning = History.load(default_path())
        if warning:
            self.notify(warning, title="Query history", severity="warning", markup=False)
        if self._initial_filter:
            self.filter_bar.value = self._initial_filter
        self.start_loading()

    # -- model -> widgets ----------------------------------------------------

    def refresh_view(self, keep: int | None = None) -> None:
        """Push the model's view into the table and the status line."""
        archive = self.archive
        self.table.show(
            archive.articles,
            archive.view,
            archive.sort_keys,
            empty_message=no_rows_message(
                archive.query.text,
                has_articles=bool(archive.articles),
                loading=self.load_progress is not None,
                suggestion=self._suggestion_for(archive.query.text),
            ),
            highlight=self._highlighter(),
            stale=self._stale,
            keep=keep,
            author_cells=archive.author_cells(),
        )
        self.update_status()

    def _highlighter(self) -> Highlighter | None:
        return with_dates(self.archive.query, highlighter(self.archive.query))

    def _suggestion_for(self, text: str) -> tuple[str, int] | None:
        hint = self._suggestion
        return (hint.fuzzy, hint.count) if hint is not None and hint.text == text else None

    def update_status(self) -> None:
        archive = self.archive
        counted, notes = self._notes
        diagnostics = archive.diagnostics
        if counted != len(diagnostics):
            notes += sum(d.severity == "note" for d in diagnostics[counted:])
            self._notes = (len(diagnostics), notes)
        remarks = [self._searching]
        if self._stale:
            last = shorten(archive.query.text, 40)
            remarks.append(f"showing the last valid query’s results (“{last}”)" if last else "")
        self.query_one(StatusLine).show(
            len(archive.view),
            len(archive),
            # While a fuzzy term is active, relevance is the primary sort.
            (SortKey("relevance", True), *archive.sort_keys)
            if archive.query.ranked
            else archive.sort_keys,
            len(diagnostics) - notes,
            loading=self.load_progress,
            remarks=[remark for remark in remarks if remark],
            notes=notes,
        )

    # -- loading ---------------------------------------------------------------

    def batch_arrived(self, message: Loaded) -> None:
        archive = self.archive
        if message.corpus is not None:
            keep = self._kept()
            if archive.query.is_empty:
                self.refresh_view(keep)
            # A typed query's search may still be on its way (over the articles
            # before this batch, e.g. --filter at startup): run it again.
            if self.filter_bar.value.strip() or not archive.query.is_empty:
                self._filter(self.filter_bar.value)
        if message.event.done and not archive.articles:
            self.refresh_view()  # "Loading…" becomes "no articles"
        self.update_status()

    # -- filter --------------------------------------------------------------

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        self._filter(event.value)

    def _filter(self, text: str) -> None:
        """Parse ``text``; on success search (in a worker), else show the error."""
        try:
            query = parse_query(text)
        except QueryError as error:
            self.filter_bar.show_error(str(error))
            if not self._stale:
                self._stale = True  # the rows stay, marked as the last good query's
                self.refresh_view(self.table.current_article)
            return
        self.filter_bar.show_error(None)
        self._stale = False
        # Where the cursor was when this query was typed: rows the user moves
        # on before its result arrives (a fast "query, enter, j") still count.
        self._typed_at = self.table.cursor
        self.start_search(query)

    def result_arrived(self, result: Result, same_query: bool) -> None:
        # A new query starts at the first row (as fzf does); the same query
        # again (more articles loaded, the rest of a partial result) keeps it.
        keep = self._kept() if same_query else None
        moved = 0 if same_query else max(0, self.table.cursor - self._typed_at)
        self._searching = "" if result.complete else "searching…"
        self.refresh_view(keep)
        if moved:
            self.table.cursor = moved
        if result.complete and not len(result.rows) and not result.query.ranked:
            fuzzy = fuzzy_form(result.query.text)
            if fuzzy is not None:
                self.suggest(result.query.text, fuzzy)

    def search_failed(self, error: str) -> None:
        self._searching = ""
        self.filter_bar.show_error(error)
        self.update_status()

    def sorted(self) -> None:
        self.refresh_view(self._sort_keep)

    def _kept(self) -> int | None:
        """The article the cursor should stay on while rows change under it:
        the one the user moved to; on the first row, the first row."""
        return self.table.current_article if self.table.cursor > 0 else None

    @on(Suggestion)
    def _suggested(self, message: Suggestion) -> None:
        if message.text == self.archive.query.text and not self.archive.view:
            self._suggestion = message
            self.refresh_view()

    # -- table -> detail -----------------------------------------------------

    @on(ArticleTable.Highlighted)
    def _highlighted(self, event: ArticleTable.Highlighted) -> None:
        # After the table's frame: the rows a key asked for are painted first,
        # and a burst of keys (or cursor moves) fills the pane once, at the end.
        if self._detail_for is None:
            self.call_after_refresh(self._show_detail)
        self._detail_for = (event.article,)

    def _show_detail(self) -> None:
        wanted, self._detail_for = self._detail_for, None
        if wanted is None:
            return
        index = wanted[0]
        article = None if index is None else self.archive.articles[index]
        self.query_one(DetailPane).show(article, self._highlighter(), self._stale)

    @on(ArticleTable.Opened)
    def _opened(self, event: ArticleTable.Opened) -> None:
        self.action_read()

    @on(ArticleTable.HeaderClicked)
    def _header_clicked(self, event: ArticleTable.HeaderClicked) -> None:
        self._resort(keys_for(self.archive.sort_keys, event.column))

    # -- actions ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        in_filter = self.focused is self.filter_bar.input
        if action == "focus_filter":
            return not in_filter  # in the filter, "/" is just a character
        if action in ("leave_filter", "clear_filter", "history_back", "history_forward"):
            return in_filter
        if action in ("toggle_detail", "scroll_detail") and in_filter:
            return False  # in the filter, "\" and space are typed
        if action == "scroll_detail":
            return not self.has_class("-no-detail")
        return True

    def action_focus_filter(self) -> None:
        self.set_focus(self.filter_bar.input)

    def action_leave_filter(self) -> None:
        # This priority binding runs as the app reads the key, while keys
        # typed just before it (a paste, a fast typist, a script) may still
        # wait in the input's queue: remember the query once the input has
        # taken them.  Focus moves now, so keys after this one reach the table.
        self.filter_bar.input.call_later(self._remember_query)
        self.set_focus(self.table)

    def _remember_query(self) -> None:
        text = self.filter_bar.value
        if text.strip() and _parses(text):
            warning = self.history.add(text)
            if warning:
                self.notify(warning, title="Query history", severity="warning", markup=False)

    def action_history_back(self) -> None:
        recalled = self.history.back(self.filter_bar.value)
        if recalled is not None:
            self.filter_bar.recall(recalled)

    def action_history_forward(self) -> None:
        recalled = self.history.forward(self.filter_bar.value)
        if recalled is None:
            self.action_leave_filter()
        else:
            self.filter_bar.recall(recalled)

    def action_clear_filter(self) -> None:
        if self.filter_bar.value:
            self.filter_bar.value = ""
        else:
            self.set_focus(self.table)

    def action_toggle_detail(self) -> None:
        """Show or hide the detail pane (the choice is kept for the next run)."""
        hide = not self.has_class("-no-detail")
        if hide and self.query_one(DetailPane).has_focus_within:
            self.set_focus(self.table)
        self.set_class(hide, "-no-detail")
        self.refresh_bindings()
        if self._remember_detail is not None:
            self._remember_detail(not hide)

    def action_scroll_detail(self, pages: int) -> None:
        detail = self.query_one(DetailPane)
        detail.scroll_to(y=detail.scroll_y + pages * detail.scrollable_content_region.height)

    def action_read(self) -> None:
        """Open the reader on the highlighted article."""
        from tui.screens.reader import ReaderScreen

        if self.table.current_article is not None:
            self.app.push_screen(ReaderScreen(self))

    # -- what the reader reads (see tui.screens.reader.Source) ---------------

    def reading(self) -> tuple[Article, int, int, Highlighter | None] | None:
        """The highlighted article, its row, the number of rows, and the marks."""
        index = self.table.current_article
        if index is None:
            return None
        article = self.archive.articles[index]
        return article, self.table.cursor, self.table.row_count, self._highlighter()

    def step(self, rows: int) -> bool:
        """Move the table's cursor by ``rows``; False when it cannot move."""
        before = self.table.cursor
        self.table.cursor = before + rows
        return self.table.cursor != before
