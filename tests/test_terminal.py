"""The terminal around the app, in a real pseudo-terminal: signals restore it
(termios as ``stty -a`` shows it, and the bytes that leave the alternate
screen, show the cursor and stop mouse tracking), Ctrl-Z suspends and SIGCONT
redraws, quitting is bounded even with a thread that cannot be interrupted,
and TERM=dumb is refused in one line."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.test_pty import Terminal, run_terminal, terminal_env  # noqa: F401 (fixtures)

pytest.importorskip("pty")

# Runs in the pty as a shell would: records `stty -a`, runs the app in the
# foreground, records `stty -a` again and the app's exit code.
WRAPPER = """
import json, subprocess, sys
out = sys.argv[1]
stty = lambda: subprocess.run(["stty", "-a"], capture_output=True, text=True).stdout
before = stty()
app = subprocess.Popen([sys.executable, *sys.argv[2:]])
open(out + ".pid", "w").write(str(app.pid))
code = app.wait()
json.dump({"before": before, "after": stty(), "code": code}, open(out, "w"))
"""
# Sequences the app must have written after its last switch to the alternate screen.
RESTORED = (b"\x1b[?1049l", b"\x1b[?25h", b"\x1b[?1000l", b"\x1b[?1003l", b"\x1b[?1006l")


def _start(
    tmp_path: Path, env: dict[str, str], started: list[Terminal], *app: str
) -> tuple[Terminal, Path]:
    report = tmp_path / "report.json"
    terminal = Terminal(["-c", WRAPPER, str(report), *app], (100, 30), env)
    started.append(terminal)
    return terminal, report


def _pid(report: Path) -> int:
    pid_file = Path(f"{report}.pid")
    for _ in range(100):
        if pid_file.exists() and pid_file.read_text():
            return int(pid_file.read_text())
        time.sleep(0.05)
    raise AssertionError("no pid")


def _modes(stty: str) -> set[str]:
    return {word for word in stty.split() if word.lstrip("-") in ("icanon", "echo", "isig")}


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP", "SIGQUIT"])
def test_signal_restores_the_terminal(
    name: str,
    tmp_path: Path,
    terminal_env: dict[str, str],  # noqa: F811
    run_terminal: list[Terminal],  # noqa: F811
) -> None:
    terminal, report = _start(tmp_path, terminal_env, run_terminal, "-m", "tui", str(SEED))
    terminal.wait_for(b"7 of 7 articles", timeout=15)
    terminal.settle()
    signum = getattr(signal, name)
    os.kill(_pid(report), signum)
    assert terminal.wait_exit(timeout=10) == 0  # the wrapper
    result = json.loads(report.read_text())
    assert result["code"] == 128 + signum
    assert _modes(result["after"]) == {"icanon", "echo", "isig"}
    assert result["after"] == result["before"]
    output = bytes(terminal.output)
    tail = output[output.rfind(b"\x1b[?1049h") :]
    for sequence in RESTORED:
        assert sequence in tail, sequence


def test_history_written_before_a_signal_is_kept(
    tmp_path: Path,
    terminal_env: dict[str, str],  # noqa: F811
    run_terminal: list[Terminal],  # noqa: F811
) -> None:
    history = tmp_path / "history.json"
    terminal_env["ARCHIVE_TUI_HISTORY"] = str(history)
    terminal, report = _start(tmp_path, terminal_env, run_terminal, "-m", "tui", str(SEED))
    terminal.wait_for(b"7 of 7 articles", timeout=15)
    terminal.settle()
    terminal.send("/", *"stalin", "\r")
    terminal.wait_for(b"3 of 7 articles")
    os.kill(_pid(report), signal.SIGTERM)
    assert terminal.wait_exit(timeout=10) == 0
    assert json.loads(history.read_text())["queries"] == ["stalin"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".history-")]


def test_ctrl_z_suspends_and_sigcont_redraws(
    tmp_path: Path,
    terminal_env: dict[str, str],  # noqa: F811
    run_terminal: list[Terminal],  # noqa: F811
) -> None:
    terminal, report = _start(tmp_path, terminal_env, run_terminal, "-m", "tui", str(SEED))
    terminal.wait_for(b"7 of 7 articles", timeout=15)
    terminal.settle()
    pid = _pid(report)
    tty = os.readlink(f"/proc/{pid}/fd/0")
    mark = len(terminal.output)
    os.write(terminal.fd, b"\x1a")  # Ctrl-Z, a key in raw mode
    for _ in range(100):
        if Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] == "T":
            break
        terminal.settle(0.05)
    else:
        raise AssertionError(f"not stopped; tail: {terminal.tail()!r}")
    terminal.settle()
    suspended = bytes(terminal.output[mark:])
    for sequence in RESTORED:
        assert sequence in suspended, sequence
    stty = subprocess.run(["stty", "-a", "-F", tty], capture_output=True, text=True).stdout
    assert _modes(stty) == {"icanon", "echo", "isig"}

    mark = len(terminal.output)
    os.kill(pid, signal.SIGCONT)  # what the shell's fg sends
    terminal.wait_for(b"7 of 7 articles", start=mark)
    assert b"\x1b[?1049h" in terminal.output[mark:]
    terminal.expect("j", b"The Truth about Stalin")
    terminal.send("q")
    assert terminal.wait_exit(timeout=10) == 0
    assert json.loads(report.read_text())["code"] == 0


STUCK = """
import sys, threading, time
from tui.screens.main import MainScreen
mount = MainScreen.on_mount
def on_mount(self):
    mount(self)
    # A thread that nothing can interrupt (as re was, inside a search).
    threading.Thread(target=time.sleep, args=(120,), name="stuck").start()
