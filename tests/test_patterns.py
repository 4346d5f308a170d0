"""User patterns (``/…/``) cannot freeze a search: one Rust's linear engine can
run provably alike runs there; any other runs on the ``regex`` engine, which
stops on a budget; an abandoned search stops between slices; and the query
language's regex semantics and error messages stay those of Python's ``re``."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEED, settle
from tui import engine, query_regex
from tui.app import make_app
from tui.bench.generate import write_listing
from tui.corpus import Corpus
from tui.listing import Article, read_listing
from tui.query import Budget, PatternTooSlow, QueryError, SearchCancelled, parse_query
from tui.query_eval import article_fields
from tui.view import ArchiveView

# Catastrophic for Python's re on article text (minutes on 200 articles),
# harmless for the engines now used: it simply matches.
RE_BOMB = "/(.*a){20}/"
# Catastrophic for backtracking engines, linear in Rust's: it runs there.
RUST_BOMB = r"/(?:\w+\s?){1,100}$/"
# The same with a lookbehind, which Rust's engine lacks: it runs on the
# ``regex`` engine and is stopped by the per-field budget.
BOMB = r"/(?<!\d)(?:\w+\s?){1,100}$/"


def corpus_of(articles: list[Article]) -> Corpus:
    return Corpus.from_articles(articles)


def found(text: str, corpus: Corpus, budget: Budget | None = None) -> list[int]:
    """The rows (in row order) the query matches, by the engine."""
    return engine.matching(corpus, parse_query(text).root, None, budget).tolist()


def _run(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="module")
def listing_200(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("patterns") / "200.txt"
    write_listing(path, 200)
    return path


def _in_thread(function: Callable[[], Any], timeout: float = 30.0) -> Any:
    """A deadline for code that used to hang (the test fails instead of freezing)."""
    box: list[Any] = []

    def run() -> None:
        try:
            box.append(function())
        except BaseException as error:
            box.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), "hung"
    return box[0]


# -- the CLI, as a whole process with a wall-clock bound -------------------------


def test_cli_re_bomb_finishes(listing_200: Path) -> None:
    """Python's re took minutes here; the bound is generous (it takes < 1 s)."""
    result = _run("list", "--no-cache", str(listing_200), "--filter", RE_BOMB, timeout=10)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) > 2  # it matched articles


def test_cli_rust_bomb_finishes(listing_200: Path) -> None:
    result = _run("list", "--no-cache", str(listing_200), "--filter", RUST_BOMB, timeout=10)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) > 2


def test_cli_bomb_is_a_query_error(listing_200: Path) -> None:
    result = _run("list", "--no-cache", str(listing_200), "--filter", BOMB, timeout=10)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "archive-tui: bad query: pattern too slow at 0\n"


# -- semantics kept ----------------------------------------------------------------

PATTERNS = [
    r"^the .*october$",
    r"stalin.*trotsky",
    r"\brevolution\b",
    r"19[0-9]{2}",
    r"^(?:a|the)\s",
    r"[^\x00-\x7f]",
    r"(?<=ted )\w+",
    r"(\w)\1",
    r"woods$",
    r"\d{4}-\d\d",
    r"BROUE",
    r"(?i:stalin)|lenin",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_results_equal_python_re_per_field(pattern: str, listing_200: Path) -> None:
    """Per field, case-insensitive, on folded text: the same articles as
    Python's re finds (the reference the query language was defined with)."""
    articles = [*read_listing(listing_200).articles, *read_listing(SEED).articles]
    query = parse_query(f"/{pattern}/")
    expected_re = re.compile(pattern, re.IGNORECASE)
    fields = ("title", "author", "caption", "summary", "date")
    expected = [
        i
        for i, article in enumerate(articles)
        if any(expected_re.search(article_fields(article)[name]) for name in fields)
    ]
    assert found(f"/{pattern}/", corpus_of(articles)) == expected
    assert [i for i, a in enumerate(articles) if query.matches_article(a)] == expected


def test_field_regex_and_highlight_spans() -> None:
    articles = read_listing(SEED).articles
    query = parse_query("a:/woods$/ t:/^the/")
    rows = found(query.text, corpus_of(articles))
    assert rows and all(
        articles[i].author.endswith("Woods") and articles[i].title.startswith("The") for i in rows
    )
    assert query.spans("title", "the truth") == [(0, 3)]
    assert query.spans("author", "alan woods") == [(5, 10)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("/[a/", "bad regex (unterminated character set) at 1"),
        ("x /a(b/", "bad regex (missing ), unterminated subpattern) at 4"),
        ("/((a{1000}){1000}){10}/", "pattern too large at 0"),
        ("x /(a{2}){60000}/", "pattern too large at 2"),
        ("/" + "(" * 1000 + "a" + ")" * 1000 + "/", "bad regex (nested too deeply) at 0"),
        ("(" * 100 + "a" + ")" * 100, "nested too deeply at 64"),
        ("-" * 1000 + "a", "nested too deeply at 64"),
    ],
)
def test_errors(text: str, message: str) -> None:
    """Compile bombs and deep nesting are query errors, quickly (``regex``
    would take seconds and gigabytes on the first; the parser recursed)."""
    outcome = _in_thread(lambda: parse_query(text))
    assert isinstance(outcome, QueryError), outcome
    assert str(outcome) == message


