"""What to suggest when a query matches nothing. Pure: no Textual import.

A typo (``revolution betrayd``) matches nothing as substrings, yet every
word's letters still appear in order in the title: the fuzzy form
(``~revolution ~betrayd``) is the way forward, as fzf would have matched it.
"""

from __future__ import annotations

import re

from rich.text import Text

from tui.text import shorten

# A plain word: no field prefix, operator, quote, anchor or group.
_PLAIN = re.compile(r"[^\s:\"'()|!~^$/-][^\s:\"()|$]*")


def fuzzy_form(text: str) -> str | None:
    """``text`` with each word made fuzzy, or None when it holds more than
    plain words (fields, phrases, negations...) or is fuzzy already."""
    words = text.split()
    if not words or any(not _PLAIN.fullmatch(word) for word in words):
        return None
    if any(word.upper() in ("NOT", "OR", "AND") for word in words):
        return None
    return " ".join(f"~{word}" for word in words)


def no_rows_message(
    text: str, *, has_articles: bool, loading: bool, suggestion: tuple[str, int] | None
) -> Text:
    """What the table says when it shows no row for query ``text``, with the
    way forward (``suggestion``: the fuzzy form and how many it matches)."""
    if not has_articles:
        return Text("Loading…" if loading else "This archive has no articles.")
    if not text:
        return Text("")
    message = Text(f"No articles match “{shorten(text, 60)}”.")
    if suggestion is not None and suggestion[1]:
        fuzzy, count = suggestion
        message.append("\n\nTry the fuzzy form ")
        message.append(shorten(fuzzy, 60), style="bold")
        noun = "article" if count == 1 else "articles"
        message.append(f": {count:,} {noun} (letters in order, typos allowed).")
    return message
