"""Loading in pieces equals loading whole; the app loads after its first frame."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEED
from tui import corpus_load as loading
from tui.app import make_app
from tui.bench.generate import generate_listing
from tui.corpus import Corpus
from tui.corpus_load import Event
from tui.listing import Article, Diagnostic, iter_parse, parse_text, read_listing
from tui.query import parse_query
from tui.screens.main import MainScreen
from tui.view import ArchiveView
from tui.widgets.status_line import StatusLine

CORPUS = sorted((Path(__file__).parent / "corpus").glob("*.txt"))
# Awkward spots around cuts: blank runs, glued bylines, no heading, controls.
AWKWARD = (
    "Section\n\n\nT1\n\nWritten by A B Monday, 07 November 2016\n\nS1\n\n\n\n"
    "T2\n\nWritten by Tuesday, 08 November 2016\n\nS2 a\nS2 b\n\n"
    "Lone block\n\n\nT3\nWritten by C Friday, 31 February 2016\n\n\x1b[31mS3\n\n"
    "T4\n\nWritten by D Wednesday, 09 November 2016\n\n\n"
    "T5\n\nWritten by E\tF Thursday, 10 November 2016\n\nS5\tx\n"
)


def pieces_equal_whole(text: str, size: int) -> None:
    whole = parse_text(text, "x.txt")
    parts = list(iter_parse(text, "x.txt", size))
    assert [a for p in parts for a in p.articles] == whole.articles
    assert [d for p in parts for d in p.diagnostics] == whole.diagnostics
    assert {p.section for p in parts} == {whole.section}


@pytest.mark.parametrize("size", [1, 50, 400, 1 << 20])
def test_pieces_parse_exactly_as_the_whole(size: int) -> None:
    pieces_equal_whole(generate_listing(300, seed=3), size)
    pieces_equal_whole(AWKWARD * 3, size)
    pieces_equal_whole(AWKWARD.replace("\n", "\r\n"), size)
    pieces_equal_whole("\ufeff" + SEED.read_text(encoding="utf-8"), size)


def test_small_pieces_really_cut() -> None:
    assert len(list(iter_parse(generate_listing(300, seed=3), "x", 1000))) > 50


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_pieces_parse_as_the_whole(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", errors="replace")
    for size in (1, 200):
        pieces_equal_whole(text, size)


def load_batches(paths: list[str], piece: int | None = None) -> list[Event]:
    """The load path's events, without the cache."""
    return list(loading.load_parts(paths, None, piece))


def articles(events: list[Event]) -> list[Article]:
    return [a for e in events if e.part is not None for a in e.part.articles]


def diagnostics(events: list[Event]) -> list[Diagnostic]:
    return [d for e in events if e.part is not None for d in e.part.diagnostics]


