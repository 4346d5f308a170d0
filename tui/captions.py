"""Split image alt-text glued onto the start of a summary. Pure: no Textual.

Publishers' pages put an image before the text; saving the page as text glues
the image's alt-text to the first word with no space:
``Trotskyist Left Opposition 1927 Public DomainBelow we publish...``.  The glue
point is a lower-case letter or digit followed by a capitalised word.  Words
that are merely mixed-case (LaTeX, DeepMind, McDonald's, eBay, WikiLeaks) have
the same shape, so a split needs evidence: the word after the glue is a common
sentence opener, or the glued token looks like a file name (digit, dash, _).
"""

from __future__ import annotations

import re

# Words that open English sentences in summaries; mixed-case brand and
# software names do not end in one of these.
STARTERS = frozenset(
    """
    a about above according across after against all along also although amid among an and
    another any are as at back because before being below between both but by can despite
    did do does down during each earlier even every few first five following for four from
    further he her here his how i if in inside instead into is it its just last late later
    let many more most much my new next nine no not now of on once one only or our out
    outside over part read recently see seven several she since six so some soon ten that
    the their then there these they this those though three through throughout to today
    tomorrow two under until up was we what when where which while who whom why will with
    within without yesterday yet you your
    """.split()  # noqa: SIM905 - a word list reads better as text
)

# A glue point's capital (its start is the glue point).  Matching the capital
# first lets the regex engine skip ahead to capitals, which are rare.
_GLUE = re.compile(r"[A-Z](?<=[a-z0-9][A-Z])[a-z]")
_WORD = re.compile(r"[A-Za-z]+")
_FILE_LIKE = re.compile(r"[0-9_\-.]")
# Captions are short: look only this far into a summary.
_MAX_CAPTION = 160


def split_caption(text: str) -> tuple[str | None, str]:
    """Return ``(caption, summary)``; ``caption + summary == text`` always.

    The first space-separated token of the first ``_MAX_CAPTION`` characters
    that holds glue points is cut at its last one, given the evidence above.
    """
    head = min(len(text), _MAX_CAPTION)
    glue = _GLUE.search(text, 0, head)
    if glue is None:
        return None, text  # the common case, found in C: no glue point at all
    token = text.rfind(" ", 0, glue.start()) + 1
    end = text.find(" ", glue.start(), head)
    if end < 0:
        end = head
    while True:  # the token's last glue point
        later = _GLUE.search(text, glue.end() - 1, end)
        if later is None:
            break
        glue = later
    cut = glue.start()
    if end == head and len(text) > head:
        return None, text  # the token may go on past the part looked at
    word = _WORD.match(text, cut)
    first = word.group().lower() if word else ""
    if first in STARTERS or _FILE_LIKE.search(text, token, cut):
        return text[:cut], text[cut:]
    return None, text
