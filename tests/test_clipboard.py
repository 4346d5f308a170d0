"""The system clipboard route, with fake clipboard commands on PATH: exit
status checked, stderr captured (never on the terminal), a hanging command
killed with everything it started, and one honest line in the app."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEED, settle
from tui import clipboard
from tui.app import make_app
from tui.clipboard import CopyOutcome, describe, kill_helpers, system_copy

FAILING = """#!/bin/sh
echo "Error: Can't open display: :99" >&2
exit 1
"""
WORKING = """#!/bin/sh
exec /bin/cat > "{out}"
"""
# Writes its pid and a child's, then hangs (as a wedged clipboard tool does).
HANGING = """#!/bin/sh
/bin/sleep 300 &
echo "$$ $!" > "{pids}"
wait
"""


@pytest.fixture
def tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An X11 session whose PATH holds only the fake tools written into it."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setenv("DISPLAY", ":99")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    return folder


def _tool(folder: Path, name: str, script: str) -> None:
    path = folder / name
    path.write_text(script)
    path.chmod(0o755)


def _dead(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1][0]
    except FileNotFoundError:
        return True
    return state in "ZX"  # a zombie is dead (its parent may not have reaped it yet)


def test_a_failing_tool_is_reported_with_its_stderr_not_on_the_terminal(
    tools: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    _tool(tools, "xclip", FAILING)
    outcome = system_copy("some text")
    assert outcome == CopyOutcome(
        False, "", ("xclip failed (exit 1): Error: Can't open display: :99",)
    )
    out, err = capfd.readouterr()
    assert out == "" and err == ""  # nothing reached the terminal's file descriptors


def test_the_next_tool_is_tried_and_names_the_route(tools: Path, tmp_path: Path) -> None:
    _tool(tools, "xclip", FAILING)
    _tool(tools, "xsel", WORKING.format(out=tmp_path / "copied"))
    outcome = system_copy("Broué’s book")
    assert outcome.ok and outcome.route == "xsel"
    assert (tmp_path / "copied").read_text(encoding="utf-8") == "Broué’s book"
    assert outcome.failures == ("xclip failed (exit 1): Error: Can't open display: :99",)


def test_a_hanging_tool_is_killed_with_its_children(tools: Path, tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    _tool(tools, "xclip", HANGING.format(pids=pids))
    started = time.monotonic()
    outcome = system_copy("text", timeout=1.0)
    assert time.monotonic() - started < 10
    assert outcome.failures == ("xclip did not answer within 1 s",)
    assert not outcome.ok
    for pid in map(int, pids.read_text().split()):
        for _ in range(100):
            if _dead(pid):
                break
            time.sleep(0.05)
        assert _dead(pid), pid


def test_helpers_still_running_at_exit_are_killed(tools: Path, tmp_path: Path) -> None:
    import threading

    pids = tmp_path / "pids"
    _tool(tools, "xclip", HANGING.format(pids=pids))
    copy = threading.Thread(target=system_copy, args=("text", 60.0))
    copy.start()
    for _ in range(200):
        if pids.exists() and pids.read_text().strip():
            break
        time.sleep(0.05)
    kill_helpers()  # what quitting does
    copy.join(10)
    assert not copy.is_alive()
    assert all(_dead(pid) for pid in map(int, pids.read_text().split()))


def test_no_display_no_tool(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    if os.sys.platform == "darwin":  # type: ignore[attr-defined]
        pytest.skip("pbcopy is always there")
    assert clipboard.routes() == []
    assert system_copy("x") == CopyOutcome(False)


@pytest.mark.parametrize(
    ("outcome", "message"),
    [
        (
            CopyOutcome(True, "xclip"),
            "Copied 309 characters · system clipboard (xclip) · sent to the terminal (OSC 52)",
        ),
        (CopyOutcome(False), "Sent 309 characters to the terminal clipboard (OSC 52)"),
        (
            CopyOutcome(False, "", ("xclip failed (exit 1): Error: Can't open display",)),
            "Sent 309 characters to the terminal clipboard (OSC 52) · "
            "xclip failed (exit 1): Error: Can't open display",
        ),
    ],
)
def test_wording(outcome: CopyOutcome, message: str) -> None:
    assert describe(outcome, 309) == (message, False)


def test_wording_when_no_route_worked() -> None:
    assert describe(CopyOutcome(False), 1, osc52=False) == (
        "Could not copy 1 character: no clipboard tool found (xclip, xsel, wl-copy, pbcopy)",
        True,
    )


async def _copy_in_app() -> tuple[list[Any], str | None, str]:
    app = make_app([str(SEED)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        summary = app.archive.articles[app.archive.view[0]].summary
        return list(app._notifications), app.clipboard, summary


async def test_app_stale_display_is_not_called_copied(
    tools: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    _tool(tools, "xclip", FAILING)
    notes, osc52, summary = await _copy_in_app()
    assert osc52 == summary  # the terminal route was sent
    assert [(n.message, n.severity, n.title) for n in notes] == [
        (
            f"Sent {len(summary)} characters to the terminal clipboard (OSC 52) · "
            "xclip failed (exit 1): Error: Can't open display: :99",
            "information",
            "",
        )
    ]
    assert "Can't open display" not in capfd.readouterr().err


async def test_app_copy_that_worked_is_one_line(tools: Path, tmp_path: Path) -> None:
    _tool(tools, "xclip", WORKING.format(out=tmp_path / "copied"))
    notes, _, summary = await _copy_in_app()
    assert [(n.message, n.severity) for n in notes] == [
        (
            f"Copied {len(summary)} characters · system clipboard (xclip) · sent to the "
            "terminal (OSC 52)",
            "information",
        )
    ]
    assert (tmp_path / "copied").read_text(encoding="utf-8") == summary


async def test_app_without_a_system_clipboard_is_information(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Under tmux or SSH: OSC 52 only, said in one line, not a warning."""
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    notes, _, summary = await _copy_in_app()
    assert [(n.message, n.severity) for n in notes] == [
        (f"Sent {len(summary)} characters to the terminal clipboard (OSC 52)", "information")
    ]
