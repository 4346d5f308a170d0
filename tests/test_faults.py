"""File and clipboard faults: each gives one clear line (CLI: stderr and exit
code 1; app: a notification), never a traceback, never a hang."""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest

from tests.conftest import SEED
from tests.conftest import settle as _settle
from tui import listing
from tui.app import make_app
from tui.cli import main
from tui.listing import ListingError, read_listing

GOOD = (
    b"Section\n\nTitle\n\nWritten by A Writer Friday, 25 November 2016\n\n"
    b"Summary \xe2\x80\x94 text.\n"
)


def _in_thread(function: Callable[[], Any], timeout: float = 5.0) -> Any:
    """Run ``function`` with a deadline: a hang fails the test instead of freezing it."""
    box: list[Any] = []

    def run() -> None:
        try:
            box.append(function())
        except BaseException as error:  # handed back to the test
            box.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), "hung"
    return box[0]


def _error(path: str | os.PathLike[str]) -> str:
    outcome = _in_thread(lambda: read_listing(path))
    assert isinstance(outcome, ListingError), outcome
    message = str(outcome)
    assert "\n" not in message
    return message


def test_missing_file(tmp_path: Path) -> None:
    assert _error(tmp_path / "nope.txt") == f"{tmp_path / 'nope.txt'}: no such file"


def test_directory(tmp_path: Path) -> None:
    assert _error(tmp_path) == f"{tmp_path}: is a directory, not a listing file"


def test_permission_denied(tmp_path: Path) -> None:
    # The suite may run as root, for whom chmod 000 denies nothing: the
    # denial is simulated where the file is opened.
    path = tmp_path / "secret.txt"
    path.write_bytes(GOOD)
    with patch.object(listing.os, "open", side_effect=PermissionError(13, "Permission denied")):
        assert _error(path) == f"{path}: permission denied"


def test_read_error(tmp_path: Path) -> None:
    path = tmp_path / "disk.txt"
    path.write_bytes(GOOD)
    with patch.object(listing.os, "open", side_effect=OSError(5, "Input/output error")):
        assert _error(path) == f"{path}: cannot read (Input/output error)"


def test_fifo_is_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert _error(fifo) == f"{fifo}: not a regular file"


