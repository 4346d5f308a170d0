"""CLI edges: an output that cannot hold the text, file names that are not
UTF-8 or hold control characters, --width bounds, symlink loops, and the
opt-in CSV formula guard."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.test_pty import Terminal, run_terminal, terminal_env  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parent.parent
NOTE = (
    "archive-tui: note: the output encoding (ascii) cannot hold some characters; "
    "they were written as '?' (PYTHONIOENCODING=utf-8 keeps them)\n"
)


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        timeout=60,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


ASCII_OUTPUTS = [
    {"PYTHONIOENCODING": "ascii"},
    {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "", "PYTHONCOERCECLOCALE": "0"},
]


@pytest.mark.parametrize("env", ASCII_OUTPUTS, ids=["PYTHONIOENCODING", "C-locale"])
def test_json_to_an_ascii_output_is_exact(env: dict[str, str]) -> None:
    result = run("list", "--format", "json", str(SEED), env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.isascii() and result.stderr == b""
    utf8 = run("list", "--format", "json", str(SEED))
    assert json.loads(result.stdout) == json.loads(utf8.stdout)


@pytest.mark.parametrize("env", ASCII_OUTPUTS, ids=["PYTHONIOENCODING", "C-locale"])
@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_table_and_csv_to_an_ascii_output_replace_with_a_note(
    env: dict[str, str], fmt: str
) -> None:
    result = run("list", "--format", fmt, "--width", "80", str(SEED), env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr.decode() == NOTE
    text = result.stdout.decode("ascii")
    if fmt == "table":
        assert text.splitlines()[1].startswith("----------  ---")
        assert "International Marxi?" in text  # the cut's ellipsis
    else:
        assert "Broue" not in text and "Brou??s book" in text
        assert len(list(csv.reader(io.StringIO(text)))) == 8


def test_an_empty_table_to_an_ascii_output() -> None:
    """Even no rows crashed: the rule under the header is ─."""
    result = run("list", "--filter", "zzzz", "--width", "40", env=ASCII_OUTPUTS[0])
    assert (result.returncode, result.stderr) == (0, b"")
    assert result.stdout.decode("ascii").splitlines()[1].startswith("----------  ")


@pytest.mark.parametrize("width", ["-5", "0", "19", "1001", "1000000", "wide"])
def test_width_out_of_bounds_is_a_usage_error(width: str) -> None:
    result = run("list", "--width", width)
    assert result.returncode == 2 and result.stdout == b""
    assert b"argument --width:" in result.stderr


@pytest.mark.parametrize("width", [20, 29, 30, 31, 60, 1000])
def test_width_bounds_are_accepted(width: int) -> None:
    result = run("list", "--width", str(width))
    assert result.returncode == 0
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 9 and all(len(line) <= width for line in lines)


def _listing(folder: Path, name: bytes) -> Path:
    path = Path(os.fsdecode(os.path.join(os.fsencode(folder), name)))
    path.write_bytes(SEED.read_bytes())
    return path


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_a_file_name_that_is_not_utf8(tmp_path: Path, fmt: str) -> None:
    path = _listing(tmp_path, b"caf\xe9.txt")
    result = run("list", "--format", fmt, str(path))
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    if fmt == "json":
        sources = {r["source"] for r in json.loads(result.stdout)}
        assert sources == {f"{tmp_path}/caf\\xe9.txt"}
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(result.stdout.decode())))
        assert {row[6] for row in rows[1:]} == {f"{tmp_path}/caf\\xe9.txt"}


def test_a_newline_in_a_file_name_keeps_the_diagnostic_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad\nname.txt"
    path.write_text("S\n\nT\n\nWritten by A Saturday, 25 November 2016\n\nSum.\n")
    result = run("list", "--format", "json", str(path))
    assert result.returncode == 0
    assert result.stderr.decode().splitlines() == [
        f"{tmp_path}/bad\\nname.txt:5: warning: weekday Saturday does not match "
        "2016-11-25 (a Friday); date kept"
    ]
    assert json.loads(result.stdout)[0]["source"] == f"{tmp_path}/bad\\nname.txt"


def test_cli_symlink_loop_is_reported_and_the_rest_listed(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    result = run("list", "--format", "csv", str(tmp_path / "a"), str(SEED))
    assert result.returncode == 1  # a file could not be read
    assert result.stderr.decode() == (
        f"{tmp_path}/a: cannot read (Too many levels of symbolic links)\n"
    )
    assert len(result.stdout.decode().splitlines()) == 8


def test_app_symlink_loop_is_reported_and_the_rest_opens(
    tmp_path: Path,
    terminal_env: dict[str, str],  # noqa: F811
    run_terminal: list[Terminal],  # noqa: F811
) -> None:
    """The app used to refuse to start ("no such file")."""
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    terminal = Terminal(["-m", "tui", str(tmp_path / "a"), str(SEED)], (140, 36), terminal_env)
    run_terminal.append(terminal)
    terminal.wait_for(b"7 of 7 articles", timeout=15)
    terminal.wait_for(b"symbolic")  # the notification (wrapped in its toast)
    terminal.send("q")
    assert terminal.wait_exit() == 0


HOSTILE_CSV = """Section

=HYPERLINK("http://example.com","click")

Written by +Mallory Friday, 25 November 2016

-2+3 and more

@SUM(A1:A2)

Written by Alan Woods Friday, 25 November 2016

A plain summary.
"""


def test_csv_guard_prefixes_formula_cells_and_is_off_by_default(tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE_CSV)
    plain = list(csv.reader(io.StringIO(run("list", "--format", "csv", str(path)).stdout.decode())))
    guarded = list(
        csv.reader(
            io.StringIO(run("list", "--format", "csv", "--csv-guard", str(path)).stdout.decode())
        )
    )
    by_title = {row[0]: row for row in plain[1:]}
    assert by_title['=HYPERLINK("http://example.com","click")'][1:2] == ["+Mallory"]
    assert by_title['=HYPERLINK("http://example.com","click")'][4] == "-2+3 and more"
    assert guarded[0] == plain[0]  # the header
    for before, after in zip(plain[1:], guarded[1:], strict=True):
        for cell, kept in zip(before, after, strict=True):
            expected = "'" + cell if cell[:1] in ("=", "+", "-", "@") else cell
            assert kept == expected
    assert any(cell.startswith("'@") for row in guarded for cell in row)
