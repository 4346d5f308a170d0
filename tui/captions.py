"""Split image alt-text glued onto the start of a summary. Pure: no Textual.

Saving a publisher's page as text glues an image's alt-text or file name to
the summary's first word, with no space between: ``Public DomainBelow we
publish…``, ``russian-revolution-thFrom…``, ``Serbian retreat WWIWhile…``,
``spain-congress“I’d like…``.  A *glue point* is where a capitalised word
follows, with no space, a lower-case letter or digit, an all-capitals run, or
``.`` ``)`` ``]`` ``!`` ``?``; or where an opening quote follows a letter,
digit or ``.``.

Mixed-case names have the same shape (McDonald's, iPhone, DeepMind, GitHub),
so a split needs evidence, any of:

1. the text starts with the article's own title (``…95 years onSometimes``);
2. an opening quote glued to a word (prose puts a space before one);
3. the glued token looks like a file name: a digit, or a ``-``, ``_`` or
   ``.`` before a lower-case part (not ``anti-McCarthy``);
4. the word after the glue point is a common English word while the glued
   word is no word at all (``mxFifty``, ``Karl MarxArticles``), judged by
   word frequencies from wordfreq, read when the first such case comes up.

A token is cut at its last glue point; the first token that has evidence wins.
"""

from __future__ import annotations

import itertools
import os
import re
import zlib
from typing import Any

# Latin-1 letters too: captions and summaries are not all English.
_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
_QUOTES = '“"‘«'
# A glue point's capital or quote (its start is the glue point).  Matching the
# capital first lets the regex engine skip ahead to capitals, which are rare.
# (One character set first, so that the engine scans for it in C.)
_GLUE = re.compile(
    rf"[{_UP}{_QUOTES}]"
    rf"(?:(?<=[{_LO}{_UP}0-9.)\]!?][{_UP}])[{_LO}]|(?<=[{_LO}{_UP}0-9.][{_QUOTES}])[{_UP}0-9¿¡])"
)
# The capitalised word after a glue point, whole (no letter or digit follows).
_RIGHT = re.compile(rf"[{_UP}][{_LO}]+(?![^\W_])")
# A file name before a glue point: a digit, or a "-", "_" or "." that starts
# a lower-case part ("russian-revolution-thFrom"), unlike a hyphenated name
# ("anti-McCarthy", "pro-YouTube").
_FILE_LIKE = re.compile(rf"[-_.0-9](?:(?<=[0-9])|[{_LO}][^-_.]*\Z)")  # (a set first: scanned in C)
_LOWER = frozenset("abcdefghijklmnopqrstuvwxyzßàáâãäåæçèéêëìíîïðñòóôõöøùúûüýþÿ0123456789")
_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖØÙÚÛÜÝÞ")
# Captions are short: look only this far into a summary (plus the rest of the
# token there, at most _SPILL characters).
_MAX_CAPTION = 160
_SPILL = 80
# A title this short is weak evidence (a summary may well start with "Cuba").
_MIN_TITLE = 10

# The word after a glue point must be at least this common (Zipf scale: 3 is
# once per million words; "ecstatic" 3.4, "fifty" 4.3, "the" 7.7) ...
COMMON_ZIPF = 3.0
# ... and the glued word at most this common (DeepMind 2.2, GitHub 3.2,
# WikiLeaks 3.5 are words; "bellon" 1.3, "mxfifty" never seen).
KNOWN_ZIPF = 2.0
# wordfreq's English list: bin i holds the words whose frequency, in
# centibels, rounds to -i (Zipf 9 - i/100), after a header.
_WORDLIST = ("data", "large_en.msgpack.gz")
_HEADER = {"format": "cB", "version": 1}
_CHUNK = 1 << 16

# (Dicts of str keys, values None, rather than frozensets: the garbage
# collector does not track them, so its full passes do not walk 125,000
# entries while a large listing's articles are being built.)
Words = dict[str, None]
_lexicon: tuple[Words, Words] | None = None


def split_caption(text: str, title: str = "") -> tuple[str | None, str]:
    """Return ``(caption, summary)``; ``caption + summary == text`` always."""
    glue = _GLUE.search(text, 0, _MAX_CAPTION)
    if glue is None:
        return None, text  # the common case, found in C: no glue point at all
    if len(title) >= _MIN_TITLE and text.startswith(title):
        cut = _after_title(text, len(title))
        if cut is not None:
            return text[:cut], text[cut:]
    head = _MAX_CAPTION
    candidate = glue.start()
    while True:
        token = text.rfind(" ", 0, candidate) + 1
        end = text.find(" ", candidate, head)
        if end < 0:  # the token at the limit: looked at whole
            end = text.find(" ", candidate, head + _SPILL)
            if end < 0:
                if len(text) > head + _SPILL:
                    return None, text  # too long a token for a caption's
                end = len(text)
            head = end
        while (later := _GLUE.search(text, candidate + 1, end)) is not None:
            candidate = later.start()  # the token's last glue point
        if _evidence(text, token, candidate):
            return text[:candidate], text[candidate:]
        glue = _GLUE.search(text, end, head)
        if glue is None:
            return None, text
        candidate = glue.start()


