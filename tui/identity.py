"""Stable keys for articles and for sets of listings. Pure: no Textual import.

Reader state (read, starred, tags) must follow an article when its listing is
saved again with other line numbers, moved, or when the same article appears
in two listings, so its key is built from what the article *is* — its folded
title, author and date — never from a path or a line.  Folding (case, accents,
typographic quotes and dashes, see :func:`tui.text.fold`) and collapsing
whitespace runs keep a key stable across the cosmetic differences two saves
of one page show.  Changing this function changes every key: that needs a
store migration.

Per-listings settings (sort, last query, selected article) are keyed by
:func:`listings_scope`, a hash of the sorted resolved listing paths.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from tui.listing import Article
from tui.text import fold

# 16 bytes of BLAKE2b: 32 hex digits, collision-free for any real archive.
_DIGEST_SIZE = 16
KEY_LENGTH = 2 * _DIGEST_SIZE
# Between the fields hashed (a control character: never in sanitised text).
_FIELD_SEP = "\x1f"
# Between texts folded in one call (a control character, like _FIELD_SEP).
_BULK_SEP = "\x1e"
_KEY_SHAPE = re.compile(f"[0-9a-f]{{{KEY_LENGTH}}}")
# The global settings scope, beside per-listings ones.
GLOBAL_SCOPE = ""


def _normal(text: str) -> str:
    """Folded, with whitespace runs collapsed to one space and no edges."""
    return " ".join(fold(text).split())


def _normals(texts: Sequence[str]) -> list[str]:
    """:func:`_normal` of each text, folding them all in one call (a fifth of
    the per-article cost for 100k articles)."""
    parts = fold(_BULK_SEP.join(texts)).split(_BULK_SEP)
    if len(parts) != len(texts):  # a text held the separator: fold one by one
        parts = [fold(text) for text in texts]
    return [" ".join(part.split()) for part in parts]


def _digest(title: str, author: str, iso_date: str) -> str:
    """The key of already normalised fields."""
    data = _FIELD_SEP.join((title, author, iso_date.strip())).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=_DIGEST_SIZE).hexdigest()


def article_key(title: str, author: str, iso_date: str) -> str:
    """The key of the article with this title, author and ``YYYY-MM-DD`` date
    (empty when unknown): hex, :data:`KEY_LENGTH` characters."""
    return _digest(_normal(title), _normal(author), iso_date)


def key_of(article: Article) -> str:
    """The key of one parsed article."""
    return article_key(article.title, article.author, article.iso_date)


def keys_of(articles: Iterable[Article]) -> list[str]:
    """The keys of many articles, in order."""
    listed = list(articles)
    return keys_for(
        [a.title for a in listed], [a.author for a in listed], [a.iso_date for a in listed]
    )


def keys_for(titles: Sequence[str], authors: Sequence[str], iso_dates: Sequence[str]) -> list[str]:
    """The keys of articles held as columns (as the search engine holds them)."""
    if not len(titles) == len(authors) == len(iso_dates):
        raise ValueError("keys_for: the three columns differ in length")
    return list(map(_digest, _normals(titles), _normals(authors), iso_dates))


def is_key(value: object) -> bool:
    """True for a string shaped like an article key (or a listings scope)."""
    return isinstance(value, str) and _KEY_SHAPE.fullmatch(value) is not None


def _resolve(path: str | os.PathLike[str]) -> str:
    """The absolute, symlink-free path; just absolute when resolving fails (a loop)."""
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return os.path.abspath(path)


def listings_scope(paths: Iterable[str | os.PathLike[str]]) -> str:
    """The settings scope of a set of listings: order, duplicates and the way
    a path was spelled (relative, via a symlink) do not change it.  Never
    :data:`GLOBAL_SCOPE`, even for no paths."""
    resolved = sorted({os.fsencode(_resolve(p)) for p in paths})
    return hashlib.blake2b(b"\0".join(resolved), digest_size=_DIGEST_SIZE).hexdigest()
