"""``python -m tui.bench run``: every figure of the performance issue, in one
run, on the same data, with the baselines beside ours.

For each size a listing is generated (or ``--listing PATH`` is used), then
each measurement runs in a fresh process (see ``tui.bench.child``): parsing;
the real app (first frame, load, index, a scripted typing session, 5-key
bursts, sort toggles, peak RSS) plus extra first-frame-only runs; the bare
Textual floor; the naive DataTable app; and grep, fzf and ``archive-tui
list`` as whole processes over the same records.  Output: a Markdown table,
or with ``--json`` one JSON object keyed by size (and ``machine``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.bench import baselines
from tui.bench.generate import write_listing
from tui.bench.report import Figure, floor_figures, key_figures, machine, table
from tui.cli import FPS as FPS_DEFAULT

DEFAULT_SIZES = "10000,100000"
# The frame rate every app child runs at (the app's own default; --fps sets it).
FPS = [FPS_DEFAULT]
_counter = itertools.count()


@dataclass(frozen=True)
class Plan:
    """Repetitions and caps for one size (kept small at large sizes: the whole
    default run must stay within 10 minutes on two cores)."""

    first_frames: int
    floors: int
    sessions: int
    bursts: int
    toggles: int
    process_runs: int
    external: bool

    @classmethod
    def for_size(cls, articles: int, quick: bool) -> Plan:
        if quick:
            return cls(1, 1, 1, 1, 2, 1, external=False)
        if articles <= 20_000:
            return cls(3, 3, 3, 3, 6, 3, external=True)
        if articles <= 200_000:
            return cls(3, 3, 2, 3, 6, 3, external=True)
        return cls(2, 2, 1, 2, 4, 1, external=True)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def spawn(mode: str, workdir: Path, timeout: float, **options: object) -> dict[str, Any]:
    """Run one ``tui.bench.child`` measurement; its result, or why there is none."""
    out = workdir / f"{mode}-{next(_counter)}.json"
    argv = [sys.executable, "-m", "tui.bench.child", mode, "--out", str(out)]
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        if value is True:
            argv.append(flag)
        elif value is not None and value is not False:
            argv += [flag, str(value)]
    env = {
        **os.environ,
        "ARCHIVE_TUI_HISTORY": "",
        "ARCHIVE_TUI_DATA": "",
        "ARCHIVE_TUI_CACHE": str(workdir / "cache"),
        "TEXTUAL_FPS": FPS[0],
    }
    t0 = time.monotonic()
    try:
        done = subprocess.run(
            [*argv, "--t0", repr(t0)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"timeout": f">{timeout:.0f} s"}
    if not out.exists():
        lines = done.stderr.decode(errors="replace").strip().splitlines() or ["no output"]
        return {"error": lines[-1][:120]}
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def _failure(result: dict[str, Any]) -> str | None:
    if "timeout" in result:
        return str(result["timeout"])
    return f"error ({result['error']})" if "error" in result else None


def _median(values: list[Any]) -> Figure:
    numbers = [v for v in values if isinstance(v, float | int)]
    return statistics.median(numbers) if numbers else None


def bench_open(listing: str, plan: Plan, workdir: Path, fig: dict[str, Any]) -> None:
    """Opening the app: cold (an empty cache: the first parse), then cached;
    and the load path alone, phase by phase (cold and cached)."""
    cache = workdir / "cache"
    shutil.rmtree(cache, ignore_errors=True)
    log("  open: cold (first parse), then cached")
    cold = spawn("open", workdir, 1800, path=listing)
    fig["open_cold_s"] = cold.get("loaded_s", _failure(cold))
    fig["open_cold_peak_rss_mb"] = cold.get("peak_rss_mb", _failure(cold))
    cached = [spawn("open", workdir, 600, path=listing) for _ in range(plan.first_frames)]
    fig["open_cached_s"] = _median([c.get("loaded_s") for c in cached]) or _failure(cached[0])
    fig["open_cached_runs_s"] = [c.get("loaded_s", _failure(c)) for c in cached]
    firsts = [cold.get("first_frame_s"), *(c.get("first_frame_s") for c in cached)]
    fig["first_frame_s"] = _median(firsts) or _failure(cold)
    fig["first_frame_runs_s"] = firsts
    log("  load path, phase by phase")
    phases = spawn("load", workdir, 1800, path=listing)
    fig["load_phases"] = phases
    fig["load_cold_phases"] = _phases(phases, "cold")
    fig["load_cached_phases"] = _phases(phases, "cached")


def _phases(result: dict[str, Any], which: str) -> Figure:
    """``imports 0.23 · read + decode 0.14 · parse 1.55 …`` (seconds)."""
    failed = _failure(result)
    if failed:
        return failed
    parts = {"imports": result["imports_s"], **result[f"{which}_phases"]}
    text = " · ".join(f"{name} {seconds:.2f}" for name, seconds in parts.items())
    return f"{text} (s)"


def bench_app(listing: str, plan: Plan, workdir: Path, fig: dict[str, Any]) -> None:
    """The real app (opened from the cache): a typing session, bursts, sort
    toggles; and the floor, measured the same way at the same fps."""
    log("  app: typing session, bursts, sort toggles")
    options = {"sessions": plan.sessions, "bursts": plan.bursts, "toggles": plan.toggles}
    app = spawn("app", workdir, 3600, path=listing, **options)
    failed = _failure(app)
    log("  floor: bare Textual app, first frame and the same keystrokes")
    floors = [spawn("floor", workdir, 120) for _ in range(plan.floors)]
    fig["floor_s"] = _median([f.get("first_frame_s") for f in floors]) or _failure(floors[0])
    fig["floor_runs_s"] = [f.get("first_frame_s", _failure(f)) for f in floors]
    floor_keys = [ms for f in floors for ms in f.get("keys", [])]
    fig.update(floor_figures(floor_keys))
    for key in ("loaded_s", "warm_s", "peak_rss_mb"):
        fig[key] = app.get(key, failed)
    fig.update(key_figures(app) if failed is None else {})
    paint, floor = fig.get("key_paint_p95_ms"), fig.get("floor_key_p95_ms")
    fig["paint_floor_ratio"] = (
        paint / floor
        if isinstance(paint, float | int) and isinstance(floor, float | int) and floor
        else "n/a"
    )
    for key in ("keys", "bursts", "sorts"):
        fig[key] = app.get(key, [])


def bench_naive(listing: str, articles: int, cap: float, workdir: Path) -> dict[str, Figure]:
    """Load and one keystroke at up to 20k articles; load only, capped, above."""
    keys = ("naive_load_s", "naive_key_paint_ms", "naive_key_settle_ms", "naive_peak_rss_mb")
    if articles > 200_000:
        return dict.fromkeys(keys, "not run (> 200k)")
    typing = articles <= 20_000
    log(f"  naive DataTable app: load{' and one keystroke' if typing else ''} (cap {cap:.0f} s)")
    naive = spawn("naive", workdir, cap, path=listing, key="s" if typing else None)
    failed = _failure(naive)
    fig: dict[str, Figure] = {"naive_load_s": naive.get("loaded_s", failed)}
    fig["naive_key_paint_ms"] = naive.get("key_paint_ms", failed if typing else "not run")
    fig["naive_key_settle_ms"] = naive.get("key_settle_ms", failed if typing else "not run")
    fig["naive_peak_rss_mb"] = naive.get("peak_rss_mb", failed)
    return fig


def bench_size(listing: str, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    """Every figure for one listing file."""
    size = os.path.getsize(listing)
    reps = 1 if args.quick or size > 200e6 else 3 if size < 20e6 else 2
    log(f"  parse (median of {reps})")
    parse = spawn("parse", workdir, 600, path=listing, reps=reps)
    if _failure(parse):
        raise SystemExit(f"error: cannot parse {listing}: {_failure(parse)}")
    articles = int(parse["articles"])
    plan = Plan.for_size(articles, args.quick)
    fig: dict[str, Any] = {k: parse.get(k) for k in ("articles", "parse_s", "parse_mb_s")}
    fig["listing_mb"] = size / 1e6
    bench_open(listing, plan, workdir, fig)
    bench_app(listing, plan, workdir, fig)
    fig.update(bench_naive(listing, articles, args.naive_cap, workdir))
    log("  grep, fzf, archive-tui list")
    records = workdir / "records.txt"
    baselines.write_records(listing, records)
    env = {**os.environ, "ARCHIVE_TUI_CACHE": str(workdir / "cache")}
    fig.update(baselines.measure(listing, records, plan.process_runs, plan.external, env))
    records.unlink()
    return fig


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tui.bench run", description=__doc__)
    parser.add_argument("--sizes", default=None, help=f"articles per listing ({DEFAULT_SIZES})")
    parser.add_argument("--listing", help="benchmark this listing file instead")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="tiny size, minimal repetitions")
    parser.add_argument("--seed", type=int, default=0, help="generator seed")
    parser.add_argument("--naive-cap", type=float, default=60.0, help="seconds (naive app)")
    parser.add_argument(
        "--fps", default=FPS_DEFAULT, help=f"TEXTUAL_FPS of every app (default {FPS_DEFAULT})"
    )
    args = parser.parse_args(argv)
    try:
        args.size_list = [int(s) for s in (args.sizes or "").split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes: expected numbers separated by commas, got {args.sizes!r}")
    if not args.size_list:
        args.size_list = [200] if args.quick else [int(s) for s in DEFAULT_SIZES.split(",")]
    if any(n <= 0 for n in args.size_list):
        parser.error("--sizes: sizes must be positive")
    if args.listing and not os.path.isfile(args.listing):
        parser.error(f"--listing: no such file: {args.listing}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(words)
    FPS[0] = str(args.fps)
    results: dict[str, Any] = {"machine": machine()}
    results["machine"]["fps"] = FPS[0]
    results["machine"]["command"] = " ".join(["python -m tui.bench run", *words])
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="tui-bench-") as tmp:
        workdir = Path(tmp)
        if args.listing:
            log(f"{args.listing}:")
            fig = bench_size(args.listing, args, workdir)
            results[str(fig["articles"])] = {"listing": args.listing, **fig}
        for n in [] if args.listing else args.size_list:
            log(f"{n:,} articles: generating")
            listing = workdir / f"listing-{n}.txt"
            write_listing(listing, n, seed=args.seed)
            aged = time.time() - 60  # as a saved file is: old enough to cache
            os.utime(listing, (aged, aged))
            results[str(n)] = bench_size(str(listing), args, workdir)
            listing.unlink()
    results["machine"]["run_s"] = round(time.monotonic() - started, 1)
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        sizes = {k: v for k, v in results.items() if k != "machine"}
        print(table(sizes))
        m = results["machine"]
        print(
            f"\n{m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM · Python {m['python']}"
            f" · Textual {m['textual']} · {m['date']} · load {m['load_average']}"
            f" · run {m['run_s']} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
