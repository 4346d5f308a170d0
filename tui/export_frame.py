"""Export records straight from corpus columns (JSON), in Rust. Pure: no Textual.

``archive-tui list --format json`` writes every match: tens of thousands of
records, which a Python loop (or ``json.dumps`` with ``indent``, whose encoder
is pure Python) spends most of the command's time on.  Here each value is
JSON-encoded by polars and the indented layout is assembled as one string
column, byte for byte ``json.dumps(records, ensure_ascii=False, indent=2)``.
"""

from __future__ import annotations

import polars as pl

from tui.searchtext import EPOCH_ORDINAL

# The record keys, in order (see tui.export.record).
KEYS = ("title", "author", "date", "caption", "summary", "section", "source", "line")


def _encoded(expr: pl.Expr, name: str) -> pl.Expr:
    """One value as JSON text (a string escaped as json does, or null)."""
    text = pl.struct(expr.alias("v")).struct.json_encode()
    return text.str.strip_prefix('{"v":').str.strip_suffix("}").alias(name)


def json_bytes(frame: pl.DataFrame) -> bytes:
    """The records of ``frame`` (display columns, in order) as indented JSON."""
    if frame.height == 0:
        return b"[]\n"
    iso = (pl.col("date") - EPOCH_ORDINAL).cast(pl.Date).dt.to_string("%Y-%m-%d")
    values = {
        "title": pl.col("title"),
        "author": pl.col("author"),
        "date": iso,
        "caption": pl.col("caption"),
        "summary": pl.col("summary"),
        "section": pl.col("section"),
        "source": pl.col("source"),
    }
    encoded = [_encoded(expr, name) for name, expr in values.items()]
    encoded.append(pl.col("line").cast(pl.String).alias("line"))
    pieces: list[pl.Expr] = []
    for index, key in enumerate(KEYS):
        lead = "  {\n" if index == 0 else ",\n"
        pieces += [pl.lit(f'{lead}    "{key}": '), pl.col(key)]
    pieces.append(pl.lit("\n  }"))
    records = frame.select(encoded).select(pl.concat_str(pieces).alias("record"))
    body: bytes = records["record"].str.join(",\n").cast(pl.Binary).item()
    return b"[\n" + body + b"\n]\n"
