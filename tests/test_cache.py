"""The parse cache through ``archive-tui list``: a hit prints exactly what a
fresh parse prints, and no change to the listing (nor a corrupt or crafted
entry, nor an unusable directory) ever makes it print anything else.  Also the
one-shot ``select_sorted`` the ``list`` command uses instead of a
whole-corpus order, and its JSON built from the columns."""

from __future__ import annotations

import json
import os
import time
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import archive_from_text
from tests.test_corpus_cache import _craft, _split
from tui import corpus_cache as cache
from tui import corpus_load
from tui.bench.generate import generate_listing
from tui.cli import main
from tui.corpus import Corpus
from tui.engine import select_sorted
from tui.export import record, to_json
from tui.export_frame import json_bytes
from tui.listing import Article
from tui.query import parse_query
from tui.sorting import COLUMNS, SortKey

# A listing with warnings on top of generated articles (accents, captions).
EXTRA = "\n\nOrphan title\n\nWritten by Nobody Monday, 31 February 2016\n\nText `quoted`.\n"


def _age(path: Path, seconds: float = 60.0) -> None:
    """Make the listing old enough to be cached (see ``cache.RACY_NS``)."""
    when = time.time() - seconds
    os.utime(path, (when, when))


def _listing(tmp_path: Path, n: int = 300, name: str = "g.txt") -> Path:
    path = tmp_path / name
    path.write_text(generate_listing(n, seed=5) + EXTRA, encoding="utf-8")
    _age(path)
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["list", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths actually parsed (a spy around the real parser)."""
    calls: list[str] = []
    real = corpus_load.read_text

    def spy(path: str | os.PathLike[str]) -> object:
        calls.append(os.fspath(path))
        return real(path)

    monkeypatch.setattr(corpus_load, "read_text", spy)
    return calls


def _entries(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


@pytest.mark.parametrize(
    "options",
    [
        ["--format", "json"],
        ["--format", "csv", "--filter", "stalin"],
        ["--format", "table", "--width", "90", "--filter", "date:1990.. -a:woods"],
        ["--format", "json", "--filter", "~revbetr"],
        ["--format", "csv", "--sort", "author,-date", "--reverse"],
    ],
)
def test_a_hit_prints_what_a_fresh_parse_prints(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    parses: list[str],
    _private_cache: Path,
    options: list[str],
) -> None:
    path = str(_listing(tmp_path))
    fresh = _run(capsys, path, "--no-cache", *options)
    assert len(parses) == 1 and _entries(_private_cache) == []  # --no-cache writes nothing
    assert "impossible date" in fresh[2] and fresh[1]
    assert _run(capsys, path, *options) == fresh  # a miss: parsed and stored
    assert len(parses) == 2 and len(_entries(_private_cache)) == 1
    assert _run(capsys, path, *options) == fresh  # a hit
    assert len(parses) == 2


def test_the_source_is_the_path_as_given_now(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    parses: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = _listing(tmp_path)
    _run(capsys, str(path), "--format", "csv")
    monkeypatch.chdir(tmp_path)
    hit = _run(capsys, "g.txt", "--format", "csv")
    assert len(parses) == 1
    assert hit == _run(capsys, "g.txt", "--format", "csv", "--no-cache")
    assert ",g.txt," in hit[1] and "g.txt:" in hit[2] and str(tmp_path) not in hit[1] + hit[2]


def test_a_changed_file_is_parsed_again_even_with_its_old_size_and_mtime(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], parses: list[str]
) -> None:
    path = _listing(tmp_path)
    before = os.stat(path)
    _run(capsys, str(path), "--format", "json")
    text = path.read_text(encoding="utf-8")
    changed = text.replace("Orphan title", "Orphan titlX", 1)
    assert len(changed.encode()) == len(text.encode()) and changed != text
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # size and mtime as cached
    after = _run(capsys, str(path), "--format", "json")
    assert len(parses) == 2
    assert '"Orphan titlX"' in after[1]
    assert after == _run(capsys, str(path), "--format", "json", "--no-cache")


def test_a_touched_file_is_parsed_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], parses: list[str]
) -> None:
    path = _listing(tmp_path)
    first = _run(capsys, str(path))
    _age(path, 30)
    assert _run(capsys, str(path)) == first
    assert len(parses) == 2


def test_a_just_written_file_is_not_cached(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    parses: list[str],
    _private_cache: Path,
) -> None:
    """Within the file system's timestamp tick a same-size rewrite would look
    unchanged, so a file modified moments ago is never stored."""
    path = tmp_path / "new.txt"
    path.write_text(generate_listing(50, seed=2), encoding="utf-8")
    _run(capsys, str(path))
    _run(capsys, str(path))
    assert len(parses) == 2 and _entries(_private_cache) == []


def _truncate(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _flip_last(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 0x01])


@pytest.mark.parametrize(
    "corrupt",
    [
        _truncate,
        _flip_last,
        lambda data: b"",
        lambda data: b'{"not": "a cache"}\n',
        lambda data: data[:30] + b"\xff" * 40 + data[70:],  # the lengths and header
    ],
)
def test_a_corrupt_entry_is_ignored_and_rewritten(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    parses: list[str],
    _private_cache: Path,
    corrupt: object,
) -> None:
    path = str(_listing(tmp_path))
    fresh = _run(capsys, path, "--format", "json")
    [name] = _entries(_private_cache)
    entry = _private_cache / name
    assert callable(corrupt)
    entry.write_bytes(corrupt(entry.read_bytes()))
    assert _run(capsys, path, "--format", "json") == fresh  # no warning either
    assert len(parses) == 2
    assert _run(capsys, path, "--format", "json") == fresh  # rewritten: a hit again
    assert len(parses) == 2 and _entries(_private_cache) == [name]


def test_an_entry_from_other_parser_code_is_not_served(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    parses: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = str(_listing(tmp_path))
    fresh = _run(capsys, path)
    monkeypatch.setattr(cache, "_code_digest", "another parser")
    assert _run(capsys, path) == fresh
    assert len(parses) == 2


def test_an_entry_split_by_another_word_list_is_not_served(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    parses: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = str(_listing(tmp_path))
    fresh = _run(capsys, path)
    monkeypatch.setattr(cache, "_code_digest", None)
    monkeypatch.setattr(cache.captions, "lexicon_version", lambda: "another word list")
    assert _run(capsys, path) == fresh
    assert len(parses) == 2


def test_an_unwritable_cache_dir_still_works(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    parses: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(cache.ENV, str(blocker / "cache"))
    path = str(_listing(tmp_path))
    fresh = _run(capsys, path, "--no-cache")
    assert _run(capsys, path) == fresh
    assert _run(capsys, path) == fresh
    assert len(parses) == 3 and fresh[0] == 0


def test_an_empty_setting_keeps_no_cache(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    parses: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(cache.ENV, "")
    assert cache.default_dir() is None
    path = str(_listing(tmp_path))
    assert _run(capsys, path) == _run(capsys, path)
    assert len(parses) == 2


def test_no_temporary_files_are_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], _private_cache: Path
) -> None:
    for name in ("a.txt", "b.txt"):
        _run(capsys, str(_listing(tmp_path, 40, name)))
    assert len(_entries(_private_cache)) == 2
    assert all(name.endswith(".arrow") for name in _entries(_private_cache))


def test_missing_and_cached_files_together(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(_listing(tmp_path))
    _run(capsys, path)
    code, out, err = _run(capsys, path, str(tmp_path / "nope.txt"))
    assert code == 1 and "nope.txt: no such file" in err and out


@pytest.mark.parametrize("text", ["", "stalin", "s", "-woods", "~revbetr", "date:2000.. | t:the"])
def test_select_is_set_sort_then_search(text: str) -> None:
    listing = generate_listing(1500, seed=11) + EXTRA
    query = parse_query(text)
    for keys in (
        (SortKey("date", True), SortKey("title", False)),
        (SortKey("author", False), SortKey("date", False)),
        (SortKey("title", True),),
    ):
        reference = archive_from_text(listing)
        reference.resort(keys)
        assert reference.corpus is not None
        expected = list(reference.search(query))
        assert select_sorted(reference.corpus, query, keys).tolist() == expected, (text, keys)
    assert set(COLUMNS) == {"date", "title", "author"}  # every column is exercised above


def test_json_is_exactly_the_indented_dump() -> None:
    """The JSON built from the columns (in Rust) is ``json.dumps(indent=2)``."""
    articles = list(archive_from_text(generate_listing(200, seed=3)).articles)
    tricky = Article(
        'Quote " and \\ and },\n    { in a title',
        "Ann Lee",
        None,
        "",
        "},\n    {",
        "Paragraph one.\n\n},\n  {\tünïcödé ’",
        "S",
        "x.txt",
        7,
    )
    controls = replace(tricky, title="stand-ins \x02 \x03 and a bell \x07")
    for chosen in ([*articles, tricky], [tricky], articles[:1], [], [tricky, controls]):
        expected = json.dumps([record(a) for a in chosen], ensure_ascii=False, indent=2) + "\n"
        frame = Corpus.from_articles(chosen).display(range(len(chosen)))
        assert json_bytes(frame).decode() == expected
        assert to_json(chosen) == expected


def test_cached_and_fresh_listings_merge_as_parsed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], parses: list[str]
) -> None:
    old = str(_listing(tmp_path, 120, "old.txt"))
    _run(capsys, old)  # now cached
    new = tmp_path / "new.txt"
    new.write_text(generate_listing(80, seed=9), encoding="utf-8")  # too fresh to cache
    argv = (old, str(new), old, "--format", "json", "--sort", "author,title")
    assert _run(capsys, *argv) == _run(capsys, *argv, "--no-cache")
    assert parses.count(old) == 2  # the first run, then under --no-cache only


def test_a_crafted_entry_never_reaches_the_output_raw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], parses: list[str], _private_cache: Path
) -> None:
    """Issue 10: an entry with a valid checksum but escape sequences in its
    text and notes is served re-sanitised, in every format and on stderr."""
    path = str(_listing(tmp_path))
    fresh = _run(capsys, path, "--format", "json")
    [name] = _entries(_private_cache)
    entry = _private_cache / name
    header, payload = _split(entry.read_bytes())
    import io

    import polars as pl

    frame = pl.read_ipc(payload).with_columns(pl.lit("\x1b]0;PWNED\x07\x1b[2JTitle").alias("title"))
    out = io.BytesIO()
    frame.write_ipc(out)
    notes = [[5, "note \x1b[31mred", "warning"]]
    entry.write_bytes(_craft(header, out.getvalue(), diagnostics=notes))
    for fmt in ("json", "csv", "table"):
        code, stdout, stderr = _run(capsys, path, "--format", fmt, "--width", "100")
        assert code == 0 and "\x1b" not in stdout + stderr, fmt
        assert "Title" in stdout and "note red" in stderr
    assert len(parses) == 1  # served from the (crafted) entry
    assert fresh[1] != _run(capsys, path, "--format", "json")[1]
