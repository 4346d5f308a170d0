"""Print a view as an aligned table, JSON or CSV. Pure: no Textual, no Rich.

The CLI must start fast and write to pipes, so this uses only the stdlib.
Article text was sanitised at ingestion, so no control byte reaches output;
JSON and CSV escape what their formats require.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from tui.listing import Article
from tui.text import cell_width, fit

COLUMNS = ("title", "author", "date", "caption", "summary", "section", "source", "line")


def record(article: Article) -> dict[str, Any]:
    """One article as a plain dict with the documented export keys."""
    return {
        "title": article.title,
        "author": article.author,
        "date": article.iso_date or None,
        "caption": article.caption,
        "summary": article.summary,
        "section": article.section,
        "source": article.source,
        "line": article.line,
    }


def to_json(articles: Iterable[Article]) -> str:
    """A JSON array of records (non-ASCII kept readable, controls escaped)."""
    return json.dumps([record(a) for a in articles], ensure_ascii=False, indent=2) + "\n"


def to_csv(articles: Iterable[Article]) -> str:
    """CSV with a header row; ``date`` and ``caption`` are empty when unknown."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for article in articles:
        row = record(article)
        writer.writerow(["" if row[c] is None else row[c] for c in COLUMNS])
    return out.getvalue()


def _pad(text: str, width: int) -> str:
    text = fit(text, width)
    return text + " " * (width - cell_width(text))


def to_table(articles: Iterable[Article], width: int = 100) -> str:
    """Aligned Date / Title / Author columns that fit ``width`` cells."""
    rows = [(a.iso_date or "—", a.title, a.author) for a in articles]
    date_w = 10
    author_w = min(max([cell_width(r[2]) for r in rows] + [6]), max(6, width // 4))
    title_w = max(10, width - date_w - author_w - 4)
    lines = [f"{_pad('Date', date_w)}  {_pad('Title', title_w)}  {'Author'}".rstrip()]
    lines.append(f"{'─' * date_w}  {'─' * title_w}  {'─' * author_w}")
    for date, title, author in rows:
        lines.append(f"{_pad(date, date_w)}  {_pad(title, title_w)}  {fit(author, author_w)}")
    return "\n".join(lines) + "\n"


FORMATS = {"json": to_json, "csv": to_csv}
