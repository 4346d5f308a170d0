"""The main screen's actions in the command palette (ctrl+p).

Built from the live bindings (the same ones the help screen lists), so each
command shows its key and the palette never offers what the keys do not;
sorting by a given column, which is a header click rather than a key, is
added per column.  Each command runs the screen's action, as its key would.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.actions import parse as parse_action
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.screens.help import live_actions
from tui.sorting import COLUMNS, DEFAULT_DESCENDING

# Keys that move or edit rather than do something worth naming in a list.
NOT_COMMANDS = {
    "cursor_up",
    "cursor_down",
    "page_up",
    "page_down",
    "first",
    "last",
    "leave_filter",
    "clear_filter",
    "history_back",
    "history_forward",
    "scroll_detail(1)",
    "scroll_detail(-1)",
    "page(1)",
    "page(-1)",
    "line(1)",
    "line(-1)",
    "top",
    "bottom",
    "quit",  # Textual's own commands have Quit
    "app.quit",
}
# Palette titles for actions whose key description is too terse out of context.
TITLES = {
    "cycle_sort": "Sort by the next column",
    "reverse_sort": "Reverse the sort",
    "copy": "Copy the summary",
    "toggle_detail": "Show or hide the detail pane",
    "help": "Help: keys and query syntax",
    "diagnostics": "Warnings found while loading",
    "open": "Read the article (reader view)",
    "focus_filter": "Filter the articles",
    "next(1)": "Next article",
    "next(-1)": "Previous article",
    "close": "Back to the list",
}


class ArchiveCommands(Provider):
    """Sort, reverse, copy, read, warnings, help, the detail pane; in the
    reader, next, previous, copy and back."""

    def _commands(self) -> Iterator[tuple[str, str, str]]:
        """(title, help, action) for each command."""
        sorts = COLUMNS if hasattr(self.screen, "action_sort_by") else ()
        for column in sorts:
            order = "newest first" if DEFAULT_DESCENDING[column] else "A to Z"
            yield (
                f"Sort by {column}",
                f"{order}; again to reverse (or click the {column} header)",
                f"sort_by('{column}')",
            )
        for actions in live_actions(self.screen).values():
            for action, (keys, description) in actions.items():
                if action not in NOT_COMMANDS:
                    title = TITLES.get(action, description)
                    yield title, f"{description} · key: {', '.join(keys)}", action

    def _run(self, action: str) -> None:
        """Run ``action`` on the screen or the widget that defines it.  A
        command is chosen on purpose: it runs wherever the focus is (keys
        that would type into the filter, such as ``\\``, are off there)."""
        _, name, params = parse_action(action)
        nodes = (self.screen, *self.screen.query("*"))
        target = next((node for node in nodes if hasattr(node, f"action_{name}")), None)
        if target is not None:
            self.app.call_later(getattr(target, f"action_{name}"), *params)

    async def discover(self) -> Hits:
        for title, help_text, action in self._commands():
            yield DiscoveryHit(title, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(title), partial(self._run, action), help=help_text
                )
