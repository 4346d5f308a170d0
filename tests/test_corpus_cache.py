"""The corpus cache: a hit gives exactly what a fresh parse gives; no change to
the listing, damaged entry or crafted entry (checksums valid) is ever served
as data, crashes, hangs or reaches the terminal raw; stale temp files go."""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import time
import zlib
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from tui import corpus_cache
from tui.bench.generate import generate_listing
from tui.corpus import Corpus
from tui.corpus_load import load_corpus, load_parts
from tui.listing import read_listing

EXTRA = "\n\nOrphan title\n\nWritten by Nobody Monday, 31 February 2016\n\nText `quoted`.\n"


def _age(path: Path, seconds: float = 60.0) -> None:
    when = time.time() - seconds
    os.utime(path, (when, when))


def _listing(tmp_path: Path, n: int = 200, name: str = "g.txt") -> Path:
    path = tmp_path / name
    path.write_text(generate_listing(n, seed=5) + EXTRA, encoding="utf-8")
    _age(path)
    return path


def _fresh(path: Path | str) -> Corpus:
    listing = read_listing(path)
    return Corpus.from_listings([listing])


def _same(a: Corpus, b: Corpus) -> bool:
    return (
        a.frame.equals(b.frame, null_equal=True)
        and a.diagnostics == b.diagnostics
        and a.sections == b.sections
    )


def _entries(directory: Path) -> list[Path]:
    return sorted(directory.iterdir()) if directory.exists() else []


