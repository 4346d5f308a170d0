"""The filter language, parsed into a small object. Pure: no Textual import.

Foundation grammar: whitespace-separated terms, all of which must match; a
term matches a folded substring of the title, author, caption, summary or the
date (as written, or ISO).  The query is an object, not ad-hoc string checks,
so that narrowing, indexing and highlighting can reason about it.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.text import fold

# Folded fields are joined with this separator into one haystack per article;
# it never occurs in article text or in a term (controls are removed).
SEP = "\x1f"
FIELDS = ("title", "author", "caption", "summary", "date")


class QueryError(ValueError):
    """A query that does not parse: ``message`` says what, ``position`` where."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(f"{message} at {position}")
        self.message = message
        self.position = position


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: ``terms`` are folded and must all match."""

    text: str
    terms: tuple[str, ...]

    @property
    def is_empty(self) -> bool:
        """An empty query matches everything."""
        return not self.terms

    def matches(self, hay: str) -> bool:
        """True when every term occurs in the article's folded haystack."""
        return all(term in hay for term in self.terms)

    def narrows(self, previous: Query) -> bool:
        """True when this query's matches are a subset of ``previous``'s.

        Each earlier term must occur inside some new term: a field holding the
        new term then holds the old one too.
        """
        return all(any(old in new for new in self.terms) for old in previous.terms)

    def spans(self, field: str, folded: str) -> list[tuple[int, int]]:
        """Where the terms occur in one folded field, for highlighting.

        ``field`` (title, author, caption, summary, date) lets field-specific
        terms highlight only their own field; plain terms match any field.
        """
        found: list[tuple[int, int]] = []
        for term in self.terms:
            start = folded.find(term)
            while start != -1:
                found.append((start, start + len(term)))
                start = folded.find(term, start + 1)
        return found


def parse_query(text: str) -> Query:
    """Parse ``text`` into a :class:`Query`."""
    terms = tuple(dict.fromkeys(t for t in fold(text).split() if t))
    return Query(text, terms)


EMPTY = Query("", ())

# One example per construct: the help screen and the README show these.
SYNTAX: tuple[tuple[str, str], ...] = (
    ("stalin trotsky", "articles matching every word (in any field or the date)"),
    ("broue", "case, accents and typographic quotes/dashes are ignored"),
    ("2016-11", "dates match as written (25 November 2016) and as ISO (2016-11-25)"),
)
