"""Property-based tests: random articles written as a listing file (LF or
CRLF, BOM or not, UTF-8 or UTF-16, varying blank lines) parse back to the same
articles with no warning; and no input, bytes or text, makes the parser raise
(decoding may refuse bytes, with a one-line ListingError only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.bench.generate import generate_listing
from tui.listing import (
    BYLINE,
    MONTHS,
    WEEKDAYS,
    Article,
    Diagnostic,
    Listing,
    ListingError,
    _line_ends,
    _parse_whole,
    decode,
    iter_parse,
    parse_text,
)
from tui.text import is_safe

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Printable text of any script, with markup-ish punctuation; no controls,
# no line breaks, no tabs (sanitised to spaces), no bidi controls (removed).
_CHARS = st.characters(
    codec="utf-8",
    categories=("L", "M", "N", "P", "S", "Zs"),
    exclude_characters="\t\u2028\u2029",
)
_WORD = st.text(_CHARS, min_size=1, max_size=12).map(lambda w: "".join(w.split()))


def _line(words: list[str]) -> str:
    return " ".join(w for w in words if w)


LINE = (
    st.lists(_WORD, min_size=1, max_size=8)
    .map(_line)
    .filter(lambda s: bool(s.strip()) and s == s.strip())
    .filter(lambda s: BYLINE.fullmatch(s) is None and is_safe(s))
)
# A heading is a short line that does not end like a sentence (longer, or
# ending in . , ; : …, the first block is the tail of a page cut above).
SECTION = LINE.filter(lambda s: len(s) <= 100 and not s.endswith((".", ",", ";", ":", "…")))
# Authors: names of any script, with dots, hyphens and apostrophes; no commas
# or digits, which a byline's date needs to itself.
NAME = st.text(
    st.characters(codec="utf-8", categories=("L",)) | st.sampled_from(".-'’[]"),
    min_size=1,
    max_size=10,
)
AUTHOR = st.lists(NAME, min_size=1, max_size=3).map(" ".join).filter(lambda s: s == s.strip())
DATE = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))


@dataclass(frozen=True)
class Draft:
    title: str
    author: str
    date: dt.date
    paragraphs: tuple[tuple[str, ...], ...]
    title_gap: int  # blank lines between title and byline
    summary_gap: int  # blank lines between byline and summary
    zero_pad: bool


DRAFT = st.builds(
    Draft,
    title=LINE,
    author=AUTHOR,
    date=DATE,
    paragraphs=st.lists(
        st.lists(LINE, min_size=1, max_size=3).map(tuple), min_size=1, max_size=3
    ).map(tuple),
    title_gap=st.integers(1, 4),
    summary_gap=st.integers(1, 4),
    zero_pad=st.booleans(),
)


def _blank(count: int, filler: str) -> list[str]:
    return [filler] * count


def render(section: str, drafts: list[Draft], article_gap: int, filler: str) -> list[str]:
    """The listing as lines.  A title may sit at most as far from its byline
    as from what precedes it (further, and it reads as the end of that)."""
    lines = [section]
    for draft in drafts:
        lines += _blank(article_gap, filler)
        lines.append(draft.title)
        lines += _blank(min(draft.title_gap, article_gap), filler)
        day = f"{draft.date.day:02d}" if draft.zero_pad else str(draft.date.day)
        weekday = WEEKDAYS[draft.date.weekday()].capitalize()
        month = MONTHS[draft.date.month - 1].capitalize()
        lines.append(f"Written by {draft.author} {weekday}, {day} {month} {draft.date.year}")
        lines += _blank(draft.summary_gap, filler)
        for number, paragraph in enumerate(draft.paragraphs):
            if number:
                lines.append(filler)  # paragraphs: exactly one blank line apart
            lines += paragraph
    return lines


@SETTINGS
@given(
    section=SECTION,
    drafts=st.lists(DRAFT, min_size=1, max_size=5),
    article_gap=st.integers(2, 4),
    filler=st.sampled_from(
        ["", " ", "\t", "  \t ", "\u00a0", "\u3000", "\u200b", "\ufeff", " \u2060\u00a0"]
    ),
    newline=st.sampled_from(["\n", "\r\n"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]),
    final_newline=st.booleans(),
)
def test_round_trip(
    section: str,
    drafts: list[Draft],
    article_gap: int,
    filler: str,
    newline: str,
    encoding: str,
    final_newline: bool,
) -> None:
    text = newline.join(render(section, drafts, article_gap, filler))
    data = (text + (newline if final_newline else "")).encode(encoding)
    decoded, notes = decode(data, "r.txt")
    listing = parse_text(decoded, "r.txt")
    assert notes == [] and listing.diagnostics == []
    assert listing.section == section
    got = [(a.title, a.author, a.date, (a.caption or "") + a.summary) for a in listing.articles]
    want = [
        (d.title, d.author, d.date, "\n\n".join(" ".join(p) for p in d.paragraphs)) for d in drafts
    ]
    assert got == want


def _check(listing_text: str) -> None:
    listing = parse_text(listing_text, "fuzz.txt")
    lines = listing_text.count("\n") + listing_text.count("\r") + 1
    for article in listing.articles:
        for value in (article.title, article.author, article.caption or "", article.summary):
            assert is_safe(value)
        assert 1 <= article.line <= lines
    for diagnostic in listing.diagnostics:
        assert 1 <= diagnostic.line <= lines
        assert "\n" not in str(diagnostic)


@SETTINGS
@given(st.binary(max_size=3000))
def test_random_bytes_never_raise(data: bytes) -> None:
    try:
        text, _ = decode(data, "fuzz.txt")
    except ListingError as error:
        assert "\n" not in str(error)
        return
    _check(text)


FRAGMENTS = st.sampled_from(
    [
        "",
        " ",
        "Title",
        "Written by A B Friday, 25 November 2016",
        "Written by Friday, 31 February 16",
        "Written by",
        "written by x monday, 1 jan 99",
        "Public DomainBelow we publish",
        "\x1b]52;c;ZXZpbA==\x07",
        "\x1b[2J\u202e\x00\x9d",
        "[/] [@click=app.quit]x[/]",
        "\ufeff",
        "\r",
        "\u00a0",
        "\u3000",
        "\u200b",
        " \u200b\u00a0 ",
        "\u200bWritten by A B Friday, 25 November 2016",
        "Title\u00a0",
    ]
)


@SETTINGS
@given(st.lists(FRAGMENTS | st.text(max_size=40), max_size=40))
def test_random_listing_text_never_raises(parts: list[str]) -> None:
    _check("\n".join(parts))


def _as_tuples(listing: Listing) -> tuple[str, list[Article], list[Diagnostic]]:
    return listing.section, listing.articles, listing.diagnostics


@SETTINGS
@given(st.lists(FRAGMENTS, max_size=60), st.sampled_from(["\n", "\n\n", "\n\n\n"]))
def test_fast_path_equals_the_general_parser(parts: list[str], joiner: str) -> None:
    """The regular-expression fast path (and parsing in pieces) gives exactly
    what the general block parser gives alone, blank-looking lines included."""
    text = joiner.join(parts)
    whole = _parse_whole(_line_ends(text), "d.txt")
    assert _as_tuples(parse_text(text, "d.txt")) == _as_tuples(whole)
    pieces = list(iter_parse(text, "d.txt", 30))
    assert [a for p in pieces for a in p.articles] == whole.articles
    assert [d for p in pieces for d in p.diagnostics] == whole.diagnostics


@pytest.mark.parametrize("blank", ["", "\u00a0", "\u200b", "\ufeff \u3000"])
def test_fast_path_equals_the_general_parser_on_a_generated_listing(blank: str) -> None:
    text = generate_listing(400, seed=5)
    if blank:  # every other empty line made to only look blank
        lines = text.split("\n")
        text = "\n".join(blank if not line and i % 2 else line for i, line in enumerate(lines))
    whole = _parse_whole(_line_ends(text), "g.txt")
    assert len(whole.articles) == 400
    assert _as_tuples(parse_text(text, "g.txt")) == _as_tuples(whole)
