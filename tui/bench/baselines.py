"""Whole-process baselines over the same records: grep, fzf and our own CLI.

Each command is timed as a whole process (start to exit, as a user's shell
would see it), median of a few runs.  A tool that is not installed is
reported as such instead of a number.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tui.listing import read_listing

TERM = "stalin"
NOT_INSTALLED = "n/a (not installed)"


def write_records(listing: str, out: Path) -> int:
    """One line per article, ``title | author | date | summary``; the count."""
    articles = read_listing(listing).articles
    with out.open("w", encoding="utf-8") as file:
        for a in articles:
            line = " | ".join((a.title, a.author, a.date_text, a.summary))
            file.write(line.replace("\n", " ") + "\n")
    return len(articles)


def time_process(
    command: list[str],
    stdin: Path | None = None,
    runs: int = 3,
    timeout: float = 120.0,
    env: dict[str, str] | None = None,
) -> list[float]:
    """Wall-clock ms of each run of ``command`` (output discarded)."""
    times = []
    for _ in range(runs):
        source = stdin.open("rb") if stdin else None
        try:
            start = time.perf_counter()
            subprocess.run(
                command,
                stdin=source if source else subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=timeout,
                check=False,
                env=env,
            )
            times.append((time.perf_counter() - start) * 1000)
        finally:
            if source:
                source.close()
    return times


def cli_command() -> list[str]:
    """The installed ``archive-tui`` script beside this Python, else ``-m tui``."""
    script = Path(sys.executable).with_name("archive-tui")
    if script.exists():
        return [str(script)]
    found = shutil.which("archive-tui")
    return [found] if found else [sys.executable, "-m", "tui"]


def measure(
    listing: str, records: Path, runs: int, external: bool, env: dict[str, str] | None = None
) -> dict[str, float | str]:
    """grep/fzf over ``records`` and ``archive-tui list`` over ``listing``
    (in ``env``: the benchmark's cache, which the app runs filled)."""
    result: dict[str, float | str] = {}
    tools = {
        "grep_ms": (["grep", "-c", "-i", TERM, str(records)], None),
        "fzf_ms": (["fzf", "--filter", f"'{TERM}"], records),
    }
    for key, (command, stdin) in tools.items():
        if not external:
            result[key] = "skipped (--quick)"
        elif shutil.which(command[0]) is None:
            result[key] = NOT_INSTALLED
        else:
            result[key] = statistics.median(time_process(command, stdin, runs))
    cli = [*cli_command(), "list", listing, "--filter", TERM, "--format", "json"]
    times = time_process(cli, None, runs, env=env)
    result["cli_list_first_ms"] = times[0]
    cli_ms = result["cli_list_ms"] = statistics.median(times)
    fzf = result.get("fzf_ms")
    result["cli_fzf_ratio"] = cli_ms / fzf if isinstance(fzf, float) and fzf else "n/a (no fzf)"
    return result
