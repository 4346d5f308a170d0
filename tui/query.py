"""The filter language: one parsed object that narrows, highlights and says if it ranks.

Pure: no Textual import.  The grammar lives in :mod:`tui.query_parse`, the
tree in :mod:`tui.query_nodes`, the reference evaluation and highlighting in
:mod:`tui.query_eval`; searching a corpus is :mod:`tui.engine`'s.  This module
is the small public face the engine, the CLI and the widgets use.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.listing import Article
from tui.query_eval import fuzzy_leaves, matches_article, spans
from tui.query_narrow import implies
from tui.query_nodes import ALL, FIELDS, Node, QueryError
from tui.query_parse import parse
from tui.query_regex import Budget, PatternTooSlow, SearchCancelled

__all__ = [
    "EMPTY",
    "FIELDS",
    "SYNTAX",
    "Budget",
    "PatternTooSlow",
    "Query",
    "QueryError",
    "SearchCancelled",
    "parse_query",
]


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: ``text`` as typed and ``root``, its syntax tree."""

    text: str
    root: Node

    @property
    def is_empty(self) -> bool:
        """An empty query matches everything."""
        return self.root == ALL

    @property
    def ranked(self) -> bool:
        """True while a fuzzy term is active: results are ranked by relevance."""
        return bool(fuzzy_leaves(self.root))

    def matches_article(self, article: Article) -> bool:
        """The brute-force reference: folds the article itself, no index, no haystack."""
        return matches_article(self.root, article)

    def narrows(self, previous: Query) -> bool:
        """True only when this query's matches are provably a subset of ``previous``'s,
        so the search may look only among the previous result."""
        return implies(self.root, previous.root)

    def spans(self, field: str, folded: str) -> list[tuple[int, int]]:
        """Where the query's positive terms match one folded ``field`` (title,
        author, caption, summary, date), for highlighting; negated terms mark nothing."""
        return spans(self.root, field, folded)


def parse_query(text: str) -> Query:
    """Parse ``text`` into a :class:`Query`; raise :class:`QueryError` if it is malformed."""
    return Query(text, parse(text))


EMPTY = Query("", ALL)

# One example per construct: the help screen and the README show these.
SYNTAX: tuple[tuple[str, str], ...] = (
    ("stalin trotsky", "every word must match, in any field or the date"),
    ("broue", "case, accents and typographic quotes/dashes are ignored"),
    ("author:woods", "one field; also title: t: a: by: s: caption: section:"),
    ('author:"alan woods"', "a quoted value"),
    ('"paris commune"', "a phrase: the words adjacent, in order"),
    ("-stalin", "not matching (also !stalin, NOT stalin, -author:woods)"),
    ("stalin | trotsky", "either; a | b c means (a or b) and c, as in fzf"),
    ("(a:woods | a:grant) -lenin", "parentheses group"),
    ("'war", "a whole word (not 'warsaw')"),
    ("^the", "at the start of a field (title:^the)"),
    ("1917$", "at the end of a field"),
    ("title:/^the .*october$/", "a regular expression (case-insensitive, on folded text)"),
    ("date:2016-11", "a year, month or day: date:2016  date:2016-11-07"),
    ("date:>=2016-01-01", "a comparison: > >= < <="),
    ("date:2014..2015", "a range, open ends allowed: date:2016..  date:..2015"),
    ("year:2010-2015", "years (year:2016, year:>=2010); undated never match"),
    ("~revbetr", "fuzzy: letters in order (title, author), best first"),
)
