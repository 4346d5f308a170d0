"""Does one query's result lie inside another's?  Conservative, so narrowing is safe. Pure.

Typing mostly extends the last query: ``stal`` → ``stalin`` → ``stalin -lenin``.
When the new query provably matches a subset of the old one, the model
searches only the old result.  Every rule here is sound on its own; a pair
the rules cannot decide answers False (a full search, never a wrong one).
"""

from __future__ import annotations

from tui.query_nodes import And, Dates, Node, Not, Or, Text


def implies(new: Node, old: Node) -> bool:
    """True only if every article ``new`` matches is matched by ``old``."""
    if new == old:
        return True
    if isinstance(old, And):
        return all(implies(new, child) for child in old.children)
    if isinstance(new, Or):
        return all(implies(child, old) for child in new.children)
    if isinstance(new, And):
        return any(implies(child, old) for child in new.children)
    if isinstance(old, Or):
        return any(implies(new, child) for child in old.children)
    if isinstance(new, Not) and isinstance(old, Not):
        return implies(old.child, new.child)
    if isinstance(new, Dates) and isinstance(old, Dates):
        return _within(new, old)
    if isinstance(new, Text) and isinstance(old, Text):
        return _text_implies(new, old)
    return False


def _within(new: Dates, old: Dates) -> bool:
    """A date range inside another (both exclude undated articles)."""
    low_ok = old.low is None or (new.low is not None and new.low >= old.low)
    high_ok = old.high is None or (new.high is not None and new.high <= old.high)
    return low_ok and high_ok


def _covers(new: Text, old: Text) -> bool:
    """Every field ``new`` looks at is one ``old`` looks at."""
    if old.field is None:
        return new.field is None or new.field in old.fields
    return new.field == old.field


def _text_implies(new: Text, old: Text) -> bool:
    if old.kind == "fuzzy":
        # Letters in order of a longer string include those of any subsequence.
        if new.kind != "fuzzy" or not _covers(new, old):
            return False
        rest = iter(new.text)
        return all(char in rest for char in old.text)
    if old.kind not in ("substring", "word") or new.kind not in ("substring", "word"):
        return False
    if not _covers(new, old):
        return False
    if old.kind == "word":
        # A whole word is implied only by the same word (with anchors at most added).
        return new.kind == "word" and new.text == old.text and _anchors_kept(new, old)
    if old.start and old.end:
        return new.start and new.end and new.text == old.text
    if old.start:
        return new.start and new.text.startswith(old.text)
    if old.end:
        return new.end and new.text.endswith(old.text)
    # A plain old substring: anything that contains it contains the old one.
    return old.text in new.text


def _anchors_kept(new: Text, old: Text) -> bool:
    return (new.start or not old.start) and (new.end or not old.end)
