"""The columnar cold parse (prototype) gives exactly what ``parse_text`` gives:
the same articles as columns and the same diagnostics, on every corpus file,
the seed listing and generated listings with random damage."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED
from tui.bench.generate import generate_listing
from tui.columnar import parse_columns
from tui.corpus import Corpus
from tui.listing import parse_text, read_text

FILES = [*sorted((ROOT / "tests" / "corpus").glob("*.txt")), SEED]


def _check(text: str, source: str = "x.txt") -> None:
    reference = parse_text(text, source)
    frame, notes = parse_columns(text, source)
    expected = Corpus.from_articles(reference.articles).frame.select(frame.columns)
    assert frame.equals(expected, null_equal=True)
    assert notes == reference.diagnostics


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_corpus_files(path: Path) -> None:
    source, text, _ = read_text(path)
    _check(text, source)


def _damage(text: str, rnd: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rnd.randint(0, 8)):
        k = rnd.randrange(len(lines))
        op = rnd.randrange(7)
        if op == 0:
            lines.insert(k, "")
        elif op == 1 and lines[k] == "":
            del lines[k]
        elif op == 2:
            lines[k] += " \t"
        elif op == 3:
            lines.insert(k, "Written by X Monday, 1 January 2001")
        elif op == 4:
            lines[k] = "\x1b[31m" + lines[k]
        elif op == 5:
            lines.insert(k, "Stray text")
        else:
            lines[k] = "  Written by Y Friday, 31 June 1999  "
    return "\n".join(lines)


@pytest.mark.parametrize("seed", range(40))
def test_generated_listings_with_damage(seed: int) -> None:
    rnd = random.Random(seed)
    text = generate_listing(rnd.randint(1, 120), seed=seed)
    _check(_damage(text, rnd))
    _check(text.replace("\n", "\r\n"))