def _after_title(text: str, start: int) -> int | None:
    """The glue point of a caption that repeats the title: right after it, or
    the first one within a caption's length of it."""
    char = text[start : start + 1]
    if char and (char in _UPPER or char in _QUOTES) and not text[start - 1].isspace():
        return start
    glue = _GLUE.search(text, start, min(len(text), start + _MAX_CAPTION))
    return None if glue is None else glue.start()


def _evidence(text: str, token: int, cut: int) -> bool:
    """Whether the glue point ``cut`` of the token starting at ``token`` splits."""
    if text[cut] in _QUOTES:
        return True  # an opening quote glued to a word
    before = text[cut - 1]
    right = _RIGHT.match(text, cut)
    if right is None:
        return False  # "LaTeX": not a whole word after the glue point
    if before in _LOWER or before in _UPPER:
        # An all-capitals run ("WWIWhile") needs two capitals and a word of
        # three letters: "PDFs", "CEOs" end in no word.
        if before in _UPPER and (
            cut - token < 2 or text[cut - 2] not in _UPPER or right.end() - cut < 3
        ):
            return False
        if _FILE_LIKE.search(text, token, cut):
            return True
    else:  # ". ) ] ! ?": a sentence run on ("Raoof.The"), no glued word to test
        if before == "." and (cut < 2 or text[cut - 2] not in _LOWER):
            return False  # "U.S.Army", ".NET"
        return right.group().lower() in lexicon()[1]
    start = cut
    while start > token and text[start - 1].isalpha():
        start -= 1
    known, common = lexicon()
    return right.group().lower() in common and text[start : right.end()].lower() not in known


def lexicon() -> tuple[Words, Words]:
    """``(known, common)``: English words of Zipf frequency at least
    KNOWN_ZIPF and COMMON_ZIPF, read once, on first need (about 0.05 s)."""
    global _lexicon
    if _lexicon is None:
        _lexicon = _load_lexicon()
    return _lexicon


def _load_lexicon() -> tuple[Words, Words]:
    try:
        bins = _read_bins()
    except Exception:  # a changed or damaged data file: wordfreq's own reader
        bins = None
    if bins is not None:
        words = itertools.chain.from_iterable
        known = dict.fromkeys(words(bins[: _bin(KNOWN_ZIPF) + 1]))
        return known, dict.fromkeys(words(bins[: _bin(COMMON_ZIPF) + 1]))
    try:
        import wordfreq

        frequencies: dict[str, float] = wordfreq.get_frequency_dict("en", wordlist="large")
    except Exception:  # not installed: the word test never fires
        return {}, {}
    known_at, common_at = 10 ** (KNOWN_ZIPF - 9), 10 ** (COMMON_ZIPF - 9)
    return (
        dict.fromkeys(w for w, f in frequencies.items() if f >= known_at * 0.999),
        dict.fromkeys(w for w, f in frequencies.items() if f >= common_at * 0.999),
    )


def _bin(zipf: float) -> int:
    return round((9 - zipf) * 100)


def _wordlist_path() -> str | None:
    """Where wordfreq keeps its English list, found without importing it
    (its import alone takes longer than reading the list)."""
    from importlib.util import find_spec

    spec = find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return None
    return os.path.join(os.path.dirname(spec.origin), *_WORDLIST)


def _read_bins() -> list[list[str]] | None:
    """The bins of wordfreq's English list, as far as KNOWN_ZIPF, in its
    documented cBpack form (a msgpack'd list: a header, then the bins), or
    None when it is not there.  Only the part needed is decompressed and
    unpacked: the rarer two thirds of the words never become strings."""
    path = _wordlist_path()
    if path is None:
        return None
    import msgpack

    with open(path, "rb") as handle:
        data = handle.read()
    inflate = zlib.decompressobj(wbits=31)  # gzip
    unpacker = msgpack.Unpacker(raw=False)
    wanted = _bin(KNOWN_ZIPF) + 1
    bins: list[list[str]] = []
    stage = 0  # 0: the list's length next, 1: the header, 2: bins
    for start in range(0, len(data) + _CHUNK, _CHUNK):
        chunk = data[start : start + _CHUNK]
        unpacker.feed(inflate.decompress(chunk) if chunk else inflate.flush())
        try:
            if stage == 0:
                if unpacker.read_array_header() < wanted:
                    raise ValueError("not a cBpack word list")
                stage = 1
            if stage == 1:
                if unpacker.unpack() != _HEADER:
                    raise ValueError("not a cBpack word list")
                stage = 2
            while len(bins) < wanted:
                found: Any = unpacker.unpack()
                if not isinstance(found, list):
                    raise ValueError("not a cBpack word list")
                bins.append(found)
            return bins
        except msgpack.OutOfData:
            continue
    raise ValueError("a cBpack word list cut short")


def lexicon_version() -> str:
    """Identifies the word data (caches of split results key on it)."""
    try:
        path = _wordlist_path()
        info = os.stat(path) if path else None
    except (OSError, ValueError, ImportError):
        info = None
    if info is None:
        return "no-wordlist"
    return f"{zlib.crc32(os.fsencode(path or '')):08x}-{info.st_size}-{info.st_mtime_ns}"
