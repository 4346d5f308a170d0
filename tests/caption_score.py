"""Score a caption splitter on the labelled real summaries (tests/corpus/captions.toml).

``python -m tests.caption_score`` prints precision and recall of
:func:`tui.captions.split_caption` (the figures in the README), then the
misses.  A split counts as right only at the place the reader cut; a split
elsewhere, or where there is no caption, is a false positive; a caption left
whole, or cut elsewhere, is a false negative.
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CASES = Path(__file__).resolve().parent / "corpus" / "captions.toml"

Splitter = Callable[[str, str], tuple[str | None, str]]


def cases() -> list[dict[str, Any]]:
    with CASES.open("rb") as handle:
        found: list[dict[str, Any]] = tomllib.load(handle)["case"]
    return found


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0


def score(split: Splitter) -> Score:
    """How ``split`` does on every labelled case."""
    result = Score()
    for case in cases():
        text, want = case["text"], case["caption"] or None
        got = split(text, case.get("title", ""))[0]
        if got == want:
            result.true_positives += want is not None
            continue
        result.misses.append(f"{case['kind']:5} got {got!r}, want {want!r}: {text[:70]!r}")
        result.false_positives += got is not None
        result.false_negatives += want is not None
    return result


def main() -> int:
    from tui.captions import split_caption

    found = score(split_caption)
    total = len(cases())
    captions = sum(bool(c["caption"]) for c in cases())
    print(
        f"{total} cases, {captions} with a caption: precision {found.precision:.1%} "
        f"({found.true_positives}/{found.true_positives + found.false_positives}), "
        f"recall {found.recall:.1%} ({found.true_positives}/{captions})"
    )
    for miss in found.misses:
        print("  " + miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
