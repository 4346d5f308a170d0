"""The app and ``archive-tui list`` show the same articles in the same order:
one load path (through the same cache), one engine, the same sort keys."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from tests.conftest import settle
from tui.app import make_app
from tui.bench.generate import generate_listing
from tui.cli import main
from tui.screens.main import MainScreen

QUERIES = ["", "stalin", "a:woods -stalin", "~revbetr", "date:2016 | lenin", "'the", "/st.l/"]


@pytest.fixture(scope="module")
def listing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("parity") / "listing.txt"
    path.write_text(generate_listing(1500, seed=21), encoding="utf-8")
    when = time.time() - 60  # old enough to be cached
    os.utime(path, (when, when))
    return path


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> list[tuple[str, int]]:
    assert main(["list", *argv, "--format", "json"]) == 0
    return [(r["title"], r["line"]) for r in json.loads(capsys.readouterr().out)]


@pytest.mark.parametrize("query", QUERIES)
async def test_the_app_shows_what_list_prints(
    listing: Path, query: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # The CLI first (the app's run captures standard output): no cache, and
    # through the cache its first run wrote.
    keys = "author,title,-date"  # what s, s make of the default sort
    fresh = _cli(capsys, str(listing), "--filter", query, "--no-cache")
    cached = _cli(capsys, str(listing), "--filter", query)
    assert _cli(capsys, str(listing), "--filter", query) == cached == fresh
    resorted_cli = _cli(capsys, str(listing), "--filter", query, "--sort", keys)
    app = make_app([str(listing)])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.filter_bar.value = query
        await settle(pilot)
        shown = [(a.title, a.line) for a in screen.archive.corpus.take(screen.archive.view)]  # type: ignore[union-attr]
        assert shown == fresh
        await pilot.press("s", "s")  # title, then author: (author, title, date)
        await settle(pilot)
        resorted = [(a.title, a.line) for a in screen.archive.corpus.take(screen.archive.view)]  # type: ignore[union-attr]
        assert ",".join(map(str, screen.archive.sort_keys)) == keys
        assert resorted == resorted_cli
        if resorted:  # the cursor kept its article: on its new row, drawn
            drawn = "\n".join(screen.table.render_lines_for_test())
            title, _ = resorted[screen.table.cursor]
            assert title[:15] in drawn
