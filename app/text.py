"""Text rules shared by every part: how texts are folded before they are compared,
and when two spans are the same passage.

* `normalise` folds typographic quotes, apostrophes and runs of white space, and
  maps each folded character back to the original (quote location).
* `locate` finds a quote in a document's text with that folding.
* `id_key` is the folded form argument ids are derived from (stable ids).
* `fold` also drops accents and case (search).
* `lexicon_fold` lowers case and folds apostrophes and spaces one character for
  one, so that match positions stay those of the original (lexicon matching).
* `same_passage` is the one rule for "these two spans are the same passage".
* `symbol_font_free` writes the symbol-font characters word processors paste (Word's
  AutoCorrect turns "-->" into a Wingdings arrow in the private use area) as the
  Unicode characters they show, for labels drawn in ordinary fonts.
* `unsafe_character` is the one rule for which characters no text may hold (every
  loader refuses them), and `printable` the fallback that replaces them.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import unicodedata
import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.corpus import Document


TYPOGRAPHIC = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
        "“": '"',
        "”": '"',
        "«": '"',
        "»": '"',
        "„": '"',
        "\u00a0": " ",
        "\u202f": " ",
    }
)


_SPACE_RUN = re.compile(r"\s+")
_TYPOGRAPHIC_RE = re.compile("[" + "".join(chr(c) for c in TYPOGRAPHIC) + "]")


def _fold_char(m: re.Match) -> str:
    return TYPOGRAPHIC[ord(m.group())]


class _Where:
    """For each character of a folded text, the index of the original character it came
    from: folded index + characters dropped before it (kept as breakpoints, not a list)."""

    __slots__ = ("_at", "_shift")

    def __init__(self, at: list[int], shift: list[int]):
        self._at, self._shift = at, shift  # from folded index _at[k] on, add _shift[k]

    def __getitem__(self, i: int) -> int:
        k = bisect.bisect_right(self._at, i)
        return i + (self._shift[k - 1] if k else 0)


def normalise(text: str) -> tuple[str, _Where]:
    """Fold typographic quotes and white space; return the folded text and, for each
    of its characters, the index of the original character it came from."""
    translated = _TYPOGRAPHIC_RE.sub(_fold_char, text)
    pieces: list[str] = []
    at: list[int] = []
    shift: list[int] = []
    last = dropped = 0
    for m in _SPACE_RUN.finditer(translated):
        start, end = m.span()
        if end - start == 1 and translated[start] == " ":
            continue
        pieces.append(translated[last:start])
        pieces.append(" ")
        last = end
        if end - start > 1:
            at.append(start - dropped + 1)  # folded index of the character after the run
            dropped += end - start - 1
            shift.append(dropped)
    pieces.append(translated[last:])
    return "".join(pieces), _Where(at, shift)


def locate(quote: str, document: "Document", folded: tuple[str, _Where]) -> list[tuple[int, int]]:
    """Every (start, end) of `quote` in the document's body or comments, tolerating
    typographic quotes, apostrophes and white-space differences."""
    needle, _ = normalise(quote.strip())
    haystack, where = folded
    found = []
    i = haystack.find(needle)
    while i != -1 and needle:
        start, end = where[i], where[i + len(needle) - 1] + 1
        if document.segment_at(start, end) is not None:
            found.append((start, end))
        i = haystack.find(needle, i + 1)
    return found


def id_key(text: str) -> str:
    """`text` with typographic marks folded, white space collapsed and stripped, lower
    case: the form argument ids are derived from (changing it changes every id)."""
    return " ".join(text.translate(TYPOGRAPHIC).split()).lower()


def fold(text: str) -> str:
    """Lower case, without accents, typographic quotes or repeated spaces (search)."""
    decomposed = unicodedata.normalize("NFKD", normalise(text)[0])
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def lexicon_fold(text: str) -> str:
    """Lower case with typographic apostrophes and spaces folded one character for one,
    so that positions in the result are positions in `text` (lexicon matching)."""
    return (
        text.lower()
        .replace("’", "'")
        .replace("‘", "'")
        .replace("\u00a0", " ")
        .replace("\u202f", " ")
        .replace("\n", " ")
    )


def same_passage(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """How much two spans of one text overlap when they are the same passage (they
    overlap by at least half of the shorter), else 0."""
    overlap = min(a_end, b_end) - max(a_start, b_start)
    return overlap if overlap > 0 and overlap * 2 >= min(a_end - a_start, b_end - b_start) else 0


# Characters no page, JSON answer or XML export can carry: C0 controls but tab, line feed and
# carriage return (NUL among them), DEL, lone surrogates (not encodable as UTF-8) and the two
# non-characters XML refuses.
# Wingdings and Symbol code points as Word pastes them (U+F000 + the font's code), and
# the Unicode character each one shows; quotes keep the original bytes
_SYMBOL_FONT = str.maketrans({"\uf0e0": "→", "\uf0df": "←", "\uf0b7": "•", "\uf0a7": "▪"})


def symbol_font_free(text: str) -> str:
    """`text` with the symbol-font characters of `_SYMBOL_FONT` written as Unicode."""
    return text.translate(_SYMBOL_FONT)


_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def unsafe_character(text: str) -> tuple[int, str] | None:
    """The first character of `text` that no text may hold, as (index, what it is), else None."""
    found = _UNSAFE.search(text)
    if found is None:
        return None
    ch = found.group()
    if ch == "\x00":
        what = "a NUL character (U+0000)"
    elif "\ud800" <= ch <= "\udfff":
        what = f"a lone surrogate (U+{ord(ch):04X}), which is not valid Unicode text"
    else:
        what = f"the control character U+{ord(ch):04X}"
    return found.start(), what


def unsafe_problem(text: str) -> tuple[int, str] | None:
    """(line, message) for the first unsafe character of `text`, lines counted from 1."""
    found = unsafe_character(text)
    if found is None:
        return None
    at, what = found
    return text.count("\n", 0, at) + 1, f"contains {what}"


def printable(text: str) -> str:
    """`text` with every character no text may hold replaced by U+FFFD."""
    return _UNSAFE.sub("\ufffd", text)


# id -> weak reference of the records known to hold printable text only (see `vouch_printable`)
_VOUCHED: dict[int, weakref.ref] = {}


def vouch_printable(record):
    """Mark `record` (a dataclass instance) as holding printable text only, because the
    loader that made it refused anything else: `printable_everywhere` then takes it as it
    is instead of walking it again. Returns `record`."""
    key = id(record)
    _VOUCHED[key] = weakref.ref(record, lambda _, key=key: _VOUCHED.pop(key, None))
    return record


def vouched(record) -> bool:
    ref = _VOUCHED.get(id(record))
    return ref is not None and ref() is record


def printable_everywhere(value):
    """`value` (records: dataclasses, tuples, lists, dicts, strings) with `printable` applied to
    every string inside; unchanged objects, and vouched ones, are returned as they are."""
    if isinstance(value, str):
        return printable(value) if _UNSAFE.search(value) else value
    if isinstance(value, (tuple, list)):
        items = [printable_everywhere(v) for v in value]
        return value if all(a is b for a, b in zip(items, value)) else type(value)(items)
    if isinstance(value, dict):
        items = {printable_everywhere(k): printable_everywhere(v) for k, v in value.items()}
        same = all(a is b for a, b in zip(items.values(), value.values())) and items.keys() == value.keys()
        return value if same else items
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if vouched(value):
            return value
        changes = {}
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            new = printable_everywhere(old)
            if new is not old:
                changes[f.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    return value