MainScreen.on_mount = on_mount
from tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_quit_is_bounded_by_a_thread_that_cannot_be_interrupted(
    tmp_path: Path,
    terminal_env: dict[str, str],  # noqa: F811
    run_terminal: list[Terminal],  # noqa: F811
) -> None:
    """The app exits (code 0, terminal restored) though a thread would run two
    more minutes; the bound is generous here, the figure is in the README."""
    terminal, report = _start(tmp_path, terminal_env, run_terminal, "-c", STUCK, str(SEED))
    terminal.wait_for(b"7 of 7 articles", timeout=15)
    terminal.settle()
    started = time.monotonic()
    os.write(terminal.fd, b"q")
    assert terminal.wait_exit(timeout=15) == 0
    assert time.monotonic() - started < 10
    result = json.loads(report.read_text())
    assert result["code"] == 0 and result["after"] == result["before"]


SLOW_SEARCH = """
import sys
try:  # no budget: only quit stops the search (before budgets, nothing did)
    from tui import query_regex
    query_regex.BASE_SECONDS = query_regex.CALL_SECONDS = 1e9
except ImportError:
    pass
from tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_quit_during_a_slow_search(
    tmp_path: Path,
    terminal_env: dict[str, str],  # noqa: F811
    run_terminal: list[Terminal],  # noqa: F811
) -> None:
    """A search that would run for hours (no budget) is abandoned on quit."""
    terminal, report = _start(tmp_path, terminal_env, run_terminal, "-c", SLOW_SEARCH, str(SEED))
    terminal.wait_for(b"7 of 7 articles", timeout=15)
    terminal.settle()
    terminal.send("/", *"/(.)*(.)*(.)*(.)*(.)*z/")
    terminal.settle(0.5)
    started = time.monotonic()
    os.write(terminal.fd, b"\x11")  # ctrl+q
    assert terminal.wait_exit(timeout=15) == 0
    assert time.monotonic() - started < 10
    assert json.loads(report.read_text())["code"] == 0


def test_term_dumb_is_refused_in_one_line() -> None:
    env = {**os.environ, "TERM": "dumb"}
    app = subprocess.run(
        [sys.executable, "-m", "tui", str(SEED)],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )
    assert app.returncode == 1
    assert app.stdout == ""
    assert app.stderr == (
        "archive-tui: this terminal (TERM=dumb) cannot show the full-screen app; "
        "'archive-tui list' prints the articles as text\n"
    )
    listing = subprocess.run(
        [sys.executable, "-m", "tui", "list", str(SEED)],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )
    assert listing.returncode == 0 and len(listing.stdout.splitlines()) == 9
