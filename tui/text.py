"""Text hygiene and folding for untrusted article text. Pure: no Textual import.

Two jobs live here because every other module depends on both being exact:

* :func:`sanitize` runs once at ingestion and guarantees no byte of a file can
  drive the terminal (escape sequences, C0/C1 controls, bidi overrides).
* :func:`fold` defines what "matches" means for search: case, accents and
  typographic variants are ignored.  It folds *per character*, so a position in
  folded text maps back to the original (see :func:`fold_with_map`), which
  match highlighting relies on.
"""

from __future__ import annotations

import re
import unicodedata

# A whole escape sequence is dropped, not just its ESC byte: the payload of an
# OSC 52 or OSC 8 sequence must not survive as visible (or re-assemblable) text.
# An ESC-introduced string runs to its terminator or the end of the line (a
# terminal would swallow it all).  A lone 8-bit introducer (U+0090, U+009D...)
# is far more often mis-decoded text than an attack, so its payload is only
# dropped when a terminator follows; otherwise just the character goes.
_ESCAPE_SEQ = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?              # CSI ... final byte
    | \x9b[0-?]*[ -/]*[@-~]?              # 8-bit CSI
    | \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC ... BEL/ST
    | \x9d[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)        # 8-bit OSC, terminated
    | \x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?  # DCS/SOS/PM/APC
    | [\x90\x98\x9e\x9f][^\x1b\x9c]*(?:\x1b\\|\x9c)   # 8-bit DCS/SOS/PM/APC, terminated
    | \x1b[ -/]*[0-~]?                    # other ESC sequences (ESC c, ESC 7 ...)
    """,
    re.VERBOSE,
)
# C0 (but tab and newline), DEL, C1, and the Unicode bidi controls.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Tabs and the Unicode line/paragraph separators (which ``str.splitlines`` and
# some renderers treat as line breaks) become plain spaces.
_SPACES = str.maketrans({"\t": " ", "\u2028": " ", "\u2029": " "})


def sanitize(line: str) -> tuple[str, int]:
    """Return ``line`` safe to show, and how many characters were removed.

    Tabs and line/paragraph separators become spaces; escape sequences
    vanish whole; any other control or bidi character is removed.  Callers
    turn a non-zero count into a warning.
    """
    if "\t" in line or "\u2028" in line or "\u2029" in line:
        line = line.translate(_SPACES)
    if not _UNSAFE.search(line):
        return line, 0
    before = len(line)
    line = _ESCAPE_SEQ.sub("", line)
    line = _UNSAFE.sub("", line)
    return line, before - len(line)


def is_safe(text: str) -> bool:
    """True when ``text`` holds no control, escape or bidi character (newlines allowed)."""
    return _UNSAFE.search(text) is None


# Typographic variants people do not type: quotes, dashes, spaces, ellipsis.
_VARIANTS: dict[str, str] = {
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u0060\u00b4\u02bc", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    **dict.fromkeys(
        "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " "
    ),
    **dict.fromkeys("\u200b\u2060\ufeff\u00ad", ""),
    "\u2026": "...",
}


def fold_char(char: str) -> str:
    """Fold one character: variants, then accents stripped, then case folded."""
    variant = _VARIANTS.get(char)
    if variant is not None:
        return variant
    decomposed = unicodedata.normalize("NFKD", char)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = stripped.casefold()
    if len(folded) == 1 or not folded:
        return folded
    return "".join(_VARIANTS.get(c, c) for c in folded)


class _FoldTable(dict[int, str]):
    """A ``str.translate`` table that computes each character's fold once."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        self[code] = folded
        return folded


_TABLE = _FoldTable()
for _code in range(128):
    _TABLE[_code] = fold_char(chr(_code))


def fold(text: str) -> str:
    """Fold ``text`` for matching; equal to joining :func:`fold_char` per char."""
    if text.isascii():
        # ASCII folds to lower case except the backtick, which is a quote.
        return text.lower().replace("`", "'") if "`" in text else text.lower()
    return text.translate(_TABLE)


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` and map each folded index to its original index.

    ``mapping`` has one more entry than the folded text so that a match's end
    (exclusive) maps too.  When every character folds to exactly one (all of
    ASCII, most of the rest), the map is the identity and the text is folded
    in C; only text with an expanding or vanishing character takes the loop.
    """
    if text.isascii() or all(len(_TABLE[ord(c)]) == 1 for c in set(text) if not c.isascii()):
        return fold(text), list(range(len(text) + 1))
    parts: list[str] = []
    mapping: list[int] = []
    for index, char in enumerate(text):
        folded = _TABLE[ord(char)]
        parts.append(folded)
        mapping.extend([index] * len(folded))
    mapping.append(len(text))
    return "".join(parts), mapping


def original_span(mapping: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a folded ``[start, end)`` span back to the original text's span."""
    if end <= start:
        return mapping[start], mapping[start]
    return mapping[start], mapping[end - 1] + 1


def shorten(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` characters with an ellipsis (for messages)."""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def char_width(char: str) -> int:
    """Terminal cells one character takes (wide CJK 2, combining 0)."""
    if char.isascii():
        return 1
    if unicodedata.combining(char) or char in "\u200b\u200c\u200d\u2060\ufeff":
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def cell_width(text: str) -> int:
    """Terminal cells ``text`` takes, without importing Rich (the CLI stays light)."""
    if text.isascii():
        return len(text)
    return sum(char_width(c) for c in text)


def fit(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` cells, marking a cut with an ellipsis."""
    if cell_width(text) <= width:
        return text
    out: list[str] = []
    used = 0
    for char in text:
        w = char_width(char)
        if used + w > width - 1:
            break
        out.append(char)
        used += w
    return "".join(out) + "…"
