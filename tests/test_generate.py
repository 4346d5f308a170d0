"""Tests for the synthetic listing generator used by the benchmarks."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tui.bench.generate import (
    AUTHORS,
    MAX_CAPTION,
    generate_listing,
    iter_articles,
    iter_listing,
    main,
    write_listing,
)

# Independent English tables: a bug in the generator's own tables must not
# be able to make these tests pass.
WEEKDAYS = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
BYLINE = re.compile(
    r"^Written by (?P<author>.+) (?P<weekday>[A-Z][a-z]+), (?P<day>\d{2}) "
    r"(?P<month>[A-Z][a-z]+) (?P<year>\d{4})$"
)

N = 2000


@pytest.fixture(scope="module")
def text() -> str:
    return generate_listing(N, seed=0)


def _summaries(text: str) -> list[str]:
    """Return the first non-blank line after each byline."""
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        if line.startswith("Written by "):
            j = i + 1
            while not lines[j]:
                j += 1
            out.append(lines[j])
    return out


def _looks_captioned(summary: str) -> bool:
    """Detect a glued caption: lower/digit then Upper+lower, no space."""
    head = summary[:60]
    return any(
        (a.islower() or a.isdigit()) and b.isupper() and c.islower()
        for a, b, c in zip(head, head[1:], head[2:], strict=False)
    )


def test_deterministic(text: str) -> None:
    assert generate_listing(N, seed=0) == text
    assert generate_listing(N, seed=1) != text
    assert generate_listing(N, seed=1) == generate_listing(N, seed=1)


def test_article_count(text: str) -> None:
    bylines = [ln for ln in text.split("\n") if ln.startswith("Written by ")]
    assert len(bylines) == N
    assert generate_listing(0).count("Written by ") == 0


def test_layout(text: str) -> None:
    assert text.startswith("Generated Archive\n\n")
    assert text.endswith("\n") and not text.endswith("\n\n\n\n")
    assert "\r" not in text
    lines = text.split("\n")
    assert lines[2] and not lines[2].startswith("Written by ")
    # Roughly one article in ten has an extra blank line between fields.
    extra = sum(1 for a in iter_articles(N) if a.gaps != (2, 2))
    assert 0.06 * N < extra < 0.14 * N
    assert "\n\n\n\nWritten by " in text


def test_weekdays_match_dates(text: str) -> None:
    years = set()
    for line in text.split("\n"):
        if not line.startswith("Written by "):
            continue
        m = BYLINE.match(line)
        assert m, line
        d = date(int(m["year"]), MONTHS.index(m["month"]) + 1, int(m["day"]))
        assert WEEKDAYS[d.weekday()] == m["weekday"], line
        years.add(d.year)
    assert min(years) < 1965 and max(years) > 2019


def test_variety(text: str) -> None:
    authors = {a.author for a in iter_articles(N)}
    assert len(authors) > 100
    assert any(len(a.split()) >= 3 for a in authors)  # organisations
    assert any(a.isalpha() and a.isupper() for a in authors)  # initials
    assert len(AUTHORS) >= 150
    for name in ("International Marxist Tendency", "MB", "Pierre Broué", "Zoë Brontë"):
        assert name in AUTHORS
    assert any(not a.isascii() for a in authors)
    titles = [a.title for a in iter_articles(N)]
    for mark in (" - ", " – ", ": ", "'", "’"):
        assert any(mark in t for t in titles), mark
    assert all(3 <= len(t.replace(" - ", " ").replace(" – ", " ").split()) <= 12 for t in titles)


def test_captions_about_half(text: str) -> None:
    articles = list(iter_articles(N))
    summaries = _summaries(text)
    truth = [bool(a.caption) for a in articles]
    # The text-level heuristic must agree exactly with the ground truth.
    assert [_looks_captioned(s) for s in summaries] == truth
    assert 0.45 < sum(truth) / N < 0.55
    for a in articles:
        assert a.summary[0].isupper() and a.summary[1].islower()
        if a.caption:
            assert len(a.caption) <= MAX_CAPTION
            tail = a.caption[-1]
            assert tail.islower() or tail.isdigit()


def test_average_size(text: str) -> None:
    size = len(text.encode("utf-8"))
    assert 500 <= size / N <= 700


def test_valid_utf8_and_lf(tmp_path: Path) -> None:
    out = tmp_path / "g.txt"
    written = write_listing(out, 300, seed=7)
    data = out.read_bytes()
    assert written == len(data)
    assert b"\r" not in data
    decoded = data.decode("utf-8")  # raises if invalid
    assert decoded == "".join(iter_listing(300, seed=7))
    assert any(ord(ch) > 127 for ch in decoded)


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cli.txt"
    assert main(["50", str(out), "--seed", "3"]) == 0
    assert out.read_text(encoding="utf-8") == generate_listing(50, seed=3)
    assert re.fullmatch(r"wrote 50 articles, \d+\.\d MB to .+\n", capsys.readouterr().err)


def test_module_dispatch(tmp_path: Path) -> None:
    out = tmp_path / "mod.txt"
    root = Path(__file__).resolve().parents[1]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "tui.bench", *args],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )

    ok = run("generate", "10", str(out))
    assert ok.returncode == 0, ok.stderr
    assert out.read_text(encoding="utf-8") == generate_listing(10)
    for bad in ((), ("frobnicate",)):
        res = run(*bad)
        assert res.returncode == 2
        assert "usage" in res.stderr
