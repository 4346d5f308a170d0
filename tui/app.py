"""The Textual application and the one factory that builds it (CLI and tests)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App
from textual.binding import Binding

from tui.model import Archive
from tui.screens.main import MainScreen


class ArchiveApp(App[int]):
    """Browse an archive: the main screen does the work; the app holds the model."""

    CSS_PATH = "app.tcss"
    TITLE = "Archive TUI"
    HELP_GROUP = "App"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False)]

    def __init__(
        self, archive: Archive, *, errors: Sequence[str] = (), initial_filter: str = ""
    ) -> None:
        super().__init__()
        self.archive = archive
        self._errors = list(errors)
        self._initial_filter = initial_filter

    def on_mount(self) -> None:
        self.push_screen(MainScreen(self.archive, self._initial_filter))
        for error in self._errors:
            self.notify(error, title="Not loaded", severity="error", markup=False, timeout=10)


def make_app(
    paths: Sequence[str] = (),
    *,
    archive: Archive | None = None,
    initial_filter: str = "",
) -> ArchiveApp:
    """Build the app on ``archive``, or on the listings at ``paths`` (default: bundled)."""
    errors: list[str] = []
    if archive is None:
        from tui.cli import load_archive

        loaded, errors = load_archive(paths)
        archive = loaded or Archive()
    return ArchiveApp(archive, errors=errors, initial_filter=initial_filter)
