"""The main screen: it owns the model and mediates between the widgets."""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header
from textual.worker import get_current_worker

from tui.clipboard import CopyOutcome, describe, system_copy
from tui.highlight import highlighter
from tui.history import History, default_path
from tui.loading import Batch, load_batches
from tui.model import Archive, SortKey
from tui.query import Budget, Query, QueryError, SearchCancelled, parse_query
from tui.text import shorten
from tui.widgets.article_table import ArticleTable
from tui.widgets.detail_pane import DetailPane
from tui.widgets.filter_bar import FilterBar
from tui.widgets.status_line import StatusLine

# Leading rows a search shows before its whole result (more than a tall screen).
PAGE_ROWS = 200


class SearchDone(Message):
    """A worker's result; ``generation`` tells a stale one from the latest."""

    def __init__(
        self, generation: int, query: Query, indices: list[int], complete: bool = True
    ) -> None:
        super().__init__()
        self.generation = generation
        self.query = query
        self.indices = indices
        self.complete = complete  # False: the leading rows only, more to come


class SearchFailed(Message):
    """A worker's search stopped on a query error (a pattern over its budget)."""

    def __init__(self, generation: int, error: str) -> None:
        super().__init__()
        self.generation = generation
        self.error = error


class Loaded(Message):
    """A batch from the background loader (articles, progress or an error)."""

    def __init__(self, batch: Batch) -> None:
        super().__init__()
        self.batch = batch


class IndexReady(Message):
    """The trigram index is built: searches use it from now on."""


def _parses(text: str) -> bool:
    """Only queries that parse go into the history (typos do not)."""
    try:
        parse_query(text)
    except QueryError:
        return False
    return True


# Below this many articles a search scans faster than numpy can start up.
INDEX_MIN_ARTICLES = 5000