def test_batches_hold_every_file_in_order(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(generate_listing(2500, seed=1), encoding="utf-8")
    paths = [str(big), str(tmp_path / "missing.txt"), str(SEED)]
    batches = load_batches(paths, piece=5000)
    assert [b.error for b in batches if b.error] == [f"{tmp_path / 'missing.txt'}: no such file"]
    with_rows = [b for b in batches if b.part is not None and len(b.part)]
    assert 3 <= len(with_rows) < 20  # parts grow: few re-sorts
    expected = [read_listing(big), read_listing(SEED)]
    assert articles(batches) == [a for listing in expected for a in listing.articles]
    assert diagnostics(batches) == [d for listing in expected for d in listing.diagnostics]
    assert batches[-1].done and batches[-1].fraction == 1.0
    fractions = [b.fraction for b in batches]
    assert fractions == sorted(fractions)


def test_a_grown_corpus_sorts_and_filters_as_a_whole_one() -> None:
    listing = parse_text(generate_listing(400, seed=9))
    whole = ArchiveView(Corpus.from_articles(listing.articles))
    corpus = Corpus.empty()
    for start in range(0, 400, 70):
        corpus = corpus.extend(Corpus.from_articles(listing.articles[start : start + 70]))
        grown = ArchiveView(corpus)
        assert grown.view == grown.order()
    assert grown.view == whole.view
    grown.set_filter("stalin")
    assert corpus.extend(Corpus.empty()) is corpus  # nothing appended: the same corpus
    whole.set_filter("stalin")
    assert grown.view == whole.view


def test_make_app_parses_nothing_before_it_runs() -> None:
    app = make_app([str(SEED)])
    assert len(app.archive) == 0


async def test_typing_during_the_load_filters_everything(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(generate_listing(6000, seed=4), encoding="utf-8")
    app = make_app([str(big)])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"lenin")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        archive = screen.archive
        total = len(read_listing(big).articles)
        assert len(archive) == total
        query = parse_query("lenin")
        expected = [i for i in archive.order() if query.matches_article(archive.articles[i])]
        assert archive.view == expected
        status = screen.query_one(StatusLine).text
        assert status.startswith(f"{len(expected):,} of {total:,} articles")
        assert "loading" not in status


async def test_status_line_shows_progress_while_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.txt"
    big.write_text(generate_listing(3000, seed=2), encoding="utf-8")
    total = len(read_listing(big).articles)
    monkeypatch.setattr(loading, "PIECE", 50_000)  # many pieces, many reports
    seen: list[str] = []
    show = StatusLine.show

    def record(self: StatusLine, *args: Any, **kwargs: Any) -> None:
        show(self, *args, **kwargs)
        seen.append(self.text)

    monkeypatch.setattr(StatusLine, "show", record)
    app = make_app([str(big)])
    async with app.run_test(size=(100, 30)):
        await app.workers.wait_for_complete()
    progress = [s for s in seen if "loading…" in s]
    assert len(progress) > 5
    # One total (the articles loaded so far) and one progress figure; never
    # "0 of 0 articles" before the first article arrives.
    shape = re.compile(r"(loading… \d+%|[\d,]+ of ([\d,]+) articles so far · .* · loading… \d+%)")
    for status in progress:
        assert shape.fullmatch(status), status
        assert status.count(" articles") <= 1 and "0 of 0" not in status
    assert any(s.startswith("loading… ") for s in progress)  # before the first batch
    percents = [int(s.rsplit(" ", 1)[1].rstrip("%")) for s in progress]
    assert percents == sorted(percents) and percents[0] >= 0 and percents[-1] <= 100
    assert seen[-1].startswith(f"{total:,} of {total:,} articles · sorted by")


def test_a_byline_standing_as_a_title_is_no_cut() -> None:
    # A byline right before another byline is no title: cutting there would
    # read the block before it differently from the whole.
    article = "T{n}\n\nWritten by A Monday, 07 November 2016\n\nS{n}\n\n"
    text = "Sec\n\n" + "".join(article.format(n=n) for n in range(3))
    text += "T3\n\nWritten by A Monday, 07 November 2016\n\n" + article.format(n=4)[4:]
    for size in (1, 30, 1 << 20):
        pieces_equal_whole(text, size)


def test_batches_refuse_a_file_without_articles(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# A project\n\nNothing here is an article.\n\nNor here.\n")
    batches = load_batches([str(SEED), str(readme)])
    assert [b.error for b in batches if b.error] == [
        f"{readme}: not a listing (no 'Written by' bylines)"
    ]
    assert articles(batches) == read_listing(SEED).articles
    assert diagnostics(batches) == []  # no note lists the README
    sections = {s for b in batches if b.part is not None for s in b.part.sections}
    assert sections == {"The Russian Revolution"}


def test_batches_carry_the_notes_of_a_real_page() -> None:
    page = Path(__file__).parent / "corpus" / "real-page.txt"
    batches = load_batches([str(page)])
    listing = read_listing(page)
    assert articles(batches) == listing.articles
    assert diagnostics(batches) == listing.diagnostics
    assert len(listing.articles) == 4 and len(listing.diagnostics) == 8


def test_batches_load_each_file_once(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(SEED)
    batches = load_batches([str(SEED), str(link), str(SEED), str(tmp_path / "gone.txt")] * 2)
    assert [b.error for b in batches if b.error] == [f"{tmp_path / 'gone.txt'}: no such file"]
    assert articles(batches) == read_listing(SEED).articles
