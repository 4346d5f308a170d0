"""The main screen's actions on the highlighted article and the sort.

Kept apart from the screen's wiring (:mod:`tui.screens.main`) so that each
file stays readable; the screen supplies the widgets these act on.
"""

from __future__ import annotations

from textual import work

from tui.clipboard import CopyOutcome, describe, system_copy
from tui.screens.loader import ArchiveScreen
from tui.sorting import SortKey, cycled, keys_for, reversed_keys
from tui.widgets.article_table import ArticleTable
from tui.widgets.filter_bar import FilterBar


class ArticleActions(ArchiveScreen):
    """Sorting, the warnings screen and copying, on the screen's widgets."""

    _sort_keep: int | None = None  # the cursor's article when a sort was asked for

    @property
    def table(self) -> ArticleTable:
        raise NotImplementedError

    @property
    def filter_bar(self) -> FilterBar:
        raise NotImplementedError

    def refresh_view(self, keep: int | None = None) -> None:
        raise NotImplementedError

    def _resort(self, keys: tuple[SortKey, ...]) -> None:
        """Sort by ``keys``, keeping the cursor's article."""
        self._sort_keep = self.table.current_article
        self.sort(keys)

    def action_sort_by(self, column: str) -> None:
        """Sort by ``column`` (its natural direction; again: reversed), as a header click."""
        self._resort(keys_for(self.archive.sort_keys, column))

    def action_cycle_sort(self) -> None:
        self._resort(cycled(self.archive.sort_keys))

    def action_reverse_sort(self) -> None:
        self._resort(reversed_keys(self.archive.sort_keys))

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
