"""The table's fast row builder draws exactly what Rich draws: the same
segments with the same styles, on random rows, widths, queries, themes,
cursor and focus states (Rich's path stays for what the fast one declines)."""

from __future__ import annotations

import random

from textual.app import App

from tests.conftest import archive_from_text
from tui.app import make_app
from tui.highlight import highlighter, with_dates
from tui.listing import Article
from tui.query import parse_query
from tui.widgets.article_table import ArticleTable
from tui.widgets.table_rows import fast_row

THEMES = sorted(App().available_themes)
WORDS = ["Stalin", "trotsky", "Woods", "Café", "naïve", "’s", "war", "1917", "x", "THE", "ab"]
QUERIES = ["", "stalin", "a", "war 1917", "'the", "^st", "~wds", "/t.e/", "date:2016", "-x woods"]


def _article(rnd: random.Random) -> Article:
    title = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(0, 14)))
    author = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(0, 5)))
    if rnd.random() < 0.1:
        title += " 東京"  # wide characters: Rich's path
    date = None if rnd.random() < 0.2 else __import__("datetime").date(2016, 11, rnd.randint(1, 30))
    return Article(title, author, date, "", None, "S", "S", "x.txt", 1)


async def test_fast_rows_equal_rich_rows() -> None:
    rnd = random.Random(5)
    app = make_app(
        archive=archive_from_text("S\n\nT\n\nWritten by A Monday, 07 November 2016\n\nS\n")
    )
    async with app.run_test(size=(120, 30)):
        table = app.screen.query_one(ArticleTable)
        compared = declined = 0
        for case in range(400):
            app.theme = THEMES[case % len(THEMES)]
            query = parse_query(rnd.choice(QUERIES))
            table._highlight = with_dates(query, highlighter(query))
            table._stale = rnd.random() < 0.2
            table._author_cells = rnd.randint(0, 40)
            table._date_marks.clear()
            if rnd.random() < 0.5:
                table.focus()
            else:
                app.screen.set_focus(None)
            article = _article(rnd)
            width = rnd.randint(30, 140)
            selected = rnd.random() < 0.3
            fast = fast_row(table, article, width, selected)
            rich = table._rich_row(article, width, selected)
            if fast is None:
                declined += 1
                continue
            compared += 1
            assert list(fast) == list(rich), (case, article, width, selected)
            assert fast.cell_length == rich.cell_length == width
        assert compared > 300 and declined > 10
