"""The benchmark command runs end to end and reports every figure (no timings
are asserted: those are the benchmark's output, never a test's)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from tui.bench.generate import write_listing
from tui.bench.measure_app import SESSIONS, script
from tui.bench.report import KINDS, ROWS, percentile, table

NUMERIC = (
    "parse_s",
    "parse_mb_s",
    "first_frame_s",
    "floor_s",
    "open_cold_s",
    "open_cached_s",
    "floor_key_p95_ms",
    "paint_floor_ratio",
    "loaded_s",
    "key_paint_p95_ms",
    "key_settle_p95_ms",
    "burst_settle_p50_ms",
    "sort_paint_p50_ms",
    "peak_rss_mb",
    "naive_load_s",
    "naive_key_paint_ms",
    "cli_list_ms",
)


def bench(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tui.bench", "run", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    listing = tmp_path_factory.mktemp("bench") / "tiny.txt"
    write_listing(listing, 120, seed=5)
    done = bench("--quick", "--json", "--listing", str(listing))
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_quick_run_reports_every_figure(quick_run: dict[str, Any]) -> None:
    assert set(quick_run) == {"machine", "120"}
    figures = quick_run["120"]
    assert {key for key, _, _ in ROWS} <= set(figures)
    for key in NUMERIC:
        assert isinstance(figures[key], float | int), (key, figures[key])
    assert figures["articles"] == 120
    assert figures["grep_ms"] == figures["fzf_ms"] == "skipped (--quick)"
    assert (
        "parse" in figures["load_cold_phases"] and "cache validate" in figures["load_cached_phases"]
    )
    assert {"cpu", "cores", "python", "textual", "date", "command"} <= set(quick_run["machine"])


def test_quick_run_typed_the_whole_session(quick_run: dict[str, Any]) -> None:
    """A keystroke is recorded only once the app applied and painted its
    query, so the texts show the app followed the whole script."""
    keys = quick_run["120"]["keys"]
    typed = [step for step in script(SESSIONS[0]) if step[0] != "clear"]
    assert [k["kind"] for k in keys] == [kind for kind, _ in typed]
    assert {k["kind"] for k in keys} == set(KINDS)
    texts = [k["text"] for k in keys]
    assert texts[:6] == ["s", "st", "sta", "stal", "stali", "stalin"]
    assert "stalin trotsky" in texts and "-woods" in texts and "zzqx" in texts
    assert texts[texts.index("stalin trotsky") :].index("") == len("stalin trotsky")
    assert [s["key"] for s in quick_run["120"]["sorts"]] == ["s", "r"]


def test_table_has_a_row_per_figure(quick_run: dict[str, Any]) -> None:
    text = table({"120": quick_run["120"]})
    assert len(text.splitlines()) == len(ROWS) + 2
    assert "| figure | 120 | target |" in text


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(20, 0, -1)]
    assert percentile(values, 95) == 19.0
    assert percentile(values, 50) == 10.0
    assert percentile(values, 100) == 20.0
    assert percentile([7.0], 95) == 7.0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--sizes", "ten"], "--sizes"),
        (["--sizes", "0"], "positive"),
        (["--listing", "/no/such/listing.txt"], "no such file"),
    ],
)
def test_bad_usage_is_one_clear_line(args: list[str], message: str) -> None:
    done = bench(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
