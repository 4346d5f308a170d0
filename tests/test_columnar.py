"""The columnar cold parse (prototype) gives exactly what ``parse_text`` gives:
the same articles as columns and the same diagnostics, on every corpus file,
the seed listing and generated listings with random damage."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, SEED
from tui import captions
from tui.bench.generate import generate_listing
from tui.columnar import _GLUE, iter_columns, parse_columns
from tui.corpus import Corpus
from tui.listing import iter_parse, parse_text, read_text

FILES = [*sorted((ROOT / "tests" / "corpus").glob("*.txt")), SEED]


def _check(text: str, source: str = "x.txt") -> None:
    reference = parse_text(text, source)
    piece = parse_columns(
        text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff"), source
    )
    expected = Corpus.from_articles(reference.articles).frame.select(piece.frame.columns)
    assert piece.frame.equals(expected, null_equal=True)
    assert piece.diagnostics == reference.diagnostics
    assert piece.section == reference.section
    for size in (1, 300, 5000):  # pieces as iter_parse cuts them
        parsed = list(iter_parse(text, source, size))
        columns = list(iter_columns(text, source, size))
        assert len(parsed) == len(columns)
        for listing, got in zip(parsed, columns, strict=True):
            frame = Corpus.from_articles(listing.articles).frame.select(got.frame.columns)
            assert got.frame.equals(frame, null_equal=True)
            assert got.diagnostics == listing.diagnostics
            assert got.section == listing.section


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


GLUED = st.text(alphabet=st.sampled_from(list('aZé.)]!?“"‘«¿¡0 -_xYÉ')), max_size=30)


@settings(max_examples=300, deadline=None)
@given(GLUED)
def test_the_glue_prefilter_is_never_narrower_than_captions(text: str) -> None:
    """Where split_caption finds a glue point, the vectorised prefilter does too."""
    if captions._GLUE.search(text, 0, captions._MAX_CAPTION) is not None:
        assert re.search(_GLUE, text[:160])
