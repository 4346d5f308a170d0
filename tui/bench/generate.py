"""Deterministic generator of realistic article listings for benchmarks.

The output mimics the real archive exports (see the Russian Revolution
listing): a section heading, then articles made of a title, a
``Written by AUTHOR Weekday, DD Month YYYY`` byline and a one-line summary,
about half of which start with an image caption glued to the first word.
Only the stdlib is used so that generating data never pulls in Textual, and
every random choice comes from one ``random.Random(seed)`` so that the same
``(n, seed)`` always yields byte-identical text.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

from tui.bench.words import (
    _AUTHOR_CUM_WEIGHTS,
    _CAMEL_PARTS,
    _CAPTION_ENDINGS,
    _CAPTION_HEADS,
    _CAPTION_PEOPLE,
    _CAPTION_PLACES,
    _CAPTION_TAILS,
    _OPENERS,
    _POSSESSIVE_BASES,
    _SENTENCE_COUNTS,
    _SLUG_SUFFIXES,
    _SLUG_WORDS,
    _SUMMARY_POOL,
    _TITLE_CASE,
    _TITLE_POOL,
    AUTHORS,
    MAX_CAPTION,
)

__all__ = [
    "AUTHORS",
    "MAX_CAPTION",
    "MONTHS",
    "WEEKDAYS",
    "Article",
    "format_article",
    "generate_listing",
    "iter_articles",
    "iter_listing",
    "main",
    "write_listing",
]

# Fixed English tables: strftime's %A/%B depend on the locale.
WEEKDAYS: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
MONTHS: tuple[str, ...] = (
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
)

_FIRST_DATE = date(1960, 1, 1).toordinal()
_DATE_SPAN = date(2024, 12, 31).toordinal() - _FIRST_DATE + 1

# Articles are joined into chunks of this many before being yielded, which
# keeps memory flat while amortising the cost of join/write calls.
_CHUNK_ARTICLES = 512


class Article(NamedTuple):
    """One generated record; exposed so tests can check ground truth."""

    title: str
    author: str
    date: date
    caption: str
    summary: str
    gaps: tuple[int, int]  # newlines after title, after byline (2 = one blank)


def _caption(rng: random.Random) -> str:
    """Return an image caption in one of the three styles seen in real data."""
    r = rng.random
    style = r()
    if style < 0.35:
        # File-name-like: ``russian-revolution-th``.
        k = 2 + int(r() * 2)
        words = rng.choices(_SLUG_WORDS, k=k)
        return "-".join(words) + "-" + rng.choice(_SLUG_SUFFIXES)
    if style < 0.6:
        # ``Lenin-Trotsky 1920-05-20 Sverdlov Square-highlight``.
        a, b = rng.sample(_CAPTION_PEOPLE, 2)
        day = date.fromordinal(_FIRST_DATE - 20000 + int(r() * 30000))
        place = rng.choice(_CAPTION_PLACES)
        tail = rng.choice(_CAPTION_TAILS)
        return f"{a}-{b} {day.isoformat()} {place}-{tail}"
    if style < 0.75:
        # Camel-cased asset name: ``Optimized-RevBetrayedAd2``.
        parts = rng.choices(_CAMEL_PARTS, k=2 + int(r() * 3))
        return parts[0] + "-" + "".join(parts[1:]) + str(1 + int(r() * 9))
    # Title-case phrase: ``Trotskyist Left Opposition 1927 Public Domain``.
    head = rng.choice(_CAPTION_HEADS)
    year = f" {1880 + int(r() * 140)}" if r() < 0.5 else ""
    return f"{head}{year} {rng.choice(_CAPTION_ENDINGS)}"


def _title(rng: random.Random) -> str:
    """Return a 3-12 word title with the punctuation real titles carry."""
    r = rng.random
    n = 3 + int(r() * 10)
    words = rng.choices(_TITLE_POOL, k=n)
    if r() < 0.5:
        words = [_TITLE_CASE[w] for w in words]
    if r() < 0.2:
        i = int(r() * n)
        base = rng.choice(_POSSESSIVE_BASES)
        words[i] = base + ("'s" if r() < 0.5 else "’s")
    first = words[0]
    words[0] = first[0].upper() + first[1:]
    sep = r()
    if n >= 4 and sep < 0.45:
        # Split into "head: tail" or "head - tail" / "head – tail".
        cut = 1 + int(r() * (n - 2))
        mark = ": " if sep < 0.2 else (" - " if sep < 0.3 else " – ")
        return " ".join(words[:cut]) + mark + " ".join(words[cut:])
    return " ".join(words)


def _summary(rng: random.Random) -> str:
    """Return 2-5 sentences of 8-25 words, always opening Upper+lower."""
    r = rng.random
    count = _SENTENCE_COUNTS[int(r() * len(_SENTENCE_COUNTS))]
    lengths = [8 + int(r() * 18) for _ in range(count)]
    words = rng.choices(_SUMMARY_POOL, k=sum(lengths))
    openers = rng.choices(_OPENERS, k=len(lengths))
    sentences = []
    pos = 0
    for opener, length in zip(openers, lengths, strict=True):
        body = " ".join(words[pos : pos + length - 1])
        pos += length
        body = body.removesuffix(",")
        sentences.append(f"{opener} {body}.")
    return " ".join(sentences)


def iter_articles(n: int, seed: int = 0) -> Iterator[Article]:
    """Yield ``n`` articles drawn from ``random.Random(seed)``."""
    if n < 0:
        raise ValueError("n must be >= 0")
    rng = random.Random(seed)
    r = rng.random
    for _ in range(n):
        title = _title(rng)
        author = rng.choices(AUTHORS, cum_weights=_AUTHOR_CUM_WEIGHTS, k=1)[0]
        day = date.fromordinal(_FIRST_DATE + int(r() * _DATE_SPAN))
        gaps = (2, 2)
        if r() < 0.1:
            extra = 3 + int(r() * 2)  # two or three blank lines
            gaps = (extra, 2) if r() < 0.5 else (2, extra)
        caption = _caption(rng) if r() < 0.5 else ""
        yield Article(title, author, day, caption, _summary(rng), gaps)


def format_article(article: Article) -> str:
    """Render one article plus the two blank lines that end it."""
    d = article.date
    byline = (
        f"Written by {article.author} {WEEKDAYS[d.weekday()]}, "
        f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}"
    )
    after_title, after_byline = ("\n" * g for g in article.gaps)
    return (
        f"{article.title}{after_title}{byline}{after_byline}"
        f"{article.caption}{article.summary}\n\n\n"
    )


def iter_listing(n: int, seed: int = 0, section: str = "Generated Archive") -> Iterator[str]:
    """Yield the listing as text chunks so huge files never sit in memory."""
    yield f"{section}\n\n"
    buf: list[str] = []
    for article in iter_articles(n, seed):
        buf.append(format_article(article))
        if len(buf) >= _CHUNK_ARTICLES:
            yield "".join(buf)
            buf.clear()
    if buf:
        yield "".join(buf)


def generate_listing(n: int, seed: int = 0) -> str:
    """Return the whole listing; meant for small ``n`` such as tests."""
    return "".join(iter_listing(n, seed))


def write_listing(path: Path, n: int, seed: int = 0) -> int:
    """Write the listing to ``path`` as UTF-8 and return the bytes written."""
    total = 0
    with path.open("wb") as fh:
        for chunk in iter_listing(n, seed):
            data = chunk.encode("utf-8")
            fh.write(data)
            total += len(data)
    return total


def main(argv: Sequence[str] | None = None) -> int:
    """CLI entry: ``generate N OUT [--seed S]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["generate"]:
        args = args[1:]  # tolerate being handed the subcommand name too
    parser = argparse.ArgumentParser(
        prog="python -m tui.bench generate",
        description="Write a deterministic synthetic article listing.",
    )
    parser.add_argument("n", type=int, help="number of articles")
    parser.add_argument("out", type=Path, help="output file")
    parser.add_argument("--seed", type=int, default=0, help="random seed")
    ns = parser.parse_args(args)
    if ns.n < 0:
        parser.error("N must be >= 0")
    size = write_listing(ns.out, ns.n, ns.seed)
    print(
        f"wrote {ns.n} articles, {size / 1e6:.1f} MB to {ns.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
