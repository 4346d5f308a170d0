"""The search-text layout: which fields are searched and how their text is folded. Pure.

The one place that says what a term is matched against: each article has one
folded column per searchable field (:data:`FIELDS`, plus ``section``, and
:data:`SHORT`, the fields but the summary joined, for terms without a field), folded
per character exactly as :func:`tui.text.fold` (the highlighter maps folded
positions back through :func:`tui.text.fold_with_map`, so per character is a
must).  The ``date`` field's text is the date as written and its ISO form.

Folding a column in bulk: folding maps each character on its own, so the
distinct characters of the columns are collected (ASCII bytes deleted in one C
pass, the rest decoded into a set), each is folded once with
:func:`tui.text.fold_char`, and one Aho-Corasick pass per column
(``str.replace_many``, in Rust, all columns at once on the polars pool)
replaces them.  polars is imported by the callers' workers, never at startup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from tui.text import fold_char

if TYPE_CHECKING:
    import polars as pl

# The fields a term without ``field:`` searches, in the query language's order.
FIELDS = ("title", "author", "caption", "summary", "date")
# ``section:`` is searchable by name only.
SECTION = "section"
SEARCHABLE = (*FIELDS, SECTION)
# A fuzzy term without a field ranks what the table shows, not whole summaries.
FUZZY_FIELDS = ("title", "author")
_PREFIX = "folded_"
# The short fields (all but the summary) folded and joined by SEP: a term
# without a field is then two tests per row (this and the summary), not five
# (measured at 100k: 8 ms against 15 ms).  SEP never occurs in article text
# (a control character), so only a term holding it could match across fields.
SHORT = "folded_short"
SHORT_FIELDS = ("title", "author", "caption", "date")
SEP = "\x1f"
# Days between the proleptic ordinal day 1 (0001-01-01) and 1970-01-01.
EPOCH_ORDINAL = 719_163
_ASCII = bytes(range(128))
# The ASCII characters article text may hold once sanitised.
_TEXT_ASCII = frozenset("\n" + "".join(map(chr, range(32, 127))))
# ASCII folds to lower case, and the backtick is a quote.
# The display columns whose characters the searchable texts are made of
# (the ISO date is ASCII).
_RAW_TEXT = ("title", "author", "caption", "summary", "date_text", "section")
_ASCII_FOLDS = {chr(c): chr(c + 32) for c in range(65, 91)} | {"`": "'"}


def folded(field: str) -> str:
    """The name of ``field``'s folded column."""
    return _PREFIX + field


def date_search_text(date_text: str, iso_date: str) -> str:
    """The ``date`` field's text (before folding): as written, then ISO."""
    return f"{date_text} {iso_date}"


def source_exprs() -> dict[str, pl.Expr]:
    """Each searchable field's unfolded text as an expression over a corpus
    frame's display columns (``caption`` null when absent, ``date`` the
    proleptic ordinal day or null)."""
    import polars as pl

    iso = (pl.col("date") - EPOCH_ORDINAL).cast(pl.Date).dt.to_string("%Y-%m-%d").fill_null("")
    return {
        "title": pl.col("title"),
        "author": pl.col("author"),
        "caption": pl.col("caption").fill_null(""),
        "summary": pl.col("summary"),
        "date": pl.concat_str([pl.col("date_text"), iso], separator=" "),
        SECTION: pl.col("section"),
    }


def non_ascii(columns: Iterable[pl.Series]) -> set[str]:
    """The distinct non-ASCII characters of string ``columns``."""
    import polars as pl

    found: set[str] = set()
    for column in columns:
        joined = column.drop_nulls().str.join("").cast(pl.Binary).item()
        if joined:
            found.update(joined.translate(None, _ASCII).decode())
    return found


def fold_table(chars: Iterable[str]) -> tuple[list[str], list[str]]:
    """Patterns and replacements folding ASCII and the non-ASCII ``chars``
    (characters that fold to themselves are left out)."""
    table = dict(_ASCII_FOLDS)
    for char in chars:
        folded_char = fold_char(char)
        if folded_char != char:
            table[char] = folded_char
    return list(table), list(table.values())


def fold_exprs(
    exprs: dict[str, pl.Expr], patterns: Sequence[str], replacements: Sequence[str]
) -> list[pl.Expr]:
    """Each expression folded by the table, named as its field's folded column."""
    return [
        expr.str.replace_many(list(patterns), list(replacements)).alias(folded(name))
        for name, expr in exprs.items()
    ]


def add_folded(frame: pl.DataFrame) -> tuple[pl.DataFrame, frozenset[str]]:
    """``frame`` (display columns) with one folded column per searchable field,
    and the alphabet of the folded text (every character it may hold)."""
    sources = source_exprs()
    chars = non_ascii(frame[name] for name in _RAW_TEXT)
    patterns, replacements = fold_table(chars)
    frame = frame.with_columns(fold_exprs(sources, patterns, replacements))
    frame = frame.with_columns(short_expr())
    return frame, alphabet(chars)


def short_expr() -> pl.Expr:
    """The :data:`SHORT` column from the folded short fields."""
    import polars as pl

    return pl.concat_str([pl.col(folded(f)) for f in SHORT_FIELDS], separator=SEP).alias(SHORT)


def alphabet(chars: Iterable[str]) -> frozenset[str]:
    """Every character folded text may hold, given the raw non-ASCII ``chars``:
    printable ASCII and the newline (a superset suffices; article text holds
    no other control: see :func:`tui.text.sanitize`) and what each non-ASCII
    character folds to."""
    out = set(_TEXT_ASCII)
    for char in chars:
        out.update(fold_char(char))
    return frozenset(out)


def folded_alphabet(columns: Iterable[pl.Series]) -> frozenset[str]:
    """Every character of already folded ``columns`` (ASCII as in :func:`alphabet`)."""
    return frozenset(_TEXT_ASCII | non_ascii(columns))


def fold_series(column: pl.Series) -> pl.Series:
    """One string column folded (nulls stay null): equal to :func:`tui.text.fold`
    on each value."""
    patterns, replacements = fold_table(non_ascii([column]))
    return column.str.replace_many(patterns, replacements)
