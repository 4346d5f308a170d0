"""A trigram prefilter over the folded haystacks. Pure: no Textual import.

Every folded haystack is read as UTF-8 bytes; each byte trigram is hashed into
one of ``buckets`` rows, and each row is a packed bitset over the articles (a
bit set when the article holds a trigram of that bucket).  A literal's
candidates are the AND of its trigrams' rows: a superset of the articles that
contain it (hash collisions only add false positives, never drop a match), so
callers verify each candidate exactly.  A substring match in UTF-8 bytes is a
match in the text (UTF-8 is self-synchronising), which is why bytes suffice.

Memory is ``buckets × N / 8`` bytes (4096 buckets at 100,000 articles: 51 MB);
building is vectorised per chunk of articles, and numpy releases the GIL for
most of it, so a background build leaves the UI thread free.  numpy is
imported here only, and this module only when an index is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

# Knuth's multiplicative hash: the top bits of trigram × this are well mixed.
_GOLDEN = np.uint32(2654435761)
# The bitmap's budget: rows shrink (fewer buckets) for huge archives.
_BUDGET_BYTES = 64 * 1024 * 1024
_MAX_BUCKETS = 4096
_MIN_BUCKETS = 512
# Articles per build step: bounds the transient arrays (about 40 bytes per
# haystack byte of the chunk) so building never dominates peak memory.
_CHUNK = 2048


def bucket_count(articles: int) -> int:
    """Buckets (a power of two) that keep the bitmap within the budget."""
    buckets = _MAX_BUCKETS
    while buckets > _MIN_BUCKETS and buckets * ((articles + 7) // 8) > _BUDGET_BYTES:
        buckets //= 2
    return buckets


def _hashes(data: np.ndarray[Any, np.dtype[np.uint8]], shift: int) -> np.ndarray[Any, Any]:
    """The bucket of every byte trigram starting in ``data`` (length len - 2)."""
    wide = data.astype(np.uint32)
    grams = (wide[:-2] << 16) | (wide[1:-1] << 8) | wide[2:]
    return (grams * _GOLDEN) >> np.uint32(shift)


class TrigramIndex:
    """Hashed trigram → packed article bitset; see the module docstring."""

    def __init__(self, bits: np.ndarray[Any, np.dtype[np.uint8]], size: int) -> None:
        self.bits = bits
        self.size = size
        self.buckets = bits.shape[0]
        self._shift = 32 - (self.buckets.bit_length() - 1)

    @classmethod
    def build(cls, haystacks: Sequence[str], buckets: int | None = None) -> TrigramIndex:
        """Index ``haystacks`` (folded text per article)."""
        size = len(haystacks)
        buckets = buckets or bucket_count(size)
        if buckets & (buckets - 1):
            raise ValueError("buckets must be a power of two")
        shift = 32 - (buckets.bit_length() - 1)
        bits = np.zeros((buckets, (size + 7) // 8), dtype=np.uint8)
        dense = np.zeros((buckets, _CHUNK), dtype=np.bool_)
        for start in range(0, size, _CHUNK):
            encoded = [h.encode() for h in haystacks[start : start + _CHUNK]]
            count = len(encoded)
            # A zero byte between articles: trigrams across it only add
            # harmless false positives to the article they start in.
            data = np.frombuffer(b"\0".join(encoded) + b"\0\0", dtype=np.uint8)
            lengths = np.fromiter((len(e) + 1 for e in encoded), np.int64, count)
            owner = np.repeat(np.arange(count, dtype=np.int32), lengths)
            dense[:] = False
            dense[_hashes(data, shift), owner[: len(data) - 2]] = True
            packed = np.packbits(dense[:, :count], axis=1, bitorder="little")
            bits[:, start // 8 : start // 8 + packed.shape[1]] = packed
        return cls(bits, size)

    def rows(self, literal: str) -> np.ndarray[Any, np.dtype[np.uint8]] | None:
        """The packed bitset of articles that may contain ``literal``, or None."""
        data = literal.encode()
        if len(data) < 3:
            return None
        hashes = np.unique(_hashes(np.frombuffer(data, dtype=np.uint8), self._shift))
        packed: np.ndarray[Any, np.dtype[np.uint8]] = np.bitwise_and.reduce(
            self.bits[hashes], axis=0
        )
        return packed

    def mask(self, literal: str) -> np.ndarray[Any, np.dtype[np.bool_]] | None:
        """One flag per article: may it contain ``literal``?  None if too short."""
        packed = self.rows(literal)
        if packed is None:
            return None
        return np.unpackbits(packed, count=self.size, bitorder="little").view(np.bool_)

    def candidates(self, literal: str) -> frozenset[int] | None:
        """Articles whose folded haystack may contain the folded ``literal``
        (a superset, never missing one); None when the literal is too short.
        A set, so that each membership test the evaluator makes runs in C."""
        mask = self.mask(literal)
        if mask is None:
            return None
        return frozenset(np.flatnonzero(mask).tolist())

    @property
    def nbytes(self) -> int:
        """Memory the bitmap takes."""
        return int(self.bits.nbytes)