def test_fifo_swapped_in_after_the_stat_does_not_hang(tmp_path: Path) -> None:
    """The path passes the stat as a regular file, then is a FIFO at open:
    the non-blocking open and the fstat still refuse it."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    regular = os.stat(SEED)
    with patch.object(listing.os, "stat", return_value=regular):
        assert _error(fifo) == f"{fifo}: not a regular file"


def test_device_is_refused() -> None:
    assert _error("/dev/zero") == "/dev/zero: not a regular file"


def test_file_truncated_while_loading(tmp_path: Path) -> None:
    """The file shrinks between the size check and the read (a real truncation,
    timed by wrapping fstat): what was read loads, with a warning."""
    path = tmp_path / "shrinking.txt"
    path.write_bytes(GOOD + GOOD[8:])
    real_fstat = os.fstat

    def fstat_then_truncate(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        if stat.S_ISREG(info.st_mode):
            os.truncate(path, len(GOOD) - 9)  # inside the summary's em dash
        return info

    with patch.object(listing.os, "fstat", fstat_then_truncate):
        result = _in_thread(lambda: read_listing(path))
    assert not isinstance(result, BaseException), result
    messages = [str(d) for d in result.diagnostics]
    assert [a.title for a in result.articles] == ["Title"]
    assert result.articles[0].summary == "Summary \ufffd"
    assert f"{path}:7: warning: file ends inside a UTF-8 character (truncated?)" in messages
    expected = f"file changed while loading: {len(GOOD) * 2 - 8:,} bytes expected, "
    assert any(expected in m for m in messages), messages


def test_file_growing_while_loading(tmp_path: Path) -> None:
    path = tmp_path / "growing.txt"
    path.write_bytes(GOOD)
    real_fstat = os.fstat

    def fstat_then_append(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        with path.open("ab") as handle:
            handle.write(b"\nMore\n")
        return info

    with patch.object(listing.os, "fstat", fstat_then_append):
        result = read_listing(path)
    assert "More" in result.articles[0].summary
    assert any("file changed while loading" in d.message for d in result.diagnostics)


def test_unreadable_file_name_is_printed_safely(tmp_path: Path) -> None:
    """Shown as data: the escape sequence and the bidi override as visible escapes."""
    name = "evil\x1b]0;MARKER-FNAME\x07\u202e.txt"
    assert _error(tmp_path / name) == (
        f"{tmp_path}/evil\\x1b]0;MARKER-FNAME\\x07\\u202e.txt: no such file"
    )


# -- the CLI -----------------------------------------------------------------


@pytest.mark.parametrize("kind", ["missing", "directory", "fifo", "binary"])
def test_cli_reports_one_line_and_exits_1(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "input.txt"
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "binary":
        path.write_bytes(bytes(range(256)) * 4)
    code = _in_thread(lambda: main(["list", str(path)]))
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"{path}: ")


def test_cli_loads_the_good_file_and_names_the_bad_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["list", str(SEED), str(tmp_path / "missing.txt"), "--format", "csv"])
    out, err = capsys.readouterr()
    assert code == 1
    assert len(out.splitlines()) > 7  # the seed's articles are all there
    assert err == f"{tmp_path / 'missing.txt'}: no such file\n"


def test_cli_app_refuses_a_missing_file_before_starting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path / "missing.txt")]) == 1
    assert capsys.readouterr().err == f"{tmp_path / 'missing.txt'}: no such file\n"


# -- the app -----------------------------------------------------------------


async def test_app_notifies_each_file_it_could_not_load(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    binary = tmp_path / "data.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    app = make_app([str(SEED), str(folder), str(fifo), str(binary)])
    async with app.run_test(size=(100, 30)) as pilot:
        await _settle(pilot)
        messages = sorted(n.message for n in app._notifications)
        assert messages == [
            f"{binary}: binary data, not a text listing",
            f"{folder}: is a directory, not a listing file",
            f"{fifo}: not a regular file",
        ]
        assert len(app.archive) == 7  # the good file is all there


async def test_clipboard_hang_does_not_freeze_the_ui(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The clipboard command hangs: keys still work while it hangs, OSC 52 has
    the text, and the copy ends in one line naming the timeout."""
    folder = tmp_path / "bin"
    folder.mkdir()
    started = tmp_path / "started"
    (folder / "xclip").write_text(f'#!/bin/sh\n: > "{started}"\nexec /bin/sleep 30\n')
    (folder / "xclip").chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    app = make_app([str(SEED)])
    async with app.run_test(size=(100, 30)) as pilot:
        with patch("tui.clipboard.COPY_TIMEOUT", 1.0):
            await _settle(pilot)
            await pilot.press("c")
            for _ in range(100):
                if started.exists():
                    break
                await pilot.pause(0.05)
            assert started.exists()
            table = app.screen.query_one("ArticleTable")
            await pilot.press("j", "j")
            assert table.cursor == 2  # the UI answered during the hang
            assert app.clipboard == app.archive.articles[app.archive.view[0]].summary
            await _settle(pilot)
        messages = [n.message for n in app._notifications]
        assert len(messages) == 1
        assert messages[0].startswith("Sent ")
        assert messages[0].endswith(
            "to the terminal clipboard (OSC 52) · xclip did not answer within 1 s"
        )


# -- unexpected exceptions ------------------------------------------------------


async def test_app_bug_is_logged_and_reported_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))

    def boom(self: object, *args: object) -> None:
        raise ZeroDivisionError("boom [bold]not markup[/]")

    app = make_app([str(SEED)])
    with pytest.raises(ZeroDivisionError):  # Pilot re-raises it for the test
        async with app.run_test(size=(100, 30)) as pilot:
            await _settle(pilot)
            monkeypatch.setattr("tui.widgets.detail_pane.DetailPane.show", boom)
            await pilot.press("j")
            await pilot.pause()
    assert app.return_code == 1
    assert app._exit_renderables == []  # no traceback printed after the app
    message = app.crash_message or ""
    prefix = "archive-tui: unexpected error (ZeroDivisionError); details in "
    assert message.startswith(prefix)
    log = Path(message.removeprefix(prefix))
    assert log.parent == tmp_path / "archive-tui" / "log"
    report = log.read_text()
    assert "Traceback" in report and "ZeroDivisionError: boom [bold]not markup[/]" in report


def test_cli_bug_is_logged_and_reported_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))

    def boom(*_args: object, **_kwargs: object) -> None:
        raise KeyError("bug")

    monkeypatch.setattr("tui.cli.load_archive", boom)
    assert main(["list", str(SEED)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("archive-tui: unexpected error (KeyError); details in ")
    log = Path(err.split("details in ")[1].strip())
    assert "KeyError: 'bug'" in log.read_text()


def test_crash_log_falls_back_to_the_temp_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui import crashlog

    blocked = tmp_path / "file-not-dir"
    blocked.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocked))  # mkdir under a file fails
    monkeypatch.setattr(crashlog.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    path = crashlog.write_crash_log(ValueError("x"))
    assert path is not None and path.parent == tmp_path / "tmp" / "archive-tui"
