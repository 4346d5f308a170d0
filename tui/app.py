"""The Textual application and the one factory that builds it (CLI and tests)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.geometry import Size
from textual.theme import Theme

from tui import settings as user_settings
from tui.screens.main import MainScreen
from tui.screens.too_small import TooSmallScreen, is_too_small
from tui.settings import Settings
from tui.view import ArchiveView


class ArchiveApp(App[int]):
    """Browse an archive: the main screen does the work; the app holds the model."""

    CSS_PATH = "app.tcss"
    TITLE = "Archive TUI"
    HELP_GROUP = "App"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False),
        # Raw mode turns Ctrl-Z into a key: suspend as a shell expects (fg resumes).
        Binding("ctrl+z", "suspend_process", "Suspend (fg resumes)", show=False, priority=True),
    ]

    def __init__(
        self,
        archive: ArchiveView,
        *,
        errors: Sequence[str] = (),
        initial_filter: str = "",
        paths: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.archive = archive
        self._errors = list(errors)
        self._initial_filter = initial_filter
        self._paths = list(paths)
        # Set when an unexpected exception ended the app: the one line the
        # CLI prints once the terminal is restored (the traceback is logged).
        self.crash_message: str | None = None
        self._settings_path = user_settings.default_path()
        self.settings, self._settings_warning = user_settings.load(self._settings_path)

    def on_mount(self) -> None:
        self._apply_theme()
        screen = MainScreen(
            self.archive,
            self._initial_filter,
            self._paths,
            show_detail=self.settings.detail,
            remember_detail=lambda shown: self.remember(replace(self.settings, detail=shown)),
        )
        self.push_screen(screen)
        for error in self._errors:
            self.notify(error, title="Not loaded", severity="error", markup=False, timeout=10)
        if self._settings_warning:
            self.notify(self._settings_warning, title="Settings", severity="warning", markup=False)
        self.call_after_refresh(self._fit_screen)

    # -- the user's choices, kept between runs ----------------------------

    def _apply_theme(self) -> None:
        """The remembered theme (if it still exists), then remember each change."""
        name = self.settings.theme
        if name is not None:
            if name in self.available_themes:
                self.theme = name
            else:
                self.notify(
                    f"The remembered theme “{name}” does not exist: using {self.theme}.",
                    title="Settings",
                    severity="warning",
                    markup=False,
                )
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: Theme) -> None:
        if theme.name != self.settings.theme:
            self.remember(replace(self.settings, theme=theme.name))

    def remember(self, settings: Settings) -> None:
        """Keep ``settings`` for the next run (a warning if the file can't be written)."""
        self.settings = settings
        warning = user_settings.save(self._settings_path, settings)
        if warning:
            self.notify(warning, title="Settings", severity="warning", markup=False)

    def on_resize(self, event: events.Resize) -> None:
        # This runs before Textual's own handler updates ``self.size``.
        self._fit_screen(event.size)

    def _fit_screen(self, size: Size | None = None) -> None:
        """Cover the app with the "too small" notice below the minimum size."""
        if len(self.screen_stack) < 2:
            return  # the main screen is not up yet; on_mount checks again
        small = is_too_small(*(size or self.size))
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif showing and not small:
            self.pop_screen()

    def _handle_exception(self, error: Exception) -> None:
        """Any exception that reaches Textual: log its traceback and keep one
        line for the user instead of the traceback Textual would print."""
        from tui.crashlog import report_crash

        line = report_crash(error)
        super()._handle_exception(error)  # exits, restoring the terminal
        self._exit_renderables.clear()
        if self.crash_message is None:
            self.crash_message = line


def make_app(
    paths: Sequence[str] = (),
    *,
    archive: ArchiveView | None = None,
    initial_filter: str = "",
) -> ArchiveApp:
    """Build the app on ``archive``, or on the listings at ``paths`` (default:
    bundled).  Listings are parsed after the first frame, in a worker."""
    if archive is None:
        from tui.listing import bundled_listing

        return ArchiveApp(
            ArchiveView(),
            initial_filter=initial_filter,
            paths=list(paths) or [str(bundled_listing())],
        )
    return ArchiveApp(archive, initial_filter=initial_filter)
