"""The non-interactive CLI: formats, exit codes, and no Textual import."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED
from tui.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=60
    )


def test_list_json_prints_the_seven_articles() -> None:
    result = run("list", "--format", "json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert len(records) == 7
    assert set(records[0]) == {
        "title", "author", "date", "caption", "summary", "section", "source", "line"
    }  # fmt: skip
    assert records[0]["date"] == "2016-11-25"
    assert records[2]["caption"] is None
    assert result.stderr == ""


def test_list_csv_has_header_and_rows(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--format", "csv", "--filter", "stalin"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["title", "author", "date", "caption", "summary", "section", "source", "line"]
    assert len(rows) == 4


def test_list_table_fits_width(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--width", "60"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 9
    assert all(len(line) <= 60 for line in lines)


def test_sort_keys_and_reverse(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--format", "json", "--sort", "author,-date"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["author"] for r in records][:5] == ["Alan Woods"] * 5
    assert [r["date"] for r in records][:5] == sorted([r["date"] for r in records][:5])[::-1]
    assert main(["list", "--format", "json", "--sort", "date", "--reverse"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert records[0]["date"] == "2016-11-25"


def test_exit_codes(tmp_path: Path) -> None:
    assert run("list", str(tmp_path / "missing.txt")).returncode == 1
    bad = tmp_path / "bad.txt"
    bad.write_text("S\n\nT\n\nWritten by A Saturday, 25 November 2016\n\nSum.\n")
    loose = run("list", str(bad))
    assert loose.returncode == 0
    assert f"{bad}:5: warning: weekday Saturday" in loose.stderr
    assert run("list", "--strict", str(bad)).returncode == 1
    assert run("list", "--sort", "nope").returncode == 2
    assert run("list", "--bogus").returncode == 2
    assert "Traceback" not in run("list", str(tmp_path)).stderr


def test_list_does_not_import_textual() -> None:
    code = (
        "import sys, io, contextlib\n"
        "from tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['list', '--format', 'json'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


def test_main_module_matches_console_script_source() -> None:
    assert run("list", "--format", "json", str(SEED)).returncode == 0


# -- a filter value that starts with "-" ------------------------------------


@pytest.mark.parametrize("form", [["--filter", "-author:woods"], ["--filter=-author:woods"]])
def test_list_filter_value_may_start_with_a_dash(
    form: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", "--format", "json", *form]) == 0
    authors = [r["author"] for r in json.loads(capsys.readouterr().out)]
    assert sorted(authors) == ["International Marxist Tendency", "MB"]


def test_list_filter_dash_values_after_other_options_and_twice(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The value is the next argument whatever it is; the last --filter wins,
    # as with any option; after "--" everything is a path.
    assert main(["list", "--fil", "-stalin", "--format", "json", "--filter", "-a:woods"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
    assert main(["list", "--format", "json", "--filter", "-a:woods", "--", str(SEED)]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
    assert main(["list", "--", "--filter"]) == 1  # a file named --filter: missing
    assert "--filter: no such file" in capsys.readouterr().err


def test_app_filter_value_may_start_with_a_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    import tui.app

    seen: dict[str, object] = {}

    class Stub:
        crash_message = None
        return_code = 0

        def run(self, loop: object = None) -> None:
            pass

    def fake_make_app(paths: list[str], initial_filter: str = "") -> Stub:
        seen.update(paths=paths, initial_filter=initial_filter)
        return Stub()

    monkeypatch.setattr(tui.app, "make_app", fake_make_app)
    assert main(["--filter", "-author:woods", str(SEED)]) == 0
    assert seen == {"paths": [str(SEED)], "initial_filter": "-author:woods"}


# -- files that are not listings ---------------------------------------------


def test_a_file_with_no_articles_is_not_a_listing(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    readme = tmp_path / "README.md"
    readme.write_text("# Archive TUI\n\nA terminal app.\n\n## Usage\n\n    archive-tui\n")
    for path, reason in (
        (Path("/etc/passwd"), "no 'Written by' bylines"),
        (readme, "no 'Written by' bylines"),
        (empty, "empty file"),
    ):
        if not path.exists():
            continue
        result = run("list", str(path))
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr == f"{path}: not a listing ({reason})\n"
    # With a listing beside it: the listing prints, the other is one line, exit 1.
    both = run("list", "--format", "json", str(readme), str(SEED))
    assert both.returncode == 1
    assert len(json.loads(both.stdout)) == 7
    assert both.stderr == f"{readme}: not a listing (no 'Written by' bylines)\n"


# -- the same file twice -----------------------------------------------------


def test_the_same_file_twice_or_through_a_link_loads_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(SEED)
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED.read_bytes())
    hard = tmp_path / "hard.txt"
    hard.hardlink_to(copy)
    monkeypatch.chdir(SEED.parent)
    args = [str(SEED), SEED.name, f"./{SEED.name}", str(link), str(copy), str(hard)]
    assert main(["list", "--format", "json", *args]) == 0
    records = json.loads(capsys.readouterr().out)
    # The seed once (four spellings and a symlink), its copy once (and its hard link).
    assert len(records) == 14
    assert sorted({r["source"] for r in records}) == sorted({str(SEED), str(copy)})


def test_strict_fails_on_warnings_not_on_notes(tmp_path: Path) -> None:
    corpus = Path(__file__).resolve().parent / "corpus"
    page = run("list", "--strict", str(corpus / "real-page.txt"))
    assert page.returncode == 0  # eight notes of skipped page text
    assert page.stderr.count(": note: skipped page text") == 8
    assert run("list", "--strict", str(corpus / "structure.txt")).returncode == 1


@pytest.mark.parametrize(("given", "expected"), [(None, "120"), ("45", "45")])
def test_the_app_runs_at_120_fps_unless_the_user_says_otherwise(
    given: str | None, expected: str
) -> None:
    """Textual reads TEXTUAL_FPS when imported: the CLI sets it first, and a
    user's own value wins."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"}
    if given is not None:
        env["TEXTUAL_FPS"] = given
    code = (
        "from tui.cli import set_frame_rate; set_frame_rate()\n"
        "import textual.constants as c; print(c.MAX_FPS)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.stdout.strip() == expected, done.stderr
