"""Untrusted Arrow bytes (a cache entry's payload) into a corpus frame, or :class:`Invalid`.

pyarrow reads the IPC data without copying and validates it fully (every
buffer's bounds and every string's UTF-8) before polars, whose own reader can
abort the process on crafted input, ever touches it.  Then the schema, the
row count, the nulls and the value ranges are checked.  Its text is not
trusted to be safe to show: the corpus built from it is marked untrusted, and
every string leaving it is re-sanitised (see :meth:`tui.corpus.Corpus.article`).
"""

from __future__ import annotations

import polars as pl

from tui.corpus import SCHEMA
from tui.corpus_cache import Invalid

# Columns a cache entry stores (the source is the listing's path as given).
STORED = {name: dtype for name, dtype in SCHEMA.items() if name != "source"}
NULLABLE = ("caption", "date")
# The proleptic ordinals of 0001-01-01 and 9999-12-31.
DAYS = (1, 3_652_059)


def frame_from_ipc(body: memoryview | bytes, rows: int) -> pl.DataFrame:
    """The validated frame in IPC ``body`` holding ``rows`` rows."""
    import pyarrow as pa
    import pyarrow.ipc

    try:
        table = pyarrow.ipc.open_file(pa.py_buffer(body)).read_all()
        table.validate(full=True)
    except (pa.ArrowException, OSError, ValueError, TypeError, IndexError) as error:
        raise Invalid(f"not valid Arrow data ({error})") from None
    if table.num_rows != rows or table.schema.names != list(STORED):
        raise Invalid("unexpected columns or row count")
    try:
        frame = pl.from_arrow(table, rechunk=False)
    except Exception as error:  # polars refusing a type it does not know
        raise Invalid(f"not a corpus ({error})") from None
    assert isinstance(frame, pl.DataFrame)
    if frame.schema != pl.Schema(STORED):
        raise Invalid("unexpected column types")
    check_values(frame)
    return frame


def check_values(frame: pl.DataFrame) -> None:
    """Ranges and nulls as the parser makes them."""
    required = [name for name in frame.columns if name not in NULLABLE]
    stats = frame.select(
        pl.any_horizontal([pl.col(name).is_null().any() for name in required]).alias("nulls"),
        pl.col("line").min().alias("line"),
        pl.col("date").min().alias("low"),
        pl.col("date").max().alias("high"),
    ).row(0, named=True)
    if stats["nulls"]:
        raise Invalid("missing values")
    if stats["line"] is not None and stats["line"] < 1:
        raise Invalid("line numbers out of range")
    if stats["low"] is not None and not DAYS[0] <= stats["low"] <= stats["high"] <= DAYS[1]:
        raise Invalid("dates out of range")
