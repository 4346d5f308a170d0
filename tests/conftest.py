"""Shared fixtures: the bundled listing, small archives, and a ready-app helper."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled

from tui import corpus_cache as cache
from tui import settings
from tui.corpus import Corpus
from tui.history import ENV
from tui.listing import Listing, bundled_listing, parse_text, read_listing
from tui.store_db import ENV as STATE_ENV
from tui.view import ArchiveView as Archive

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "russian-revolution.txt"

HOSTILE = """Hostile [bold]Section[/]

[/] unmatched close [@click=app.quit]click me[/] $var [BOLD]x[/BOLD]

Written by [red]Mallory[/red] Friday, 25 November 2016

[link=https://example.com]link[/link] summary with [/] and [@click=app.bell]bell[/]


Normal title

Written by Alan Woods Tuesday, 08 November 2016

An ordinary summary.
"""


def archive_from_listing(listing: Listing) -> Archive:
    """A view of one parsed listing (as the app shows it once loaded)."""
    return Archive(Corpus.from_listings([listing]))


def archive_from_text(text: str, source: str = "test.txt") -> Archive:
    """Parse ``text`` and wrap it in an archive (no file needed)."""
    return archive_from_listing(parse_text(text, source))


@pytest.fixture(autouse=True)
def _private_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps its query history in its own tmp dir, never the user's."""
    path = tmp_path / "history.json"
    monkeypatch.setenv(ENV, str(path))
    return path


@pytest.fixture(autouse=True)
def _private_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps the theme and layout choices in its own tmp dir, never the user's."""
    path = tmp_path / "settings.json"
    monkeypatch.setenv(settings.ENV, str(path))
    return path


@pytest.fixture(autouse=True)
def _private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps its reader-state database in its own tmp dir, never the user's."""
    path = tmp_path / "state"
    monkeypatch.setenv(STATE_ENV, str(path))
    return path


@pytest.fixture(autouse=True, scope="session")
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Module and session fixtures (the benchmark's smoke run) start before the
    per-test one below: they too keep the parse cache out of the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(cache.ENV, str(tmp_path_factory.mktemp("parse-cache")))
        yield


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test keeps the CLI's parse cache in its own tmp dir, never the user's."""
    path = tmp_path / "parse-cache"
    monkeypatch.setenv(cache.ENV, str(path))
    return path


@pytest.fixture
def seed_archive() -> Archive:
    listing = read_listing(SEED)
    return archive_from_listing(listing)


@pytest.fixture
def hostile_archive() -> Archive:
    return archive_from_text(HOSTILE, "hostile.txt")


def test_bundled_copy_matches_shared() -> None:
    """data/ holds the seed listing that the package finds."""
    assert bundled_listing().read_bytes() == SEED.read_bytes()


async def settle(pilot: Pilot[int]) -> None:
    """Let workers finish and their messages land (a search that a newer one
    superseded is cancelled: that is not a failure)."""
    for _ in range(2):
        for worker in list(pilot.app.workers):
            with contextlib.suppress(WorkerCancelled):
                await worker.wait()
        await pilot.pause()
