"""The real app, with its real Linux driver, in a pseudo-terminal over the
hostile corpus: the bytes it writes carry none of the corpus's escape payloads
and no bidi or stray control character.  And an unexpected exception restores
the terminal and prints one line naming a log file.

Textual itself writes escape sequences (cursor moves, colours, mouse modes,
its own OSC 52 when the user copies), so the assertions are on the corpus's
unique markers, on bidi/C1 bytes, and on the payload of every OSC 0/2/52 the
app writes.
"""

from __future__ import annotations

import base64
import os
import re
import select
import shutil
import signal
import struct
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.corpus.build import CLEAR_MARKERS, MARKERS, build
from tui.listing import read_listing
from tui.text import is_safe

# Only where there are pseudo-terminals (not on Windows).
pty = pytest.importorskip("pty")
fcntl = pytest.importorskip("fcntl")
termios = pytest.importorskip("termios")
ROOT = Path(__file__).resolve().parent.parent
HOSTILE_FILES = ("escapes.txt", "bidi.txt", "controls.txt", "markup.txt", "wide.txt")
FILE_MARKER = "MARKER-FNAME-5e6f"
# Bidi controls, C1 controls and BOM-less stray controls, as UTF-8 bytes.
BIDI_BYTES = re.compile(
    rb"\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xd8\x9c",
)
C1_BYTES = re.compile(rb"\xc2[\x80-\x9f]")
STRAY_CONTROLS = re.compile(rb"[\x00-\x06\x08\x0b\x0c\x0e-\x1a\x1c-\x1f\x7f]")
OSC = re.compile(rb"\x1b\](\d+);(.*?)(?:\x07|\x1b\\)", re.DOTALL)


