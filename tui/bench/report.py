"""Figures from the children's raw results, the Markdown table and the machine.

A figure is a number or, when it could not be measured, a string saying why
(``>60 s``, ``n/a (not installed)``...).  Percentiles use the nearest-rank
method: p95 of 40 keystrokes is the 38th fastest.
"""

from __future__ import annotations

import math
import os
import platform
import statistics
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import metadata
from typing import Any

Figure = float | int | str | None

KINDS: tuple[str, ...] = ("one letter", "growing word", "two words", "backspace", "negated")
KINDS += ("no match", "field", "or", "date")  # the last three: the query language

# (key, label, target); the key's suffix gives the unit.  Targets: issue 11
# (100k / 1M where they differ).
ROWS: tuple[tuple[str, str, str], ...] = (
    ("articles", "articles", ""),
    ("parse_s", "parse (`read_listing`, whole file, objects)", ""),
    ("parse_mb_s", "parse throughput", ""),
    ("first_frame_s", "time to first frame (median)", "≤ floor + 0.2 s"),
    ("floor_s", "floor: bare Textual app, first frame", ""),
    ("open_cold_s", "open, cold (first parse) → fully loaded", "≤ 1.5 s / ≤ 15 s"),
    ("open_cached_s", "open, cached → fully loaded (median)", "≤ 0.3 s / ≤ 2 s"),
    ("load_cold_phases", "  load path, cold: phases", ""),
    ("load_cached_phases", "  load path, cached: phases", ""),
    ("warm_s", "sorts one key away computed", ""),
    ("key_paint_p50_ms", "keystroke → rows painted, p50", ""),
    ("key_paint_p95_ms", "keystroke → rows painted, p95", "≤ 20 ms / ≤ 100 ms"),
    ("key_paint_max_ms", "keystroke → rows painted, max", ""),
    ("floor_key_p50_ms", "floor: keystroke → painted, p50", ""),
    ("floor_key_p95_ms", "floor: keystroke → painted, p95", ""),
    ("paint_floor_ratio", "painted p95 / floor p95", "≤ 1.5×"),
    ("key_settle_p50_ms", "keystroke → settled, p50", ""),
    ("key_settle_p95_ms", "keystroke → settled, p95", "≤ 50 ms / ≤ 200 ms"),
    ("key_settle_max_ms", "keystroke → settled, max", ""),
    *((f"kind_{k.replace(' ', '_')}", f"  p95 painted / settled: {k}", "") for k in KINDS),
    ("burst_settle_p50_ms", "5 keys without pause → settled, p50", ""),
    ("burst_settle_max_ms", "5 keys without pause → settled, max", ""),
    ("sort_paint_p50_ms", "sort toggle (`s`/`r`) → painted, p50", "≤ 20 ms / ≤ 100 ms"),
    ("sort_paint_max_ms", "sort toggle (`s`/`r`) → painted, max", ""),
    ("peak_rss_mb", "peak RSS (app: cached open + session)", "≤ 250 MB / ≤ 1.5 GB"),
    ("open_cold_peak_rss_mb", "peak RSS (app: cold open)", ""),
    ("naive_load_s", "naive DataTable app: loaded", ""),
    ("naive_key_paint_ms", "naive DataTable app: keystroke `s` → painted", ""),
    ("naive_key_settle_ms", "naive DataTable app: keystroke `s` → settled", ""),
    ("naive_peak_rss_mb", "naive DataTable app: peak RSS", ""),
    ("grep_ms", "`grep -c -i stalin` (records)", ""),
    ("fzf_ms", '`fzf --filter "\'stalin"` (records)', ""),
    ("cli_list_ms", "`archive-tui list --filter stalin --format json`, cached", ""),
    ("cli_fzf_ratio", "  list / fzf", "≤ 0.5× / ≤ 1×"),
    ("cli_list_first_ms", "  the same, first of the runs", ""),
)


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of a non-empty sequence."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def key_figures(app: dict[str, Any]) -> dict[str, Figure]:
    """Keystroke, burst and sort statistics from the app child's records."""
    out: dict[str, Figure] = {}
    keys = app.get("keys", [])
    for what in ("paint", "settle"):
        values = [k[f"{what}_ms"] for k in keys]
        for name, p in (("p50", 50), ("p95", 95), ("max", 100)):
            out[f"key_{what}_{name}_ms"] = percentile(values, p) if values else None
    skipped = app.get("skipped", {})
    for kind in KINDS:
        mine = [k for k in keys if k["kind"] == kind]
        if kind in skipped:
            cell: Figure = skipped[kind]
        elif mine:
            paint = percentile([k["paint_ms"] for k in mine], 95)
            settle = percentile([k["settle_ms"] for k in mine], 95)
            cell = f"{paint:.1f} / {settle:.1f} ms"
        else:
            cell = None
        out[f"kind_{kind.replace(' ', '_')}"] = cell
    bursts = [b["settle_ms"] for b in app.get("bursts", [])]
    out["burst_settle_p50_ms"] = statistics.median(bursts) if bursts else None
    out["burst_settle_max_ms"] = max(bursts) if bursts else None
    sorts = [s["paint_ms"] for s in app.get("sorts", [])]
    out["sort_paint_p50_ms"] = statistics.median(sorts) if sorts else None
    out["sort_paint_max_ms"] = max(sorts) if sorts else None
    return out


def floor_figures(keys: Sequence[float]) -> dict[str, Figure]:
    """p50/p95 of the floor's keystrokes."""
    if not keys:
        return {"floor_key_p50_ms": None, "floor_key_p95_ms": None}
    return {"floor_key_p50_ms": percentile(keys, 50), "floor_key_p95_ms": percentile(keys, 95)}


def fmt(key: str, value: Figure) -> str:
    """One table cell."""
    if value is None:
        return "—"
    if isinstance(value, str):
        return value
    if key == "articles":
        return f"{int(value):,}"
    if key.endswith("_ratio"):
        return f"{value:.2f}×"
    if key.endswith("_ms"):
        return f"{value:.0f} ms" if value >= 100 else f"{value:.1f} ms"
    if key.endswith("_mb_s"):
        return f"{value:.1f} MB/s"
    if key.endswith("_mb"):
        return f"{value:.0f} MB"
    if key.endswith("_s"):
        return f"{value:.2f} s"
    return str(value)


def table(results: dict[str, dict[str, Figure]]) -> str:
    """Rows = figures, columns = sizes, then the target."""
    sizes = list(results)
    head = ["figure", *(f"{int(s):,}" if s.isdigit() else s for s in sizes), "target"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key, label, target in ROWS:
        cells = [fmt(key, results[s].get(key)) for s in sizes]
        lines.append("| " + " | ".join([label, *cells, target or ""]) + " |")
    return "\n".join(lines)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gb() -> float | None:
    try:
        with open("/proc/meminfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return None


def machine() -> dict[str, Any]:
    """What the figures were measured on (the load average shows sharing)."""
    return {
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "ram_gb": _ram_gb(),
        "python": platform.python_version(),
        "textual": metadata.version("textual"),
        "platform": platform.platform(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
