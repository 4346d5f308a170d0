"""The hostile corpus: the small committed files plus the large or binary ones,
which are generated at test time so the repository stays small.

``python -m tests.corpus.build DIR`` writes the whole corpus into DIR (to try
the app or the CLI on it by hand).
"""

from __future__ import annotations

import random
import shutil
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent
MANIFEST = CORPUS / "manifest.toml"

# The escape payloads in escapes.txt, each with a marker that must never reach
# the terminal (tests/test_pty.py) nor any output of the CLI.
MARKERS = (
    "MARKER-TITLE-51c2",
    "MARKER-TITLE2-77c3",
    "MARKER-UNTERM-0e1d",
    "MARKER-OSC8-3b1e",
    "MARKER-DCS-44aa",
    "MARKER-C1OSC-6b2f",
    "TUFSS0VSLU9TQzUyLTdmM2E=",  # base64 of MARKER-OSC52-7f3a
    "MARKER-OSC52-7f3a",
)
# Markers that follow ESC[2J: the text itself is data and may show, glued to
# the escape sequence it must not.
CLEAR_MARKERS = ("MARKER-CLEAR-9d4e", "MARKER-CLEAR2-a1b2")

HUGE_TITLE_LENGTH = 10_000
HUGE_SUMMARY_BYTES = 3_000_000

_HEAD = "Generated Section\n\n"
_BYLINE = "Written by Gene Rator Friday, 25 November 2016\n\n"


def _huge_title() -> bytes:
    title = ("A very long title " * (HUGE_TITLE_LENGTH // 18 + 1))[:HUGE_TITLE_LENGTH].strip()
    return (_HEAD + title + "\n\n" + _BYLINE + "Short summary.\n").encode()


def _huge_summary() -> bytes:
    words = ("the", "workers", "council", "soviet", "of", "petrograd", "resolved", "on", "day")
    rng = random.Random(3)
    lines: list[str] = []
    size = 0
    while size < HUGE_SUMMARY_BYTES:
        line = " ".join(rng.choice(words) for _ in range(12))
        lines.append(line)
        size += len(line) + 1
    # One paragraph of many lines, then one single 100 kB line.
    body = "\n".join(lines) + "\n\n" + "x" * 100_000
    return (_HEAD + "Huge summary\n\n" + _BYLINE + body + "\n").encode()


def _binary() -> bytes:
    return random.Random(7).randbytes(4096)


def _nul_flood() -> bytes:
    return (_HEAD + "Title\n\n" + _BYLINE + "Summary\n").encode() + b"\x00" * 200


GENERATED: dict[str, Callable[[], bytes]] = {
    "huge-title.txt": _huge_title,
    "huge-summary.txt": _huge_summary,
    "binary.bin": _binary,
    "nul-flood.txt": _nul_flood,
}


def committed() -> list[Path]:
    """The small corpus files kept in the repository."""
    return sorted(p for p in CORPUS.iterdir() if p.suffix == ".txt")


def build(directory: Path) -> Path:
    """Write the whole corpus (committed and generated files) into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    for path in committed():
        shutil.copyfile(path, directory / path.name)
    for name, make in GENERATED.items():
        (directory / name).write_bytes(make())
    return directory


def manifest() -> dict[str, dict[str, Any]]:
    """Expected outcome per file name (see manifest.toml)."""
    with MANIFEST.open("rb") as handle:
        files: dict[str, dict[str, Any]] = tomllib.load(handle)["files"]
    return files


if __name__ == "__main__":
    print(build(Path(sys.argv[1] if len(sys.argv) > 1 else "corpus-out")))