# -- budgets and cancellation --------------------------------------------------------


def test_bomb_raises_pattern_too_slow_in_the_engine() -> None:
    corpus = corpus_of(read_listing(SEED).articles)
    outcome = _in_thread(lambda: found("stalin " + BOMB, corpus))
    assert isinstance(outcome, PatternTooSlow), outcome
    assert (outcome.message, outcome.position) == ("pattern too slow", 7)


def test_highlighting_a_bomb_gives_up_without_error() -> None:
    query = parse_query(BOMB)
    text = "word " * 40 + "!"
    assert _in_thread(lambda: query.spans("summary", text)) == []


def test_a_pattern_slow_on_every_field_exceeds_the_search_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No single field is over its limit, but the whole search is: the
    cumulative budget stops it (lowered here so the test is quick)."""
    monkeypatch.setattr(query_regex, "BASE_SECONDS", 0.0)
    monkeypatch.setattr(query_regex, "SECONDS_PER_CHAR", 1e-12)
    corpus = corpus_of(read_listing(SEED).articles * 20)
    with pytest.raises(PatternTooSlow):
        found("/(?<!q)(.)*(.)*(.)*z/", corpus)  # a lookbehind: the regex engine


@pytest.mark.parametrize("text", ["/\\d{4}/", "stalin", "~rvltn", "'the", "date:2016"])
def test_a_stopped_search_ends_at_the_next_chunk(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``stop`` is polled between the slices a search runs over: once it says
    so, the search raises SearchCancelled instead of finishing."""
    corpus = corpus_of(read_listing(SEED).articles * 3000)  # 21,000 articles
    monkeypatch.setattr(engine, "SLICE_ROWS", 1000)
    polls = 0

    def stop() -> bool:
        nonlocal polls
        polls += 1
        return polls > 2

    with pytest.raises(SearchCancelled):
        found(text, corpus, Budget(stop))
    assert polls == 3
    # Without a stop, the same search completes.
    assert isinstance(found(text, corpus), list)


async def test_app_shows_pattern_too_slow_and_keeps_the_rows() -> None:
    app = make_app([str(SEED)])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen: Any = app.screen
        await pilot.press("/", *"stalin")
        await settle(pilot)
        rows = list(screen.archive.view)
        assert len(rows) == 3
        for key in " " + BOMB:
            await pilot.press(key if key != " " else "space")
        await settle(pilot)
        assert screen.filter_bar.error == " ✗ pattern too slow at 7"
        assert screen.archive.view == rows  # the last good result stays
        await pilot.press("backspace", *"x/")  # the app still answers
        await settle(pilot)
        assert screen.filter_bar.value.endswith("x/")


async def test_a_new_keystroke_abandons_the_running_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A slow search (budgets lifted, so it would run for minutes) is
    abandoned by the next keystroke: its search ends at once, not when it
    would have finished.  With Python's re nothing could interrupt it."""
    monkeypatch.setattr(query_regex, "BASE_SECONDS", 1e9)
    monkeypatch.setattr(query_regex, "CALL_SECONDS", 1e9)
    ended: list[str] = []
    real_steps = engine.steps

    def traced(corpus: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            yield from real_steps(corpus, query, *args, **kwargs)
        finally:  # the worker returned (finished, cancelled or failed)
            ended.append(query.text)

    monkeypatch.setattr(engine, "steps", traced)
    slow = "/(?<!q)(.)*(.)*(.)*(.)*z/"  # a lookbehind: on the regex engine, slow
    archive = ArchiveView(corpus_of(read_listing(SEED).articles * 3000))
    app = make_app(archive=archive)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen: Any = app.screen
        screen.filter_bar.value = slow
        await pilot.pause(0.3)
        assert slow not in ended  # still searching
        screen.filter_bar.value = "stalin"
        for _ in range(500):  # up to 10 s; it takes milliseconds
            if slow in ended:
                break
            await pilot.pause(0.02)
        assert slow in ended
        await settle(pilot)
        assert screen.archive.query.text == "stalin"
        assert len(screen.archive.view) == 3 * 3000


def test_the_engine_is_imported_only_for_a_pattern() -> None:
    code = (
        "import sys\n"
        "from tui.query import parse_query\n"
        "parse_query('stalin a:woods date:2016')\n"
        "print('regex' in sys.modules)\n"
        "parse_query('/st.lin/')\n"
        "print('regex' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["False", "True"], result.stderr