class MainScreen(Screen[None]):
    """Filter bar, table and detail pane, status line."""

    HELP_GROUP = "Archive"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    # The filter's keys are priority bindings: the app runs them as it reads
    # each key, so focus moves before the next key (typed fast, or pasted) is
    # routed.  check_action enables each only where it applies.
    BINDINGS = [
        Binding("slash", "focus_filter", "Filter", priority=True),
        Binding("enter", "leave_filter", "Back to the table", show=False, priority=True),
        Binding("up", "history_back", "Earlier query (history)", show=False, priority=True),
        Binding(
            "down", "history_forward", "Later query, then the table", show=False, priority=True
        ),
        Binding("escape", "clear_filter", "Clear filter / back", show=False, priority=True),
        Binding("s", "cycle_sort", "Sort"),
        Binding("r", "reverse_sort", "Reverse"),
        Binding("c", "copy", "Copy summary"),
        Binding("question_mark", "help", "Help"),
        Binding("exclamation_mark", "diagnostics", "Warnings", show=False),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(
        self, archive: Archive, initial_filter: str = "", paths: Sequence[str] = ()
    ) -> None:
        super().__init__()
        self.archive = archive
        self._initial_filter = initial_filter
        self._paths = list(paths)
        self._generation = 0
        self.history = History()
        self._loading = "loading…" if paths else ""
        self._searching = ""  # set while only a search's leading rows are shown

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
        self.sub_title = " · ".join(self.archive.sections) or "(no section)"
        self.refresh_view()
        self.table.focus()
        self.history, warning = History.load(default_path())
        if warning:
            self.notify(warning, title="Query history", severity="warning", markup=False)
        if self._initial_filter:
            self.filter_bar.value = self._initial_filter
        if self._paths:
            self._load(self._paths)

    # -- model -> widgets ----------------------------------------------------

    def refresh_view(self, keep: int | None = None) -> None:
        """Push the model's view into the table and the status line."""
        archive = self.archive
        query = archive.query
        empty = f"No articles match “{shorten(query.text, 60)}”." if query.text else ""
        if not archive.articles:
            empty = "This archive has no articles."
        self.table.show(
            archive.articles,
            archive.view,
            archive.sort_keys,
            empty_message=empty,
            highlight=highlighter(query),
            keep=keep,
        )
        self.update_status()

    def update_status(self) -> None:
        archive = self.archive
        self.query_one(StatusLine).show(
            len(archive.view),
            len(archive),
            # While a fuzzy term is active, relevance is the primary sort.
            (SortKey("relevance", True), *archive.sort_keys)
            if archive.query.ranked
            else archive.sort_keys,
            len(archive.diagnostics),
            " · ".join(filter(None, (self._loading, self._searching))),
        )

    # -- loading ---------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def _load(self, paths: list[str]) -> None:
        worker = get_current_worker()
        for batch in load_batches(paths):
            if worker.is_cancelled:  # quit: stop parsing (a piece is ~20 ms)
                return
            self.post_message(Loaded(batch))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        batch = message.batch
        archive = self.archive
        if batch.error:
            self.notify(batch.error, title="Not loaded", severity="error", markup=False)
        if batch.section and batch.section not in archive.sections:
            archive.sections.append(batch.section)
            self.sub_title = " · ".join(archive.sections)
        self._loading = (
            "" if batch.done else f"loading… {batch.loaded:,} articles · {batch.fraction:.0%}"
        )
        if batch.articles or batch.diagnostics:
            keep = self.table.current_article
            archive.extend(batch.articles, batch.diagnostics, batch.haystacks)
            if archive.query.is_empty:
                self.refresh_view(keep)
            # A typed query's search may still be on its way (over the articles
            # before this batch, e.g. --filter at startup): run it again.
            if self.filter_bar.value.strip() or not archive.query.is_empty:
                self.start_search(self.filter_bar.value)
        self.update_status()
        if batch.done:
            # The loaded articles live as long as the app: move them (and all
            # else alive now) out of the collector's reach, or every full GC
            # pass walks them all (~100 ms at 100k articles, felt as stalls
            # between keystrokes).  Once per load, when everything is in.
            gc.freeze()
        if batch.done and len(archive) >= INDEX_MIN_ARTICLES:
            self._build_index()

    @work(thread=True, exclusive=True, group="index")
    def _build_index(self) -> None:
        self.archive.build_index()
        self.post_message(IndexReady())
        self.archive.warm_sorts()

    # -- filter --------------------------------------------------------------

    @on(FilterBar.Changed)
    def _filter_changed(self, event: FilterBar.Changed) -> None:
        self.start_search(event.value)

    def start_search(self, text: str) -> None:
        """Parse ``text``; on success search in a worker, else show the error."""
        try:
            query = parse_query(text)
        except QueryError as error:
            self.filter_bar.show_error(str(error))
            return
        self.filter_bar.show_error(None)
        self._generation += 1
        self._search(query, self._generation)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, query: Query, generation: int) -> None:
        # A screenful of leading rows first: on a big archive a short word
        # matches nearly everything, and finding all of it takes many frames.
        # The worker is cancelled by the next keystroke's search (exclusive)
        # and on quit; the search polls that between chunks and stops.
        worker = get_current_worker()
        budget = Budget(stop=lambda: worker.is_cancelled)
        try:
            for indices, complete in self.archive.search_steps(query, PAGE_ROWS, budget=budget):
                if worker.is_cancelled:
                    return
                self.post_message(SearchDone(generation, query, indices, complete=complete))
        except SearchCancelled:
            return
        except QueryError as error:  # a pattern over its time budget
            self.post_message(SearchFailed(generation, str(error)))

    @on(SearchDone)
    def _search_done(self, message: SearchDone) -> None:
        if message.generation != self._generation:
            return  # a newer keystroke's search is on its way
        keep = self.table.current_article
        self.archive.apply(message.query, message.indices, complete=message.complete)
        self._searching = "" if message.complete else "searching…"
        self.refresh_view(keep)

    @on(SearchFailed)
    def _search_failed(self, message: SearchFailed) -> None:
        if message.generation == self._generation:
            self._searching = ""
            self.filter_bar.show_error(message.error)
            self.update_status()

    # -- table -> detail -----------------------------------------------------

    @on(ArticleTable.Highlighted)
    def _highlighted(self, event: ArticleTable.Highlighted) -> None:
        article = None if event.article is None else self.archive.articles[event.article]
        self.query_one(DetailPane).show(article, highlighter(self.archive.query))

    @on(ArticleTable.HeaderClicked)
    def _header_clicked(self, event: ArticleTable.HeaderClicked) -> None:
        self._resort(lambda: self.archive.sort_by(event.column))

    def _resort(self, change: Callable[[], None]) -> None:
        """Apply a sort change, keep the cursor's article, and precompute the
        sorts one key press away."""
        keep = self.table.current_article
        change()
        self.refresh_view(keep)
        if len(self.archive) >= INDEX_MIN_ARTICLES:
            self._warm_sorts()

    @work(thread=True, exclusive=True, group="warm")
    def _warm_sorts(self) -> None:
        self.archive.warm_sorts()

    # -- actions ---------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        in_filter = self.focused is self.filter_bar.input
        if action == "focus_filter":
            return not in_filter  # in the filter, "/" is just a character
        if action in ("leave_filter", "clear_filter", "history_back", "history_forward"):
            return in_filter
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

    def action_cycle_sort(self) -> None:
        self._resort(self.archive.cycle_sort)

    def action_reverse_sort(self) -> None:
        self._resort(self.archive.reverse)

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(self))

    def action_diagnostics(self) -> None:
        from tui.screens.diagnostics import DiagnosticsScreen

        archive = self.archive
        if not archive.diagnostics:
            self.notify("No warnings: every file loaded cleanly.", markup=False)
            return
        screen = DiagnosticsScreen(archive.diagnostics, archive.articles)
        self.app.push_screen(screen, self._jump_to)

    def _jump_to(self, index: int | None) -> None:
        """Put the cursor on article ``index``, clearing a filter that hides it."""
        if index is None:
            return
        archive = self.archive
        if index not in archive.view:
            self.filter_bar.value = ""
            archive.set_filter("")
            self.refresh_view()
        self.table.cursor = archive.view.index(index)
        self.set_focus(self.table)

    def action_copy(self) -> None:
        index = self.table.current_article
        if index is None:
            self.notify("Nothing to copy: no article is highlighted.", severity="warning")
            return
        article = self.archive.articles[index]
        if not article.summary:
            self.notify("This article has no summary to copy.", severity="warning")
            return
        # OSC 52 always: the one route that reaches the user's clipboard over SSH.
        self.app.copy_to_clipboard(article.summary)
        self._copy_system(article.summary)

    @work(thread=True, group="copy")
    def _copy_system(self, text: str) -> None:
        outcome = system_copy(text)
        self.app.call_from_thread(self._copied, outcome, len(text))

    def _copied(self, outcome: CopyOutcome, length: int) -> None:
        """One line: which routes took the text (see ``clipboard.describe``)."""
        message, warning = describe(outcome, length)
        self.notify(message, severity="warning" if warning else "information", markup=False)
