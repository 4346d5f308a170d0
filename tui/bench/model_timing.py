"""Time the engine alone (no app, no frames): search per keystroke and sort toggles.

``python -m tui.bench.model_timing LISTING`` separates what the engine costs
from what painting costs, which the app benchmark (``tui.bench.run``) cannot.
"""

from __future__ import annotations

import sys
import time

from tui.corpus_load import load_corpus
from tui.query import parse_query
from tui.sorting import cycled, reversed_keys
from tui.view import ArchiveView

TYPED = ("s", "st", "sta", "stal", "stali", "stalin", "stalin t", "stalin -w", "zzqx")


def main(argv: list[str] | None = None) -> int:
    """Print milliseconds per search (typed key by key) and per sort toggle."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m tui.bench.model_timing LISTING", file=sys.stderr)
        return 2
    corpus, errors = load_corpus(args, None)
    if corpus is None:
        print("\n".join(errors), file=sys.stderr)
        return 1
    view = ArchiveView(corpus)  # the app has the first order from loading: not a keystroke's
    for text in TYPED:
        query = parse_query(text)
        start = time.perf_counter()
        found = view.search(query)
        print(f"search {text!r:12} {1000 * (time.perf_counter() - start):7.1f} ms {len(found):8,}")
        view.set_filter(text)
    for change in (cycled, reversed_keys, cycled, reversed_keys):
        start = time.perf_counter()
        view.resort(change(view.sort_keys))
        print(f"sort {change.__name__:14} {1000 * (time.perf_counter() - start):7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
