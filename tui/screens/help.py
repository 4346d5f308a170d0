"""The help screen, generated from the live bindings of the screen beneath it."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.query import SYNTAX


def _groups(screen: Screen[Any]) -> dict[str, list[tuple[str, str]]]:
    """Bindings declared by this project's classes on the live DOM, grouped by widget."""
    app = screen.app
    nodes: list[DOMNode] = [app, screen, *screen.query("*")]
    # group -> action -> (keys, description); make_bindings splits "up,k" into
    # one binding per key, so the keys of an action are gathered back together.
    found: dict[str, dict[str, tuple[list[str], str]]] = {}
    for node in nodes:
        for cls in type(node).__mro__:
            if not cls.__module__.startswith("tui.") or "BINDINGS" not in cls.__dict__:
                continue
            name = getattr(cls, "HELP_GROUP", cls.__name__)
            actions = found.setdefault(name, {})
            for binding in Binding.make_bindings(cls.__dict__["BINDINGS"]):
                if not binding.description:
                    continue
                keys, _ = actions.setdefault(binding.action, ([], binding.description))
                shown = app.get_key_display(binding)
                if shown not in keys:
                    keys.append(shown)
    groups = {
        name: [(", ".join(keys), description) for keys, description in actions.values()]
        for name, actions in found.items()
        if actions
    }
    return groups


def help_text(screen: Screen[Any]) -> Table:
    """A table of key groups and the query syntax."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    for group, rows in _groups(screen).items():
        table.add_row(Text(group, style="bold underline"), "")
        for keys, description in rows:
            table.add_row(Text(keys), Text(description))
        table.add_row("", "")
    table.add_row(Text("Query syntax", style="bold underline"), "")
    for example, meaning in SYNTAX:
        table.add_row(Text(example), Text(meaning))
    return table


class HelpScreen(ModalScreen[None]):
    """Keys and query syntax; any of escape, q or ? closes it."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close help")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 100; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    """

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__()
        self._under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Help — keys and query syntax"
            yield Static(help_text(self._under), id="help-body")

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
