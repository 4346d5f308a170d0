"""The listing format's data: articles, diagnostics, bylines, blank-looking text. Pure.

What a parsed listing is made of, shared by the parsers (:mod:`tui.listing_blocks`,
:mod:`tui.listing_pieces`, :mod:`tui.columnar`) and everything that shows or
exports articles.  :mod:`tui.listing` re-exports all of it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH_NUMBER = (
    {name: i + 1 for i, name in enumerate(MONTHS)}
    | {name[:3]: i + 1 for i, name in enumerate(MONTHS)}
    | {"sept": 9}
)
_WEEKDAY_NUMBER = {name: i for i, name in enumerate(WEEKDAYS)} | {
    name[:3]: i for i, name in enumerate(WEEKDAYS)
}

BYLINE = re.compile(
    r"Written by[ \t]+(?:(?P<author>.*?\S)[ \t]+)??"
    r"(?P<weekday>[A-Za-z]+)\.?,[ \t]*(?P<day>\d{1,2})(?:st|nd|rd|th)?[ \t]+"
    r"(?P<month>[A-Za-z]+)\.?,?[ \t]+(?P<year>\d{1,4})[ \t]*"
)
# The byline's date groups, in _read_date's order.
_BYLINE_GROUPS = ("weekday", "day", "month", "year")
# A file whose first 64 KiB hold this share of control bytes is not text.
_BINARY_SHARE = 0.05
# What a line may hold and still look blank: whitespace (exactly the
# characters of str.isspace(), listed here as enumerating every code point
# would slow the import; a test checks the list) and the zero-width
# characters and BOM that text saved from web pages carries.  One rule for
# splitting blocks and for stripping them, in both parsers.
BLANK = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
    "\u200b\u200c\u200d\u2060\ufeff"
)
# One blank-looking character other than a newline, for regular expressions.
_BLANK_CHAR = "[" + "".join(re.escape(c) for c in BLANK if c != "\n") + "]"
# A heading is a short line that does not end a sentence; a longer first
# block is the tail of an article cut off above (the page starts mid-way).
_HEADING_MAX = 100
_SENTENCE_END = (".", ",", ";", ":", "…")
# Skipped page text is quoted up to this many characters.
_QUOTED = 60


@dataclass(frozen=True, slots=True)
class Article:
    """One article.  ``line`` is the 1-based line of its title in ``source``."""

    title: str
    author: str
    date: dt.date | None
    date_text: str
    caption: str | None
    summary: str
    section: str
    source: str
    line: int

    @property
    def iso_date(self) -> str:
        """The date as ``YYYY-MM-DD``, or an empty string when unknown."""
        return self.date.isoformat() if self.date else ""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem found in a file, printed as ``PATH:LINE: severity: message``."""

    source: str
    line: int
    message: str
    severity: str = "warning"

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.severity}: {self.message}"


@dataclass(slots=True)
class Listing:
    """The result of parsing one file: its section, articles and diagnostics."""

    source: str
    section: str
    articles: list[Article] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


class ListingError(Exception):
    """A file that cannot be read as a listing at all (one clear line)."""
