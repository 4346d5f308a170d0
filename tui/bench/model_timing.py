"""Time the model alone (no app, no frames): search per keystroke and sort toggles.

``python -m tui.bench.model_timing LISTING`` separates what the archive costs
from what painting costs, which the app benchmark (``tui.bench.run``) cannot.
"""

from __future__ import annotations

import sys
import time

from tui.listing import read_listing
from tui.model import Archive
from tui.query import parse_query

TYPED = ("s", "st", "sta", "stal", "stali", "stalin", "stalin t", "stalin -w", "zzqx")


def main(argv: list[str] | None = None) -> int:
    """Print milliseconds per search (typed key by key) and per sort toggle."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m tui.bench.model_timing LISTING", file=sys.stderr)
        return 2
    listing = read_listing(args[0])
    archive = Archive(listing.articles, listing.diagnostics, [listing.section])
    archive.build_index()
    archive.order()  # the app has the first order from loading: not a keystroke's cost
    for text in TYPED:
        query = parse_query(text)
        start = time.perf_counter()
        found = archive.search(query)
        print(f"search {text!r:12} {1000 * (time.perf_counter() - start):7.1f} ms {len(found):8,}")
        archive.apply(query, found)
    for change in (archive.cycle_sort, archive.reverse, archive.cycle_sort, archive.reverse):
        archive.warm_sorts()  # as the app does in a worker after each sort
        start = time.perf_counter()
        change()
        print(f"sort {change.__name__:14} {1000 * (time.perf_counter() - start):7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
