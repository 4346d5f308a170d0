"""Folding and sanitising: what matching ignores and what never reaches a terminal."""

from __future__ import annotations

import pytest

from tui.text import cell_width, fit, fold, fold_with_map, is_safe, original_span, sanitize


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Broué", "broue"),
        ("Stalin’s", "stalin's"),
        ("a – b — c", "a - b - c"),
        ("“Quoted”", '"quoted"'),
        ("ŁÓDŹ", "łodz"),
        ("Straße", "strasse"),
        ("ﬁle", "file"),
        ("`tick`", "'tick'"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_with_map_points_back_to_the_original() -> None:
    text = "Pierre Broué’s ﬁne book"
    folded, mapping = fold_with_map(text)
    assert folded == fold(text)
    start = folded.find("broue's")
    a, b = original_span(mapping, start, start + len("broue's"))
    assert text[a:b] == "Broué’s"
    start = folded.find("fine")
    a, b = original_span(mapping, start, start + 4)
    assert text[a:b] == "ﬁne"


@pytest.mark.parametrize(
    "payload",
    [
        "\x1b[2J",
        "\x1b]0;title\x07",
        "\x1b]52;c;ZXZpbA==\x07",
        "\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\",
        "\x9b31m",
        "\x00\x07\x7f\x85",
        "\u202e\u2066\u200f\u061c",
    ],
)
def test_sanitize_removes_escapes_whole(payload: str) -> None:
    clean, removed = sanitize(f"a{payload}b")
    assert is_safe(clean)
    assert removed > 0
    assert "ZXZpbA" not in clean and "evil" not in clean and "title" not in clean


def test_sanitize_keeps_tabs_as_spaces_and_plain_text() -> None:
    assert sanitize("a\tb") == ("a b", 0)
    assert sanitize("日本語 emoji 🎉") == ("日本語 emoji 🎉", 0)


def test_cell_width_and_fit() -> None:
    assert cell_width("日本") == 4
    assert fit("日本語テキスト", 7) == "日本語…"
    assert cell_width(fit("日本語テキスト", 7)) <= 7
