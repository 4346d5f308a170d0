"""The rules for what goes into the reader-state database and what comes out
of it. Pure: no Textual import.

Going in, a value that breaks a rule is refused with a message that says
which (:class:`BadValue`).  Coming out, the file is untrusted (any program
can write it): names that address rows — tags, saved-search names, setting
names, keys — are used only when they are *exactly* valid, so a tampered row
is ignored rather than shown under a cleaned-up alias that no command could
reach; free text — queries, history, setting values — is sanitised with
:func:`tui.text.sanitize` and bounded in length and shape.
"""

from __future__ import annotations

import json
import math
import unicodedata
from collections.abc import Iterable
from typing import TypeAlias

from tui.identity import GLOBAL_SCOPE, is_key
from tui.store_errors import BadValue
from tui.text import is_safe, sanitize, shorten

Json: TypeAlias = "bool | int | float | str | list[Json] | dict[str, Json] | None"

MAX_TAG = 40
MAX_NAME = 60
MAX_QUERY = 2000
MAX_SETTING_NAME = 64
# A setting's value as JSON text, and how deeply it may nest.
MAX_SETTING_BYTES = 64 * 1024
MAX_SETTING_DEPTH = 16
# Besides letters, digits and combining marks, a tag may hold these.
TAG_PUNCTUATION = "-_.+#/"


def _shown(text: str) -> str:
    """``text`` safe and short enough to quote in a message."""
    return shorten(sanitize(text)[0], 40)


def normalize_tag(text: str) -> str:
    """The tag ``text`` names: one word of letters, digits and ``- _ . + # /``,
    starting with a letter or digit, at most :data:`MAX_TAG` characters, in
    NFC and case-folded (so ``History`` and ``history`` are one tag)."""
    tag = unicodedata.normalize("NFC", text.strip()).casefold()
    if not tag:
        raise BadValue("A tag cannot be empty.")
    if any(c.isspace() for c in tag):
        raise BadValue(f'A tag is one word: "{_shown(tag)}" has a space.')
    if len(tag) > MAX_TAG:
        raise BadValue(f"A tag has at most {MAX_TAG} characters ({len(tag)} given).")
    for index, char in enumerate(tag):
        kind = unicodedata.category(char)[0]
        if kind in "LN" or (index and (kind == "M" or char in TAG_PUNCTUATION)):
            continue
        where = "start with" if index == 0 else "hold"
        raise BadValue(
            f"A tag must {where} a letter or digit"
            f"{'' if index == 0 else ' or one of ' + ' '.join(TAG_PUNCTUATION)}: "
            f'"{_shown(tag)}" has "{_shown(char) or "a control character"}".'
        )
    return tag


def _one_line(text: str, what: str, limit: int) -> str:
    """``text`` stripped, refused when empty, too long, multi-line or unsafe."""
    text = text.strip()
    if not text:
        raise BadValue(f"A {what} cannot be empty.")
    if len(text) > limit:
        raise BadValue(f"A {what} has at most {limit} characters ({len(text)} given).")
    if "\n" in text or "\r" in text or not is_safe(text):
        raise BadValue(f"A {what} is one line of text, without control characters.")
    return text


def check_name(name: str) -> str:
    """A saved search's name, stripped; :class:`BadValue` when unusable."""
    return _one_line(name, "saved search name", MAX_NAME)


def check_query(query: str) -> str:
    """A query to save or remember, stripped; :class:`BadValue` when unusable."""
    return _one_line(query, "query", MAX_QUERY)


def check_setting_name(name: str) -> str:
    """A setting's name: lower-case ASCII letters, digits and ``_ . -``."""
    ok = 0 < len(name) <= MAX_SETTING_NAME and name[0].isalpha()
    if not (ok and name.isascii() and all(c.islower() or c.isdigit() or c in "_.-" for c in name)):
        raise BadValue(f'Not a setting name: "{_shown(name)}".')
    return name


def check_scope(scope: str) -> str:
    """The global scope or a listings scope (:func:`tui.identity.listings_scope`)."""
    if scope != GLOBAL_SCOPE and not is_key(scope):
        raise BadValue(f'Not a settings scope: "{_shown(scope)}".')
    return scope


def check_keys(keys: Iterable[str]) -> list[str]:
    """Article keys, each as :func:`tui.identity.article_key` makes them."""
    if isinstance(keys, str):
        raise BadValue("Article keys come as a collection, not one string.")
    checked = list(keys)
    for key in checked:
        if not is_key(key):
            raise BadValue(f'Not an article key: "{_shown(str(key))}".')
    return checked


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def encode_setting(value: Json) -> str:
    """``value`` as the JSON text stored; :class:`BadValue` when it is not
    plain JSON (finite numbers, string keys) or too large."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError, RecursionError) as error:
        raise BadValue(f"A setting's value must be plain JSON: {_shown(str(error))}.") from None
    if len(text.encode("utf-8")) > MAX_SETTING_BYTES:
        raise BadValue(f"A setting's value is at most {MAX_SETTING_BYTES // 1024} KiB as JSON.")
    try:
        clean_setting(text)  # what could not be read back is not written
    except ValueError as error:
        raise BadValue(f"A setting's value must be plain JSON: {_shown(str(error))}.") from None
    return text


def _clean(value: object, depth: int) -> Json:
    """``value`` (parsed JSON) with every string sanitised; ValueError when too deep."""
    if depth > MAX_SETTING_DEPTH:
        raise ValueError("nested too deeply")
    if isinstance(value, str):
        return sanitize(value)[0]
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        return value
    if isinstance(value, list):
        return [_clean(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {sanitize(str(k))[0]: _clean(v, depth + 1) for k, v in value.items()}
    raise ValueError(f"unexpected {type(value).__name__}")


def clean_setting(raw: object) -> Json:
    """A stored setting's value, sanitised; ValueError when it is not valid JSON
    text within the limits."""
    if not isinstance(raw, str) or len(raw) > MAX_SETTING_BYTES:
        raise ValueError("not a setting value")
    try:
        parsed = json.loads(raw, parse_constant=_reject_constant)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    return _clean(parsed, 0)


def clean_text(raw: object, limit: int) -> str | None:
    """Stored free text (a query), sanitised; None when unusable (not text,
    empty, longer than ``limit``, several lines)."""
    if not isinstance(raw, str) or len(raw) > limit:
        return None
    text = sanitize(raw)[0].strip()
    if not text or "\n" in text or "\r" in text:
        return None
    return text


def valid_tag(raw: object) -> str | None:
    """A stored tag when it is exactly a valid one, else None."""
    if not isinstance(raw, str) or len(raw) > MAX_TAG:
        return None
    try:
        return raw if normalize_tag(raw) == raw else None
    except BadValue:
        return None


def valid_name(raw: object) -> str | None:
    """A stored saved-search name when it is exactly a valid one, else None."""
    if not isinstance(raw, str) or len(raw) > MAX_NAME:
        return None
    try:
        return raw if check_name(raw) == raw else None
    except BadValue:
        return None
