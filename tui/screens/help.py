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
from textual.widgets import Footer, Static

from tui.query import SYNTAX


def live_actions(screen: Screen[Any]) -> dict[str, dict[str, tuple[list[str], str]]]:
    """Bindings declared by this project's classes on the live DOM: group ->
    action -> (keys as displayed, description).  The help screen and the
    command palette are both built from this."""
    app = screen.app
    nodes: list[DOMNode] = [app, screen, *screen.query("*")]
    # make_bindings splits "up,k" into one binding per key, so the keys of
    # an action are gathered back together.
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
    return found


def _groups(screen: Screen[Any]) -> dict[str, list[tuple[str, str]]]:
    """The help's rows: the live bindings grouped by widget, then the rest."""
    found = live_actions(screen)
    groups = {
        name: [(", ".join(keys), description) for keys, description in actions.values()]
        for name, actions in found.items()
        if actions
    }
    groups["More"] = _more(screen)
    return groups


def _more(screen: Screen[Any]) -> list[tuple[str, str]]:
    """Keys Textual binds for every screen (read from the live bindings) and
    what the mouse does on this screen (its ``HELP_MOUSE``)."""
    app = screen.app
    rows = [
        (
            app.get_key_display(Binding(app.COMMAND_PALETTE_BINDING, "")),
            "command palette: every action, themes",
        )
    ]
    focus = [
        app.get_key_display(binding)
        for cls in type(screen).__mro__
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", ()))
        if binding.action in ("app.focus_next", "app.focus_previous")
    ]
    if focus:
        rows.append(
            (", ".join(dict.fromkeys(focus)), "move between the filter, table and detail pane")
        )
    rows += getattr(screen, "HELP_MOUSE", ())
    return rows


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
        border-subtitle-align: right;
    }
    """

    def __init__(self, under: Screen[Any]) -> None:
        super().__init__()
        self._under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Help — keys and query syntax"
            scroll.border_subtitle = "esc, q or ? closes · ↑ ↓ scroll"
            yield Static(help_text(self._under), id="help-body")
        yield Footer()

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
