"""Paragraphs and whitespace: the small pure helpers every text stage shares."""
from __future__ import annotations

import re

# Characters that show nothing and say nothing: zero-width spaces and joiners,
# a stray byte-order mark, and control characters (a NUL left by a crash).
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0e-\x1f\x7f"
# A paragraph ends at a line that is blank (spaces, tabs, form feeds and
# invisible characters only). \r is kept in the text so offsets stay those
# of the file; it counts as a line break here.
_BLANK_LINE = re.compile(rf"(?:\r\n|\r(?!\n)|\n)(?:[^\S\r\n]|[{_INVISIBLE}])*(?=\r\n|\r|\n)")
_SPACE = re.compile(rf"[\s{_INVISIBLE}]+")
_BLANK = re.compile(rf"[\s{_INVISIBLE}]")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the paragraphs of ``text``, trimmed of surrounding blanks."""
    spans = []
    pos = 0
    for m in _BLANK_LINE.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    out = []
    for s, e in spans:
        s, e = strip_span(text, s, e)
        if e > s:
            out.append((s, e))
    return out


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) past leading and trailing whitespace."""
    while start < end and is_blank(text[start]):
        start += 1
    while end > start and is_blank(text[end - 1]):
        end -= 1
    return start, end


def is_blank(ch: str) -> bool:
    return _BLANK.match(ch) is not None


def fold(s: str) -> str:
    """Hard-wrapped lines joined, every run of whitespace one space."""
    return _SPACE.sub(" ", s).strip()


def line_of(text: str, offset: int) -> int:
    """1-based line number of ``offset`` (for file:line messages)."""
    return text.count("\n", 0, offset) + 1


# A word ending cut off by a space where an apostrophe was lost in conversion ("don t", "Ann s hat").
_LOST_APOSTROPHE = re.compile(r"(?<=[^\W\d_]) (?=(?:s|t|ll|re|ve|d|m)\b(?!['\u2019]))")
LOST_APOSTROPHES = 10  # that many in a text: its apostrophes were lost, not a word set apart


def with_apostrophes(text: str) -> str:
    """The text with apostrophes a conversion lost put back, each in place of
    the space it left ("don t" -> "don't"), so that every offset stays the
    same; the text itself when it shows no such loss."""
    if len(_LOST_APOSTROPHE.findall(text)) < LOST_APOSTROPHES:
        return text
    return _LOST_APOSTROPHE.sub("'", text)