class Terminal:
    """A child process on a pty of a fixed size, and everything it wrote."""

    def __init__(self, argv: list[str], size: tuple[int, int], env: dict[str, str]) -> None:
        self.output = bytearray()
        self.status: int | None = None
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal, then become the app
            try:
                columns, rows = size
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
                os.chdir(ROOT)
                os.execve(sys.executable, [sys.executable, *argv], env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            chunk = b""
        if not chunk:
            self._reap(block=True)
            return False
        self.output += chunk
        return True

    def wait_for(self, needle: bytes, timeout: float = 10.0, start: int = 0) -> None:
        """Read until ``needle`` was written (after offset ``start``)."""
        deadline = time.monotonic() + timeout
        while needle not in self.output[start:]:
            if self.status is not None or time.monotonic() > deadline:
                raise AssertionError(f"no {needle!r} on the terminal; tail: {self.tail()!r}")
            self._read(0.1)

    def settle(self, quiet: float = 0.25, timeout: float = 5.0) -> None:
        """Read until the app has written nothing for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.status is None:
            if not self._read(quiet):
                return

    def send(self, *keys: str) -> None:
        for key in keys:
            os.write(self.fd, key.encode())
            self.settle(0.12)

    def expect(self, key: str, needle: bytes) -> None:
        """Press ``key`` and wait until the app writes ``needle`` in answer."""
        start = len(self.output)
        os.write(self.fd, key.encode())
        self.wait_for(needle, start=start)
        self.settle(0.12)

    def wait_exit(self, timeout: float = 10.0) -> int:
        deadline = time.monotonic() + timeout
        while self.status is None and time.monotonic() < deadline:
            self._read(0.1)
            self._reap(block=False)
        assert self.status is not None, f"the app did not exit; tail: {self.tail()!r}"
        return self.status

    def _reap(self, block: bool) -> None:
        if self.status is not None:
            return
        pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
        if pid:
            self.status = os.waitstatus_to_exitcode(status)

    def kill(self) -> None:
        if self.status is None:
            os.kill(self.pid, signal.SIGKILL)
            self._reap(block=True)
        os.close(self.fd)

    def tail(self) -> bytes:
        return bytes(self.output[-400:])


@pytest.fixture
def terminal_env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("TEXTUAL", "DISPLAY", "WAYLAND"))
    }
    env.update(
        TERM="xterm-256color",
        COLUMNS="120",
        LINES="36",
        XDG_STATE_HOME=str(tmp_path / "state"),
        PYTHONPATH=str(ROOT),
    )
    return env


@pytest.fixture
def run_terminal(terminal_env: dict[str, str]) -> Iterator[list[Terminal]]:
    started: list[Terminal] = []
    yield started
    for terminal in started:
        terminal.kill()


def test_hostile_corpus_never_reaches_the_terminal(
    tmp_path: Path, terminal_env: dict[str, str], run_terminal: list[Terminal]
) -> None:
    corpus = build(tmp_path / "corpus")
    paths = [corpus / name for name in HOSTILE_FILES]
    hostile_name = corpus / f"evil\x1b]0;{FILE_MARKER}\x07\u202ename.txt"
    shutil.copyfile(corpus / "escapes.txt", hostile_name)
    paths.append(hostile_name)
    articles = sum(len(read_listing(p).articles) for p in paths)

    terminal = Terminal(["-m", "tui", *map(str, paths)], (120, 36), terminal_env)
    run_terminal.append(terminal)
    terminal.wait_for(f"{articles} of {articles} articles".encode(), timeout=15)
    terminal.settle()
    for _ in range(articles):  # every row, and its detail pane
        terminal.send("j")
    terminal.send("G", "g", "s", "s", "s", "r")
    terminal.send("?")
    terminal.expect("\x1b[F", b"Query syntax")  # end: the syntax is below the keys
    terminal.send("\x1b")
    terminal.settle()
    terminal.expect("!", b"warnings")
    for _ in range(30):  # every warning, file names included
        terminal.send("\x1b[B")
    terminal.send("\r")
    terminal.settle()
    terminal.send("/", *"clear second", "\r")
    terminal.send("c")  # copy: the app's own OSC 52, with a sanitised summary
    terminal.settle(0.5)
    terminal.send("\x1b")  # dismiss nothing; then quit
    terminal.send("/", "\x1b", "\x1b", "q")
    assert terminal.wait_exit() == 0

    output = bytes(terminal.output)
    assert b"Second title" in output  # the corpus text itself is shown
    for marker in MARKERS:
        assert marker.encode() not in output, marker
    # The file name is shown as data: its escape sequence only as visible escapes.
    shown = FILE_MARKER.encode()
    assert output.count(shown) == output.count(b"\\x1b]0;" + shown)
    for marker in CLEAR_MARKERS:
        assert b"\x1b[2J" + marker.encode() not in output
    assert not BIDI_BYTES.search(output), BIDI_BYTES.search(output)
    assert not C1_BYTES.search(output)
    stray = STRAY_CONTROLS.search(output)
    assert stray is None, output[max(0, stray.start() - 40) : stray.end() + 40]
    summaries = {a.summary for p in paths for a in read_listing(p).articles}
    copies = 0
    for number, payload in OSC.findall(output):
        if number in (b"0", b"2"):  # a window title: never file text
            assert not any(word in payload for word in (b"MARKER", b"Section", b"title"))
        if number == b"52":
            text = base64.b64decode(payload.split(b";", 1)[1]).decode()
            assert text in summaries and is_safe(text)
            copies += 1
    assert copies == 1


def test_crash_restores_the_terminal_and_prints_one_line(
    tmp_path: Path, terminal_env: dict[str, str], run_terminal: list[Terminal]
) -> None:
    """A bug (a screen action raising) ends the app cleanly: the alternate
    screen is left, the cursor shown, one line names the log, exit code 1."""
    crash = (
        "import sys\n"
        "from tui.screens.main import MainScreen\n"
        "def boom(self):\n"
        "    raise RuntimeError('boom \\x1b]0;MARKER-CRASH\\x07')\n"
        "MainScreen.action_cycle_sort = boom\n"
        "from tui.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    seed = ROOT / "data" / "russian-revolution.txt"
    terminal = Terminal(["-c", crash, str(seed)], (100, 30), terminal_env)
    run_terminal.append(terminal)
    terminal.wait_for(b"7 of 7 articles", timeout=15)
    terminal.settle()
    terminal.send("s")
    assert terminal.wait_exit() == 1

    output = bytes(terminal.output)
    assert b"Traceback" not in output and b"MARKER-CRASH" not in output
    left = output.rfind(b"\x1b[?1049l")
    assert left > output.rfind(b"\x1b[?1049h") >= 0  # back to the normal screen
    after = output[left:]
    lines = [line for line in after.split(b"\r\n") if line.strip(b"\x1b[?25h\r\n ")]
    match = re.search(
        rb"archive-tui: unexpected error \(RuntimeError\); details in (\S+\.log)", after
    )
    assert match, after
    assert len([line for line in lines if b"archive-tui" in line]) == 1
    log = Path(match.group(1).decode())
    assert log.is_relative_to(tmp_path / "state")
    report = log.read_text()
    assert "Traceback" in report and "RuntimeError: boom" in report
    assert "action_cycle_sort" in report or "boom" in report


class Emulator:
    """A VT emulator (pyte) fed with everything the app wrote: the screen a
    real terminal would show, cell by cell, with its attributes."""

    def __init__(self, terminal: Terminal, size: tuple[int, int]) -> None:
        import pyte

        self.terminal = terminal
        self.screen = pyte.Screen(*size)
        self.stream = pyte.ByteStream(self.screen)
        self.fed = 0

    def update(self) -> None:
        self.terminal.settle()
        self.stream.feed(bytes(self.terminal.output[self.fed :]))
        self.fed = len(self.terminal.output)

    def line(self, y: int) -> str:
        return "".join(self.screen.buffer[y][x].data for x in range(self.screen.columns))

    def background(self, y: int, x: int) -> str:
        """The colour behind a cell (reverse video swaps)."""
        char = self.screen.buffer[y][x]
        return char.fg if char.reverse else char.bg


def cursor_rows(emulator: Emulator, top: int, bottom: int) -> dict[int, str]:
    """Table rows (screen lines top..bottom) whose background, in every cell
    of the date column, differs from the usual row's: the cursor's, and
    nothing else if the app is right."""
    looks = {y: tuple(emulator.background(y, x) for x in range(1, 11)) for y in range(top, bottom)}
    common = max(set(looks.values()), key=list(looks.values()).count)
    return {y: emulator.line(y).strip() for y, look in looks.items() if look != common}


def test_exactly_one_table_row_carries_the_cursor_on_the_terminal(
    terminal_env: dict[str, str], run_terminal: list[Terminal]
) -> None:
    """On the bytes written to a real (emulated) terminal: after j, G and a
    filter, one row of the table, the cursor's, looks different."""
    pytest.importorskip("pyte")
    seed = ROOT / "data" / "russian-revolution.txt"
    articles = read_listing(seed).articles
    titles = [a.title for a in sorted(articles, key=lambda a: a.date or 0, reverse=True)]
    size = (100, 30)
    env = {**terminal_env, "COLUMNS": "100", "LINES": "30"}
    terminal = Terminal(["-m", "tui", str(seed)], size, env)
    run_terminal.append(terminal)
    terminal.wait_for(b"7 of 7 articles", timeout=15)
    emulator = Emulator(terminal, size)
    emulator.update()
    screen = [emulator.line(y) for y in range(size[1])]
    header = next((y for y, line in enumerate(screen) if line.lstrip().startswith("Date")), None)
    assert header is not None, screen
    top, bottom = header + 1, size[1] - 2  # the rows, above the status line and footer
    assert cursor_rows(emulator, top, bottom) == {top: emulator.line(top).strip()}
    assert emulator.background(header, 3) != emulator.background(top + 1, 3)  # the header too

    for keys, row, title in (("j", 1, titles[1]), ("G", 6, titles[6])):
        terminal.send(keys)
        emulator.update()
        rows = cursor_rows(emulator, top, bottom)
        assert list(rows) == [top + row], rows
        assert rows[top + row][12:].startswith(title[:20])

    terminal.send("/", *"stal", "\r")
    emulator.update()
    rows = cursor_rows(emulator, top, bottom)
    assert list(rows) == [top], rows  # a new query: the first row
    assert "Stalin" in rows[top]
    terminal.send("q")
    assert terminal.wait_exit() == 0
