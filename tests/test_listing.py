"""The parser: the seed listing exactly, and each kind of malformed input."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED
from tui.captions import split_caption
from tui.listing import (
    BLANK,
    BYLINE,
    Diagnostic,
    ListingError,
    _line_ends,
    _parse_whole,
    decode,
    iter_parse,
    parse_text,
    read_listing,
)

EXPECTED = [
    ("Alan Woods", "2016-11-25", "Trotskyist Left Opposition 1927 Public Domain", "Below"),
    ("Alan Woods", "2016-11-08", "Stalin Trotsky front cover crop", "On"),
    ("Alan Woods", "2016-11-07", None, "Today"),
    ("MB", "2016-10-27", None, "As"),
    ("Alan Woods", "2015-06-26", "Optimized-RevBetrayedAd2", "This"),
    (
        "International Marxist Tendency",
        "2014-11-07",
        "Lenin-Trotsky 1920-05-20 Sverdlov Square-highlight",
        "On",
    ),
    ("Alan Woods", "2014-06-25", "russian-revolution-th", "From"),
]


def test_seed_parses_exactly() -> None:
    listing = read_listing(SEED)
    assert listing.section == "The Russian Revolution"
    assert listing.diagnostics == []
    got = [(a.author, a.iso_date, a.caption, a.summary.split()[0]) for a in listing.articles]
    assert got == EXPECTED
    first = listing.articles[0]
    assert first.title == (
        "Communists against Stalin: the massacre of a generation – Preface to the book"
    )
    assert first.line == 3
    assert first.date == dt.date(2016, 11, 25)
    assert first.section == "The Russian Revolution"
    assert first.source == str(SEED)
    assert [a.line for a in listing.articles] == [3, 10, 17, 25, 32, 39, 46]


def test_seed_nothing_lost_caption_plus_summary() -> None:
    text = SEED.read_text(encoding="utf-8")
    for article in read_listing(SEED).articles:
        assert ((article.caption or "") + article.summary) in text


@pytest.mark.parametrize(
    "summary",
    [
        "LaTeX is a typesetting system.",
        "DeepMind has built a model.",
        "McDonald's workers strike.",
        "eBay sellers protest.",
        "WikiLeaks published the cables.",
        "The new DeepMind model is here.",
    ],
)
def test_mixed_case_words_are_not_captions(summary: str) -> None:
    assert split_caption(summary) == (None, summary)


@pytest.mark.parametrize(
    ("text", "caption"),
    [
        ("Trotskyist Left Opposition 1927 Public DomainBelow we publish", "Trotskyist Left "
         "Opposition 1927 Public Domain"),
        ("Optimized-RevBetrayedAd2This week", "Optimized-RevBetrayedAd2"),
        ("russian-revolution-thFrom a Marxist point", "russian-revolution-th"),
        ("IMG_2041Revolutionaries marched", "IMG_2041"),
    ],
)  # fmt: skip
def test_captions_split(text: str, caption: str) -> None:
    got_caption, summary = split_caption(text)
    assert got_caption == caption
    assert got_caption + summary == text


def _one(text: str) -> tuple[list[str], list[str]]:
    listing = parse_text(text, "f.txt")
    return [a.title for a in listing.articles], [str(d) for d in listing.diagnostics]


def test_weekday_mismatch_is_kept_and_warned() -> None:
    listing = parse_text("S\n\nT\n\nWritten by A B Saturday, 25 November 2016\n\nSum.\n", "f.txt")
    assert listing.articles[0].date == dt.date(2016, 11, 25)
    assert [str(d) for d in listing.diagnostics] == [
        "f.txt:5: warning: weekday Saturday does not match 2016-11-25 (a Friday); date kept"
    ]


def test_impossible_date_is_warned_and_article_kept() -> None:
    listing = parse_text("S\n\nT\n\nWritten by A Monday, 31 February 2016\n\nSum.\n", "f.txt")
    assert listing.articles[0].date is None
    assert listing.articles[0].date_text == "Monday, 31 February 2016"
    assert "f.txt:5: warning: impossible date 31 February 2016" in map(str, listing.diagnostics)


def test_lowercase_names_and_two_digit_years() -> None:
    listing = parse_text("S\n\nT\n\nWritten by A friday, 25 november 16\n\nSum.\n", "f.txt")
    assert listing.articles[0].date == dt.date(2016, 11, 25)
    assert [d.message for d in listing.diagnostics] == ["two-digit year '16' read as 2016"]


def test_blocks_without_a_byline_are_skipped_page_text() -> None:
    text = (
        "Sec\n\nFirst\n\nWritten by A Friday, 25 November 2016\n\nSum one.\n\n\n"
        "Orphan title\n\nOrphan summary.\n\n\n"
        "Second\n\nWritten by B Tuesday, 08 November 2016\n\nSum two.\n\n\n"
        "Third\n\nWritten by C Monday, 07 November 2016\n\n\n"
        "Written by D Monday, 07 November 2016\n\nSum four.\n"
    )
    titles, diagnostics = _one(text)
    # Only bylines make articles; a byline's damage is a warning, as before.
    assert titles == ["First", "Second", "Third", ""]
    assert diagnostics == [
        'f.txt:10: note: skipped page text "Orphan title"',
        'f.txt:12: note: skipped page text "Orphan summary."',
        "f.txt:22: warning: missing summary",
        "f.txt:27: warning: byline without a title",
    ]


ARTICLE = "Written by A B Friday, 25 November 2016\n\nSummary of {n}.\n"


def test_page_furniture_is_skipped_with_a_note_quoting_it() -> None:
    long = "A description of the section that runs on for longer than sixty characters."
    text = (
        f"Section\n\n{long}\n\nRecent highlights:\n\nT1\n\n{ARTICLE.format(n=1)}\n\n"
        f"T2\n\n{ARTICLE.format(n=2)}\n\nPage 1 of 80\n\nStart Prev 1 2 3 Next End\n\n\n"
        "A title cut mid-wo\n\nWritten by Alan Woods\n"
    )
    listing = parse_text(text, "p.txt")
    assert listing.section == "Section"
    assert [(a.title, a.summary) for a in listing.articles] == [
        ("T1", "Summary of 1."),
        ("T2", "Summary of 2."),
    ]
    assert [str(d) for d in listing.diagnostics] == [
        f'p.txt:3: note: skipped page text "{long[:60]}…"',
        'p.txt:5: note: skipped page text "Recent highlights:"',
        'p.txt:21: note: skipped page text "Page 1 of 80"',
        'p.txt:23: note: skipped page text "Start Prev 1 2 3 Next End"',
        'p.txt:26: note: skipped page text "A title cut mid-wo"',
        'p.txt:28: note: skipped page text "Written by Alan Woods"',
    ]
    assert all(d.severity == "note" for d in listing.diagnostics)


def test_a_real_page_has_as_many_articles_as_bylines() -> None:
    for name in ("real-page.txt", "real-page-midway.txt"):
        path = Path(__file__).parent / "corpus" / name
        lines = path.read_text(encoding="utf-8").splitlines()
        bylines = [line for line in lines if BYLINE.fullmatch(line.strip())]
        listing = read_listing(path)
        assert len(listing.articles) == len(bylines) > 0
        assert all(a.author and a.date for a in listing.articles)
        assert {d.severity for d in listing.diagnostics} == {"note"}


def test_a_page_without_heading_is_named_after_the_file() -> None:
    article = "T1\n\nWritten by A Friday, 25 November 2016\n\nSum.\n"
    for text in (
        article,  # starts with an article
        "the end of a summary cut off above.\n\n\n" + article,  # starts mid-way
    ):
        listing = parse_text(text, "/some/where/mexico-2014.txt")
        assert listing.section == "mexico-2014"
        assert [a.title for a in listing.articles] == ["T1"]
        assert listing.articles[0].section == "mexico-2014"
        assert listing.diagnostics[0] == Diagnostic(
            "/some/where/mexico-2014.txt",
            1,
            'no section heading: the section is named after the file ("mexico-2014")',
            "note",
        )


def test_a_file_with_no_article_is_not_a_listing(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("Some notes\n\nabout nothing in particular.\n")
    with pytest.raises(ListingError, match=r"notes.txt: not a listing \(no 'Written by'"):
        read_listing(path)
    path.write_text(" \u00a0\n\u200b\n")
    with pytest.raises(ListingError, match=r"notes.txt: not a listing \(empty file\)"):
        read_listing(path)


def test_fields_may_be_several_blank_lines_apart() -> None:
    text = "S\n\nT1\n\n\n\nWritten by A Friday, 25 November 2016\n\n\nSum.\n\n\nT2\n\n"
    text += "Written by B Friday, 25 November 2016\n\nSum two.\n"
    titles, diagnostics = _one(text)
    assert titles == ["T1", "T2"]
    assert diagnostics == []


def test_title_starting_with_written_by_is_a_title() -> None:
    titles, diagnostics = _one(
        "S\n\nWritten by the victors: history\n\nWritten by A Friday, 25 November 2016\n\nX.\n"
    )
    assert titles == ["Written by the victors: history"]
    assert diagnostics == []


def test_extra_blank_lines_anywhere() -> None:
    text = "\n\n\nS\n\n\n\nT\n\n\n\nWritten by A Friday, 25 November 2016\n\n\n\nSum.\n\n\n\n"
    listing = parse_text(text, "f.txt")
    assert [(a.title, a.line, a.summary) for a in listing.articles] == [("T", 8, "Sum.")]
    assert listing.section == "S"


def test_crlf_bom_and_control_characters() -> None:
    text = (
        "\ufeffS\r\n\r\nT\x1b[2J\x07itle\r\n\r\n"
        "Written by A Friday, 25 November 2016\r\n\r\nS\u202eum.\r\n"
    )
    listing = parse_text(text, "f.txt")
    article = listing.articles[0]
    assert (article.title, article.summary, article.line) == ("Title", "Sum.", 3)
    assert [d.line for d in listing.diagnostics] == [3, 7]


def test_decode_cp1252_fallback_warns() -> None:
    text, diagnostics = decode("S\n\nCaf\xe9 title\n".encode("cp1252"), "f.txt")
    assert "Café" in text
    assert [str(d) for d in diagnostics] == [
        "f.txt:3: warning: not valid UTF-8; decoded as cp1252 (Windows-1252)"
    ]


def test_decode_utf16_with_bom() -> None:
    text, diagnostics = decode("S\n\nT\n".encode("utf-16"), "f.txt")
    assert text == "S\n\nT\n"
    assert diagnostics == []


def test_binary_and_missing_files_raise_one_line(tmp_path: Path) -> None:
    binary = tmp_path / "b.bin"
    binary.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(ListingError, match="binary data"):
        read_listing(binary)
    with pytest.raises(ListingError, match="no such file"):
        read_listing(tmp_path / "missing.txt")
    with pytest.raises(ListingError, match="is a directory"):
        read_listing(tmp_path)


def test_empty_and_heading_only() -> None:
    assert _one("") == ([], ["f.txt:1: warning: empty file: no section heading and no articles"])
    assert _one("Only a heading\n") == (
        [],
        ["f.txt:1: warning: no articles found (no 'Written by' bylines)"],
    )


# -- lines that only look blank (issue 10, item 6) ---------------------------

LOOK_BLANK = {
    "NBSP": "\u00a0",
    "ideographic space": "\u3000",
    "zero-width space": "\u200b",
    "BOM": "\ufeff",
    "word joiner": "\u2060",
    "mixed": " \u00a0\u200b\t\u3000\ufeff ",
}


def test_blank_is_exactly_whitespace_plus_zero_width_and_bom() -> None:
    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert set(BLANK) == spaces | set("\u200b\u200c\u200d\u2060\ufeff")
    assert len(BLANK) == len(set(BLANK))


def _all_parsers(text: str) -> list[tuple[list[tuple[str, str, str]], list[str]]]:
    """The listing by the fast path, the general parser alone, and in pieces."""
    pieces = list(iter_parse(text, "f.txt", 40))
    results = [
        parse_text(text, "f.txt"),
        _parse_whole(_line_ends(text), "f.txt"),
    ]
    out = [
        ([(a.title, a.author, a.summary) for a in r.articles], [str(d) for d in r.diagnostics])
        for r in results
    ]
    out.append(
        (
            [(a.title, a.author, a.summary) for p in pieces for a in p.articles],
            [str(d) for p in pieces for d in p.diagnostics],
        )
    )
    return out


@pytest.mark.parametrize("blank", LOOK_BLANK.values(), ids=LOOK_BLANK.keys())
def test_a_line_that_only_looks_blank_separates_articles(blank: str) -> None:
    text = (
        "S\n\nT1\n\nWritten by A B Friday, 25 November 2016\n\nSummary one.\n"
        f"{blank}\n{blank}\nTitle Two\n{blank}\nWritten by C D Tuesday, 08 November 2016\n"
        f"{blank}\nSummary two.\n{blank}\n\nT3\n\nWritten by E Monday, 07 November 2016\n\n"
        "Summary three.\n"
    )
    want = (
        [
            ("T1", "A B", "Summary one."),
            ("Title Two", "C D", "Summary two."),
            ("T3", "E", "Summary three."),
        ],
        [],
    )
    for got in _all_parsers(text):
        assert got == want


@pytest.mark.parametrize("blank", LOOK_BLANK.values(), ids=LOOK_BLANK.keys())
def test_blank_looking_characters_are_stripped_from_every_field(blank: str) -> None:
    text = (
        f"{blank}S{blank}\n\n{blank}T1{blank}\n\n"
        f"{blank}Written by A B Friday, 25 November 2016{blank}\n\n"
        f"{blank}Summary one.{blank}\n"
    )
    for articles, diagnostics in _all_parsers(text):
        assert articles == [("T1", "A B", "Summary one.")]
        assert diagnostics == []
    assert parse_text(text).section == "S"
