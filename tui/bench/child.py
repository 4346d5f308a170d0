"""One measurement in a fresh process: ``python -m tui.bench.child MODE ...``.

A fresh process per measurement makes the first frame include interpreter
start-up and imports, gives each size its own peak RSS, and keeps caches
from leaking between sizes.  Only the stdlib is imported up front: each
mode imports what it measures.  The result, one JSON object with the
process's peak RSS added, goes to ``--out``; the process then ends at once
(``os._exit``), not waiting for a loader thread that may still run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Sequence
from typing import Any


def _parse(path: str, reps: int) -> dict[str, Any]:
    from tui.listing import read_listing

    times, articles = [], 0
    for _ in range(reps):
        start = time.perf_counter()
        articles = len(read_listing(path).articles)
        times.append(time.perf_counter() - start)
    size = os.path.getsize(path)
    parse_s = statistics.median(times)
    return {"parse_s": parse_s, "parse_mb_s": size / 1e6 / parse_s, "articles": articles}


def _run(args: argparse.Namespace) -> dict[str, Any]:
    if args.mode == "parse":
        return _parse(args.path, args.reps)
    if args.mode == "floor":
        from tui.bench.naive_app import measure_floor

        return asyncio.run(measure_floor(args.t0, keys=not args.first_only))
    if args.mode == "open":
        from tui.bench.measure_app import measure_open

        return asyncio.run(measure_open(args.path, args.t0))
    if args.mode == "load":
        from tui.bench.phases import measure_load

        return measure_load(args.path, args.t0)
    if args.mode == "naive":
        from tui.bench.naive_app import measure_naive

        return asyncio.run(measure_naive(args.path, args.t0, args.key))
    from tui.bench.measure_app import measure

    return asyncio.run(
        measure(
            args.path,
            args.t0,
            sessions=args.sessions,
            bursts=args.bursts,
            toggles=args.toggles,
            first_only=args.first_only,
        )
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tui.bench.child")
    parser.add_argument("mode", choices=("parse", "app", "floor", "naive", "open", "load"))
    parser.add_argument("--path", default="")
    parser.add_argument("--out", required=True)
    parser.add_argument("--t0", type=float, default=0.0, help="parent's monotonic stamp")
    parser.add_argument("--reps", type=int, default=1)
    parser.add_argument("--sessions", type=int, default=1)
    parser.add_argument("--bursts", type=int, default=1)
    parser.add_argument("--toggles", type=int, default=2)
    parser.add_argument("--first-only", action="store_true")
    parser.add_argument("--key", default=None)
    args = parser.parse_args(argv)
    os.environ["ARCHIVE_TUI_HISTORY"] = ""  # measure without reading or writing history
    try:
        result = _run(args)
    except Exception as error:  # reported by the parent in the figure's place
        result = {"error": f"{type(error).__name__}: {error}"}
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(result, out)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
