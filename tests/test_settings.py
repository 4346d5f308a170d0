"""The theme and the detail pane's choice outlive the run; what is read is checked."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import SEED, settle
from tui import settings
from tui.app import make_app
from tui.settings import Settings, load, parse, save
from tui.widgets.detail_pane import DetailPane


def test_round_trip_and_defaults(tmp_path: Path) -> None:
    path = tmp_path / "dir" / "settings.json"
    assert load(path) == (Settings(), None)  # no file: defaults, no warning
    assert save(path, Settings(theme="gruvbox", detail=False)) is None
    assert load(path) == (Settings(theme="gruvbox", detail=False), None)
    assert not [p for p in path.parent.iterdir() if p.name != "settings.json"]  # no temp left


@pytest.mark.parametrize(
    "data",
    [
        {"theme": "[bold]x[/]", "detail": "no"},
        {"theme": "a\x1b]0;evil\x07", "detail": 0},
        {"theme": 42, "detail": None},
        {"theme": "x" * 200},
        {},
    ],
)
def test_values_of_the_wrong_kind_are_dropped(data: dict[str, object]) -> None:
    assert parse(data) == Settings()


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"\xff\xfe\x00", b"[1, 2]", b"[" * 50_000, b" " * 70_000 + b"{}"],
)
def test_a_corrupt_file_gives_defaults_and_a_warning(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    result, warning = load(path)
    assert result == Settings()
    assert warning and warning.startswith(f"Ignored the unreadable settings file {path}")


def test_a_directory_or_fifo_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    assert load(tmp_path / "dir")[1]
    os.mkfifo(tmp_path / "fifo")
    assert load(tmp_path / "fifo")[1]  # and did not block


def test_an_unwritable_place_is_a_warning(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    warning = save(blocker / "settings.json", Settings(theme="nord"))
    assert warning and warning.startswith("Could not save the settings")


def test_the_environment_chooses_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(settings.ENV, "")
    assert settings.default_path() is None  # empty: keep nothing
    assert save(None, Settings(theme="nord")) is None
    monkeypatch.setenv(settings.ENV, "/somewhere/s.json")
    assert settings.default_path() == Path("/somewhere/s.json")


async def test_the_theme_is_kept_for_the_next_run(_private_settings: Path) -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        app.theme = "gruvbox"
        await pilot.pause()
    assert json.loads(_private_settings.read_text())["theme"] == "gruvbox"
    again = make_app([str(SEED)])
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert again.theme == "gruvbox"


async def test_the_detail_pane_choice_is_kept(_private_settings: Path) -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("backslash")
        await pilot.pause()
        assert not app.screen.query_one(DetailPane).display
    assert json.loads(_private_settings.read_text())["detail"] is False
    again = make_app([str(SEED)])
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        detail = again.screen.query_one(DetailPane)
        assert not detail.display and detail.region.width == 0
        await pilot.press("backslash")
        await pilot.pause()
        assert detail.display and detail.region.width > 0


async def test_an_unknown_or_corrupt_setting_warns_and_the_app_runs(
    _private_settings: Path,
) -> None:
    _private_settings.write_text(json.dumps({"theme": "no-such-theme", "detail": True}))
    app = make_app([str(SEED)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        messages = [n.message for n in app._notifications]
        assert any("no-such-theme" in m and "does not exist" in m for m in messages)
    _private_settings.write_text("{corrupt")
    app = make_app([str(SEED)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("Ignored the unreadable settings file") for m in messages)
