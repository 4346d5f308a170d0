"""The live filter bar: an input that reports every change, plus an inline error."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widgets import Input, Static

# Unfocused, typing runs the table's keys: after the "/" prompt, the
# placeholder says how to filter ("/ to filter").
PLACEHOLDER_BLURRED = "to filter"
PLACEHOLDER_FOCUSED = "Filter: type words to match…"


class FilterInput(Input):
    """The text field.  Its leaving and history keys (enter, up, down, escape)
    are the screen's priority bindings, so focus moves before the next key is
    routed.

    Its width is fixed by the bar, so the text's growing width (its virtual
    size, set on every keystroke) never needs a layout pass of the screen:
    only the line itself is repainted."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER_BLURRED, id=id)

    def on_focus(self, event: events.Focus) -> None:
        self.placeholder = PLACEHOLDER_FOCUSED

    def on_blur(self, event: events.Blur) -> None:
        self.placeholder = PLACEHOLDER_BLURRED

    DEFAULT_CSS = """
    FilterInput, FilterInput:focus {
        border: none;
        height: 1;
        padding: 0;
        width: 1fr;
        background: $surface;
    }
    FilterInput:focus { background: $boost; }
    """


class FilterBar(Horizontal):
    """``/`` prompt, the query input and, when the query is bad, its error."""

    DEFAULT_CSS = """
    FilterBar { height: 1; }
    FilterBar > .filter-prompt { width: 2; color: $accent; }
    FilterBar > #filter-error { width: auto; max-width: 50%; color: $error; display: none; }
    FilterBar.-error > #filter-error { display: block; }
    """

    _error: str | None = None

    class Changed(Message):
        """The query text changed (on every keystroke)."""

        def __init__(self, value: str) -> None:
            super().__init__()
            self.value = value

    def compose(self) -> ComposeResult:
        yield Static("/", classes="filter-prompt")
        yield FilterInput(id="filter-input")
        yield Static("", id="filter-error", markup=False)

    @property
    def input(self) -> FilterInput:
        """The text field."""
        return self.query_one(FilterInput)

    @property
    def value(self) -> str:
        """The current query text."""
        return self.input.value

    @value.setter
    def value(self, text: str) -> None:
        self.input.value = text

    def recall(self, text: str) -> None:
        """Show a query from the history, the cursor at its end (as a shell does)."""
        self.input.value = text
        self.input.cursor_position = len(text)

    @property
    def error(self) -> str:
        """The error shown, or an empty string."""
        return (
            str(self.query_one("#filter-error", Static).content) if self.has_class("-error") else ""
        )

    def show_error(self, message: str | None) -> None:
        """Show ``message`` beside the input (None clears it).  Only a change
        touches the widgets: clearing no error, on every keystroke, must not
        cost a layout pass."""
        if message == self._error:
            return
        self._error = message
        self.set_class(bool(message), "-error")
        self.query_one("#filter-error", Static).update(Text(f" ✗ {message}" if message else ""))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))
