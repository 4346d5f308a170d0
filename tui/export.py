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


def to_json(articles: Iterable[Article], ascii: bool = False) -> str:
    """A JSON array of records (non-ASCII kept readable, controls escaped):
    exactly ``json.dumps(records, ensure_ascii=ascii, indent=2)``; ``ascii``
    escapes every non-ASCII character (for an output that cannot hold them)."""
    if ascii:
        records = [record(a) for a in articles]
        return json.dumps(records, indent=2) + "\n" if records else "[]\n"
    out = _json(articles)
    return out.decode() if isinstance(out, bytes) else out


def to_json_bytes(articles: Iterable[Article]) -> bytes:
    """:func:`to_json` as UTF-8, which the CLI writes as is."""
    out = _json(articles)
    return out if isinstance(out, bytes) else out.encode()


def _json(articles: Iterable[Article]) -> bytes | str:
    records = [record(a) for a in articles]
    if not records:
        return "[]\n"
    fast = _bulk_json(records)
    if fast is not None:
        return fast
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


# Stand-ins for the layout's own quotes and newlines while text is escaped.
_QUOTE, _NEWLINE = "\x02", "\x03"
# Bytes a plain replace does not escape as json does: 0 for the other
# controls (the stand-ins are counted instead), 1 for every other byte.
_PLAIN = bytes(0 if byte < 0x20 and byte not in b"\t\n\r\x02\x03" else 1 for byte in range(256))
_ESCAPES = (
    (b"\\", b"\\\\"),
    (b'"', b'\\"'),
    (b"\n", b"\\n"),
    (b"\r", b"\\r"),
    (b"\t", b"\\t"),
    (_QUOTE.encode(), b'"'),
    (_NEWLINE.encode(), b"\n"),
)


def _bulk_json(records: list[dict[str, Any]]) -> bytes | None:
    """The indented JSON of ``records`` (str, int or None values) as UTF-8,
    escaped in bulk: json.dumps with ``indent`` takes its pure-Python
    encoder, the CLI's largest cost.  The layout is written with stand-ins
    into one string, encoded once, and json's escapes (backslash, quote,
    newline, return, tab) are byte replaces; None when the text holds another
    control (or a stand-in) or cannot be encoded: the caller uses json.dumps."""
    q, n = _QUOTE, _NEWLINE
    names = list(records[0])
    if any(row.keys() != records[0].keys() for row in records):
        return None
    # Column by column: a column of strings goes in as is, between quotes.
    columns: list[list[str]] = []
    slots = []
    quotes = 0
    for name in names:
        values = [row[name] for row in records]
        if all(type(value) is str for value in values):
            columns.append(values)
            slots.append(f"{q}{name}{q}: {q}{{}}{q}")
            quotes += 4 * len(values)
        elif all(value is None or type(value) in (str, int) for value in values):
            texts = [v if type(v) is not str else q + v + q for v in values]
            columns.append([str(v) if type(v) is int else v or "null" for v in texts])
            slots.append(f"{q}{name}{q}: {{}}")
            quotes += 2 * len(values) + 2 * sum(type(v) is str for v in values)
        else:
            return None
    template = "  {{" + n + "    " + f",{n}    ".join(slots) + n + "  }}"  # {{: a brace
    newlines = (len(names) + 2) * len(records) + 2
    out = [f"[{n}", f",{n}".join([template.format(*row) for row in zip(*columns, strict=True)])]
    out.append(f"{n}]{n}")
    try:
        data = "".join(out).encode()
    except UnicodeEncodeError:  # lone surrogates
        return None
    if (
        0 in data.translate(_PLAIN)
        or data.count(q.encode()) != quotes
        or data.count(n.encode()) != newlines
    ):
        return None
    for old, new in _ESCAPES:
        data = data.replace(old, new)
    return data


# A spreadsheet runs a cell starting with one of these as a formula (OWASP's
# "CSV injection"); the guard makes such a cell text with a leading quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_cell(value: str) -> str:
    """``value`` prefixed with ``'`` when a spreadsheet would run it as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def to_csv(articles: Iterable[Article], guard: bool = False) -> str:
    """CSV with a header row; ``date`` and ``caption`` are empty when unknown.
    ``guard``: text cells that a spreadsheet would run as formulas get a
    leading ``'`` (off by default: the CSV then holds the data exactly)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for article in articles:
        row = record(article)
        cells = ["" if row[c] is None else row[c] for c in COLUMNS]
        if guard:
            cells = [guard_cell(c) if isinstance(c, str) else c for c in cells]
        writer.writerow(cells)
    return out.getvalue()


def _pad(text: str, width: int) -> str:
    text = fit(text, width)
    return text + " " * (width - cell_width(text))


def to_table(articles: Iterable[Article], width: int = 100, rule: str = "─") -> str:
    """Aligned Date / Title / Author columns that fit ``width`` cells (below
    30, Date and Title only), under a rule of ``rule`` characters (``-``
    where the output cannot hold ``─``)."""
    rows = [(a.iso_date or "—", a.title, a.author) for a in articles]
    date_w = 10
    if width < date_w + 2 + 10 + 2 + 6:  # too narrow for three columns: no author
        title_w = max(1, width - date_w - 2)
        lines = [f"{_pad('Date', date_w)}  Title", f"{rule * date_w}  {rule * title_w}"]
        lines += [f"{_pad(date, date_w)}  {fit(title, title_w)}" for date, title, _ in rows]
        return "\n".join(lines) + "\n"
    author_w = min(max([cell_width(r[2]) for r in rows] + [6]), max(6, width // 4))
    author_w = max(6, min(author_w, width - date_w - 4 - 10))  # the title keeps 10
    title_w = width - date_w - author_w - 4
    lines = [f"{_pad('Date', date_w)}  {_pad('Title', title_w)}  {'Author'}".rstrip()]
    lines.append(f"{rule * date_w}  {rule * title_w}  {rule * author_w}")
    for date, title, author in rows:
        lines.append(f"{_pad(date, date_w)}  {_pad(title, title_w)}  {fit(author, author_w)}")
    return "\n".join(lines) + "\n"


FORMATS = {"json": to_json, "csv": to_csv}
