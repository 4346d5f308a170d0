"""Where the cursor is after the rows change under it: loading, queries, sorts."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.conftest import SEED, settle
from tui import corpus_load as loading
from tui.app import ArchiveApp, make_app
from tui.bench.generate import generate_listing
from tui.corpus_load import Event
from tui.screens.main import MainScreen
from tui.widgets.article_table import ArticleTable

SIZE = (100, 30)


def table(app: ArchiveApp) -> ArticleTable:
    return app.screen.query_one(ArticleTable)


@pytest.fixture
def listings(tmp_path: Path) -> list[Path]:
    paths = []
    for seed in (5, 6):
        path = tmp_path / f"big{seed}.txt"
        path.write_text(generate_listing(4000, seed=seed), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.parametrize("files", [1, 2])
async def test_the_cursor_stays_on_the_first_row_while_batches_arrive(
    listings: list[Path], files: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "PIECE", 100_000)  # many batches
    app = make_app([str(p) for p in listings[:files]])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await settle(pilot)
        view = app.archive.view
        assert len(view) == 4000 * files
        assert table(app).cursor == 0
        assert table(app).current_article == view[0]
        screen = app.screen
        assert isinstance(screen, MainScreen)
        detail = screen.query_one("DetailPane")
        assert str(detail.text).startswith(app.archive.articles[view[0]].title[:30])


async def test_the_article_the_user_moved_to_stays_highlighted_while_loading(
    listings: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader pauses after its first batch; the user moves; the rest arrives."""
    moved = threading.Event()
    real = loading.load_parts

    def paused(paths: Sequence[str], directory: Path | None) -> Iterator[Event]:
        first = True
        for batch in real(paths, directory, 100_000):
            yield batch
            if first and batch.part is not None:
                first = False
                moved.wait(10)

    monkeypatch.setattr("tui.screens.loader.load_parts", paused)
    app = make_app([str(listings[0])])
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(200):
            await pilot.pause(0.02)
            if len(app.archive):
                break
        assert 0 < len(app.archive) < 4000
        await pilot.press("j", "j", "j")
        chosen = table(app).current_article
        moved.set()
        await settle(pilot)
        await settle(pilot)
        assert len(app.archive) == 4000
        assert table(app).current_article == chosen
        assert table(app).cursor == app.archive.view.index(chosen)


async def test_a_new_query_starts_at_the_first_row_and_a_sort_keeps_the_article() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("G")
        assert table(app).cursor == 6
        await pilot.press("slash", *"stalin")
        await settle(pilot)
        assert table(app).row_count == 3
        assert table(app).cursor == 0  # not the bottom, where G left it
        await pilot.press("enter")
        chosen = table(app).current_article
        await pilot.press("r")  # a sort change: the same article, on its new row
        assert table(app).current_article == chosen
        assert table(app).cursor == 2
        await pilot.press("slash", "backspace")  # "stali": a different query
        await settle(pilot)
        assert table(app).cursor == 0
