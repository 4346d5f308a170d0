"""Score a caption splitter on the labelled real summaries (tests/corpus/captions.toml).

``python -m tests.caption_score`` prints precision and recall of
:func:`tui.captions.split_caption` (the figures in the README), then the
misses; ``--lexicons`` compares other packages' word lists where installed.
A split counts as right only at the place the reader cut; a split elsewhere,
or where there is no caption, is a false positive; a caption left whole, or
cut elsewhere, is a false negative.
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CASES = Path(__file__).resolve().parent / "corpus" / "captions.toml"
# Sentences around mixed-case names (issue 9's list): no caption in any.
NAMES = (
    "McDonald's workers strike.",
    "iPhone sales fell.",
    "eBay sellers protest.",
    "LaTeX is a typesetting system.",
    "DeepMind has built a model.",
    "WikiLeaks published the cables.",
    "PhD students strike.",
    "JavaScript runs everywhere.",
    "YouTube removed the video.",
    "MacArthur's army landed.",
    "GitHub hosts the code.",
    "The new DeepMind model is here.",
    "Workers at McDonald's and on YouTube say GitHub and eBay pay too little.",
    "A new iPhone costs more.",
)

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


def _report(name: str, split: Splitter) -> Score:
    found = score(split)
    named = [s for s in NAMES if split(s, "")[0] is not None]
    print(
        f"{name}: precision {found.precision:.1%} "
        f"({found.true_positives}/{found.true_positives + found.false_positives}), "
        f"recall {found.recall:.1%} ({found.true_positives}/"
        f"{found.true_positives + found.false_negatives}); "
        f"names split {len(named)}/{len(NAMES)}{': ' if named else ''}{'; '.join(named)}"
    )
    return found


def _counts(name: str) -> dict[str, int] | None:
    """Word counts from another package's data file, if it is installed."""
    import gzip
    import json
    from importlib.util import find_spec

    spec = find_spec(name)
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent
    counts: dict[str, int] = {}
    if name == "symspellpy":
        for line in (folder / "frequency_dictionary_en_82_765.txt").open(encoding="utf-8"):
            word, count = line.split()
            counts[word] = int(count)
    elif name == "spellchecker":
        with gzip.open(folder / "resources" / "en.json.gz", "rt", encoding="utf-8") as handle:
            counts = json.load(handle)
    elif name == "wordsegment":
        for line in (folder / "unigrams.txt").open(encoding="utf-8"):
            word, count = line.split("\t")
            counts[word] = int(count)
    return counts


def main(argv: list[str]) -> int:
    """Score split_caption; with --lexicons, also with the word lists of
    symspellpy, pyspellchecker and wordsegment (where installed) and none."""
    import math

    from tui import captions

    total = len(cases())
    print(f"{total} cases, {sum(bool(c['caption']) for c in cases())} with a caption")
    found = _report("wordfreq (tui.captions)", captions.split_caption)
    for miss in found.misses:
        print("  " + miss)
    if "--lexicons" not in argv:
        return 0
    wordfreq = captions.lexicon()
    try:
        for name in ("symspellpy", "spellchecker", "wordsegment", "none"):
            counts = {} if name == "none" else _counts(name)
            if counts is None:
                print(f"{name}: not installed")
                continue
            all_words = sum(counts.values()) or 1
            zipf = {w: math.log10(c / all_words * 1e9) for w, c in counts.items() if c > 0}
            captions._lexicon = (
                dict.fromkeys(w for w, z in zipf.items() if z >= captions.KNOWN_ZIPF),
                dict.fromkeys(w for w, z in zipf.items() if z >= captions.COMMON_ZIPF),
            )
            _report(name, captions.split_caption)
    finally:
        captions._lexicon = wordfreq
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