@pytest.fixture
def cached(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A listing, its cache dir and the one entry a first load wrote."""
    path = _listing(tmp_path)
    directory = tmp_path / "cache"
    load_corpus([str(path)], directory)
    [entry] = _entries(directory)
    return path, directory, entry


def _served(path: Path, directory: Path) -> bool:
    """Did the load come from the cache?"""
    return any(e.cached for e in load_parts([str(path)], directory))


def test_a_hit_is_exactly_a_fresh_parse(cached: tuple[Path, Path, Path]) -> None:
    path, directory, _ = cached
    assert _served(path, directory)
    corpus, errors = load_corpus([str(path)], directory)
    assert corpus is not None and not errors
    assert _same(corpus, _fresh(path))
    assert "impossible date" in str(corpus.diagnostics)
    assert not corpus.trusted  # read from disk: re-sanitised on the way out


def test_the_source_is_the_path_as_given_now(
    cached: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, directory, _ = cached
    monkeypatch.chdir(path.parent)
    corpus, _ = load_corpus([path.name], directory)
    assert corpus is not None and _served(Path(path.name), directory)
    assert set(corpus.frame["source"]) == {path.name}
    assert {d.source for d in corpus.diagnostics} == {path.name}


def test_a_changed_file_with_its_old_size_and_mtime_is_parsed_again(
    cached: tuple[Path, Path, Path],
) -> None:
    path, directory, _ = cached
    before = os.stat(path)
    text = path.read_text(encoding="utf-8")
    changed = text.replace("Orphan title", "Orphan titlX", 1)
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert not _served(path, directory)
    corpus, _ = load_corpus([str(path)], directory)
    assert corpus is not None and "Orphan titlX" in corpus.frame["title"].to_list()


def test_a_just_written_file_is_not_cached(tmp_path: Path) -> None:
    path = tmp_path / "new.txt"
    path.write_text(generate_listing(30, seed=2), encoding="utf-8")
    load_corpus([str(path)], tmp_path / "cache")
    assert _entries(tmp_path / "cache") == []


def test_an_entry_of_other_parser_code_is_not_served(
    cached: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, directory, _ = cached
    monkeypatch.setattr(corpus_cache, "_code_digest", "another parser")
    assert not _served(path, directory)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),
        lambda data: b"",
        lambda data: b'{"not": "a cache"}\n',
        lambda data: data[:20] + b"\xff" * 40 + data[60:],
    ],
)
def test_a_damaged_entry_is_a_miss_and_rewritten(
    cached: tuple[Path, Path, Path], damage: Any
) -> None:
    path, directory, entry = cached
    entry.write_bytes(damage(entry.read_bytes()))
    assert not _served(path, directory)
    assert _served(path, directory)  # rewritten by the miss
    assert _entries(directory) == [entry]


# -- crafted entries: checksums valid, content hostile -----------------------


def _split(data: bytes) -> tuple[dict[str, Any], bytes]:
    header, payload = corpus_cache.split(data)
    return header, bytes(payload)


def _craft(header: dict[str, Any], payload: bytes, **changes: Any) -> bytes:
    """An entry with ``payload`` and a header whose checksum fits it."""
    header = {**header, "payload": len(payload), "crc32": zlib.crc32(payload), **changes}
    return corpus_cache.MAGIC + payload + corpus_cache.pack_tail(header)


def _ipc(frame: pl.DataFrame) -> bytes:
    out = io.BytesIO()
    frame.write_ipc(out)
    return out.getvalue()


def _stored(entry: Path) -> pl.DataFrame:
    return pl.read_ipc(_split(entry.read_bytes())[1])


def _hostile_frames(frame: pl.DataFrame) -> list[pl.DataFrame]:
    return [
        frame.with_columns(pl.col("line").cast(pl.Int64)),
        frame.drop("summary"),
        frame.with_columns(pl.lit("x").alias("extra")),
        frame.select(list(reversed(frame.columns))),
        frame.with_columns(pl.lit(0, dtype=pl.Int32).alias("line")),
        frame.with_columns(pl.lit(-5, dtype=pl.Int32).alias("date")),
        frame.with_columns(pl.lit(9_999_999, dtype=pl.Int32).alias("date")),
        frame.with_columns(pl.lit(None, dtype=pl.String).alias("title")),
        frame.head(3),
    ]


def test_crafted_entries_with_valid_checksums_are_misses(cached: tuple[Path, Path, Path]) -> None:
    path, directory, entry = cached
    header, payload = _split(entry.read_bytes())
    frame = _stored(entry)
    crafted = [_craft(header, _ipc(f)) for f in _hostile_frames(frame)]
    crafted += [
        _craft(header, payload, rows=header["rows"] + 1),
        _craft(header, payload, rows="many"),
        _craft(header, payload, diagnostics=[[0, "bad line", "warning"]]),
        _craft(header, payload, diagnostics=[["1", "x", "warning"]]),
        _craft(header, payload, diagnostics="none"),
        _craft(header, payload, section=["a list"]),
        _craft(header, b"ARROW1" + payload[6:]),
        _craft(header, payload[:100]),
        corpus_cache.MAGIC + b"{}" + corpus_cache._LENGTH.pack(2**31) + corpus_cache.END,
        corpus_cache.MAGIC
        + payload
        + b"[[[[[[[["
        + corpus_cache._LENGTH.pack(8)
        + corpus_cache.END,
        corpus_cache.MAGIC
        + payload
        + b"[" * 100_000
        + corpus_cache._LENGTH.pack(100_000)
        + corpus_cache.END,
    ]
    expected = _fresh(path)
    for data in crafted:
        entry.write_bytes(data)
        corpus, errors = load_corpus([str(path)], directory)
        assert corpus is not None and not errors and _same(corpus, expected)
        assert _served(path, directory)  # the miss rewrote a good entry


def test_escapes_in_a_crafted_entry_never_leave_the_corpus(
    cached: tuple[Path, Path, Path],
) -> None:
    path, directory, entry = cached
    header, _ = _split(entry.read_bytes())
    frame = _stored(entry).with_columns(
        pl.lit("\x1b]0;PWNED\x07\x1b[2JTitle").alias("title"),
        pl.lit("Ann\u202eLee").alias("author"),
    )
    notes = [[3, "note \x1b[31mred\x1b[0m", "warning"]]
    entry.write_bytes(_craft(header, _ipc(frame), diagnostics=notes, section="S\x9b2J"))
    corpus, _ = load_corpus([str(path)], directory)
    assert corpus is not None and _served(path, directory)
    article = corpus.article(0)
    assert article.title == "Title" and article.author == "AnnLee"
    assert [a.title for a in corpus.take([0, 1])] == ["Title", "Title"]
    assert list(corpus.articles)[2].title == "Title"
    assert "\x1b" not in str(corpus.diagnostics) and corpus.sections == ("S",)


FUZZ = """
import random, sys, zlib
from pathlib import Path
sys.path.insert(0, {root!r})
from tests.test_corpus_cache import _craft, _split
from tui import corpus_cache
from tui.corpus_load import load_corpus
entry, listing, directory = Path({entry!r}), {listing!r}, Path({directory!r})
good = entry.read_bytes()
header, payload = _split(good)
rnd = random.Random({seed})
outcomes = set()
for case in range({cases}):
    data = bytearray(payload)
    for _ in range(rnd.randint(1, 6)):
        data[rnd.randrange(len(data))] = rnd.randrange(256)
    entry.write_bytes(_craft(header, bytes(data)))
    try:
        entry_key = corpus_cache.load(listing, directory)
    except Exception as error:
        print("raised", type(error).__name__, error)
        sys.exit(1)
    outcomes.add(entry_key[0] is not None)
    corpus, errors = load_corpus([listing], directory)
    assert corpus is not None and not errors
    corpus.take(range(len(corpus)))
print(sorted(outcomes))
"""


def test_fuzzed_payloads_with_valid_checksums_never_crash(
    cached: tuple[Path, Path, Path],
) -> None:
    """Random bytes changed in the Arrow payload, the checksum fixed: each is
    refused or read as valid data, in a child process (an abort would kill it)."""
    path, directory, entry = cached
    root = str(Path(__file__).resolve().parent.parent)
    code = FUZZ.format(
        root=root, entry=str(entry), listing=str(path), directory=str(directory),
        seed=random.randrange(1 << 30), cases=150,
    )  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "False" in done.stdout  # some were refused


def test_a_fifo_or_a_symlink_in_place_of_an_entry_is_a_miss(
    cached: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    path, directory, entry = cached
    target = tmp_path / "elsewhere.arrow"
    target.write_bytes(entry.read_bytes())
    entry.unlink()
    entry.symlink_to(target)
    assert not _served(path, directory)  # not followed (then replaced by a real entry)
    entry.unlink()
    os.mkfifo(entry)
    root = str(Path(__file__).resolve().parent.parent)
    code = (
        f"import sys; from pathlib import Path; sys.path.insert(0, {root!r});"
        "from tui.corpus_load import load_corpus;"
        f"c, e = load_corpus([{str(path)!r}], Path({str(directory)!r})); print(len(c))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and int(done.stdout) == len(_fresh(path))


def test_stale_temp_files_are_removed_on_start(cached: tuple[Path, Path, Path]) -> None:
    path, directory, entry = cached
    old, recent = directory / ".tmp-old.arrow", directory / ".tmp-recent.arrow"
    for temp in (old, recent):
        temp.write_bytes(b"x" * 1000)
    _age(old, 2 * 3600)
    _age(recent, 600)
    load_corpus([str(path)], directory)
    assert _entries(directory) == sorted([entry, recent])


def test_an_unwritable_cache_dir_still_loads(tmp_path: Path) -> None:
    path = _listing(tmp_path)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    corpus, errors = load_corpus([str(path)], blocker / "cache")
    assert corpus is not None and not errors and _same(corpus, _fresh(path))


def test_no_temporary_files_are_left(tmp_path: Path) -> None:
    directory = tmp_path / "cache"
    load_corpus(
        [str(_listing(tmp_path, 30, "a.txt")), str(_listing(tmp_path, 20, "b.txt"))], directory
    )
    assert [p.suffix for p in _entries(directory)] == [".arrow", ".arrow"]
    assert not any(p.name.startswith(".tmp") for p in _entries(directory))


def test_the_environment_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(corpus_cache.ENV, "")
    assert corpus_cache.default_dir() is None
    monkeypatch.setenv(corpus_cache.ENV, str(tmp_path))
    assert corpus_cache.default_dir() == tmp_path
