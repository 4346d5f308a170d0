"""Caption splitting: each kind of glue point, the mixed-case names that must
stay whole, and the labelled real summaries (tests/corpus/captions.toml)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from tests.caption_score import NAMES, cases, score
from tui import captions
from tui.captions import split_caption


def check(text: str, caption: str | None, title: str = "") -> None:
    got, summary = split_caption(text, title)
    assert got == caption
    assert (got or "") + summary == text


@pytest.mark.parametrize(
    ("text", "caption"),
    [
        ("Serbian retreat WWIWhile the armies retreated", "Serbian retreat WWI"),
        ("Socialist Appeal UKEcstatic crowds greeted him", "Socialist Appeal UK"),
        ("NATO summit IMTWorkers marched", "NATO summit IMT"),
    ],
)
def test_an_all_capitals_run_before_the_join(text: str, caption: str) -> None:
    check(text, caption)


@pytest.mark.parametrize(
    ("text", "caption"),
    [
        ("mxFifty years ago Malcolm X was killed", "mx"),
        ("wil1 copyWhether we like it or not", "wil1 copy"),
        ("Karl MarxArticles have appeared recently", "Karl Marx"),
        (
            "Power is on the street. Photo: Philip RizkDay five",
            "Power is on the street. Photo: Philip Rizk",
        ),
        ("mcdonaldsstrikeDemanding a $25 minimum wage", "mcdonaldsstrike"),
    ],
)
def test_any_common_word_opens_a_summary(text: str, caption: str) -> None:
    # No list of sentence openers: "Fifty", "Whether", "Articles", "Day" and
    # "Demanding" are common words, and "mxFifty", "RizkDay" no words at all.
    check(text, caption)


@pytest.mark.parametrize(
    ("text", "caption"),
    [
        ("spain-congress“I’d like to begin", "spain-congress"),
        ('spain-congress"I want to begin', "spain-congress"),
        ("lenin-speech‘Comrades", "lenin-speech"),
        ("paris-commune«Vive la Commune", "paris-commune"),
        ("graffiti of Mubarak“The sky was filled with rocks", "graffiti of Mubarak"),
    ],
)
def test_a_summary_opening_with_a_quotation_mark(text: str, caption: str) -> None:
    check(text, caption)


def test_a_caption_repeating_the_title() -> None:
    title = "Bolshevik Revolution: 95 years on"
    check(title + "Sometimes decades pass and not much happens.", title, title)
    nz = "Egypt: the moment of truth"
    check(nz + ". Photo: 3arabawyThe Great Pyramid", nz + ". Photo: 3arabawy", nz)
    # A title ending in "?" glued to the summary: no glue shape but the title.
    asked = "Where is Venezuela going?"
    check(asked + "For months the right wing", asked, asked)
    # The title alone is the evidence: "Ramírez" is no common English word.
    check(nz + "Ramírez wrote", nz, nz)
    # Without the title, the rare word after the glue is no evidence.
    check(nz + "Ramírez wrote", None)


@pytest.mark.parametrize(
    "text",
    [
        *NAMES,
        "USAid money, JPMorgan Chase and PDFs of CEOs",
        "An anti-McCarthy campaign, a pro-YouTube crowd, non-GitHub users.",
        "A $25 minimum wage. The U.S.Army said so.",
    ],
)
def test_mixed_case_names_stay_whole(text: str) -> None:
    check(text, None)


def test_the_names_are_kept_by_the_word_list() -> None:
    """The test above can fail: without knowing those names as words, the
    same sentences are cut (so it checks the word test, not a lucky shape)."""
    known, common = captions.lexicon()
    try:
        captions._lexicon = ({}, common)
        assert split_caption("DeepMind has built a model.")[0] == "Deep"
        assert split_caption("GitHub hosts the code.")[0] == "Git"
        assert split_caption("McDonald's workers strike.")[0] == "Mc"
    finally:
        captions._lexicon = (known, common)


REAL = cases()
# Glue points that no rule here sees (no capital marks them).
HARD = {"nurses-3-th2800 female nurses have won their struggle", "IPN7 1A new protest"}


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            case,
            marks=[pytest.mark.xfail(strict=True, reason="digit or one-letter word after glue")]
            if any(case["text"].startswith(h) for h in HARD)
            else [],
        )
        for case in REAL
    ],
    ids=[f"{c['kind']}:{c['text'][:30]}" for c in REAL],
)
def test_real_summaries_split_as_a_reader_would(case: dict[str, Any]) -> None:
    check(case["text"], case["caption"] or None, case.get("title", ""))


def test_real_summaries_precision_and_recall() -> None:
    found = score(split_caption)
    assert found.precision == 1.0
    assert found.recall >= 54 / 56, found.misses


def test_the_word_list_is_read_only_when_a_glue_point_needs_it() -> None:
    code = (
        "import sys\n"
        "from tui.listing import parse_text\n"
        "text = 'S\\n\\nT\\n\\nWritten by A Friday, 25 November 2016\\n\\n'\n"
        "parse_text(text + 'russian-revolution-thFrom a Marxist point of view.')\n"
        "print('msgpack' in sys.modules, 'wordfreq' in sys.modules)\n"
        "parse_text(text + 'Public DomainBelow we publish.')\n"
        "print('msgpack' in sys.modules, 'wordfreq' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["False", "False", "True", "False"], result.stderr


def test_wordfreqs_own_reader_gives_the_same_words(monkeypatch: pytest.MonkeyPatch) -> None:
    direct = captions.lexicon()
    assert 90_000 < len(direct[0]) < 100_000 and 25_000 < len(direct[1]) < 35_000
    monkeypatch.setattr(captions, "_CHUNK", 97)  # data arriving in small pieces
    assert captions._load_lexicon() == direct

    def broken() -> None:
        raise ValueError("a changed data file")

    monkeypatch.setattr(captions, "_read_bins", broken)
    assert captions._load_lexicon() == direct


def test_without_wordfreq_the_other_evidence_still_splits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(captions, "_read_bins", lambda: None)
    monkeypatch.setitem(sys.modules, "wordfreq", None)  # import fails
    monkeypatch.setattr(captions, "_lexicon", None)
    assert captions.lexicon() == ({}, {})
    check("mxFifty years ago", None)
    check("russian-revolution-thFrom a Marxist", "russian-revolution-th")
    check("spain-congress“I’d like", "spain-congress")
