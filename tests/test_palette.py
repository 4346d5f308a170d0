"""The command palette (ctrl+p) offers the app's own actions, from the live bindings."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette

from tests.conftest import SEED, settle
from tui.app import ArchiveApp, make_app
from tui.screens.main import MainScreen
from tui.sorting import SortKey

SIZE = (100, 30)


async def options(app: ArchiveApp, pilot: object) -> list[str]:
    """The palette's commands once its search has settled."""
    from textual.pilot import Pilot

    assert isinstance(pilot, Pilot)
    found: list[str] = []
    for _ in range(40):
        await pilot.pause(0.05)
        commands = app.screen.query_one(CommandList)
        now = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
        if now and now == found:
            break
        found = now
    return found


async def test_sort_finds_a_command_per_column_and_runs_it() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        assert CommandPalette.is_open(app)
        await pilot.press(*"sort")
        found = await options(app, pilot)
        text = "\n".join(found)
        for title in ("Sort by date", "Sort by title", "Sort by author", "Reverse the sort"):
            assert title in text, found
        assert "key: s" in text  # built from the live binding
        index = next(i for i, option in enumerate(found) if option.startswith("Sort by author"))
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.archive.sort_keys[0] == SortKey("author", False)


async def test_the_palette_lists_every_app_action_before_typing() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        text = "\n".join(await options(app, pilot))
        for title in (
            "Copy the summary",
            "Warnings found while loading",
            "Help: keys and query syntax",
            "Read the article",
            "Show or hide the detail pane",
            "Filter the articles",
            "Theme",  # Textual's own: the theme picker
        ):
            assert title in text, title
        for navigation in ("Up", "Page down", "Earlier query"):
            assert f"\n{navigation}\n" not in f"\n{text}\n"


async def test_read_from_the_palette_opens_the_reader() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "ctrl+p", *"read")
        await options(app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert type(app.screen).__name__ == "ReaderScreen"
        await pilot.press("ctrl+p", *"next")
        await options(app, pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        assert app.screen.query_one("ArticleTable").cursor == 2  # type: ignore[attr-defined]
