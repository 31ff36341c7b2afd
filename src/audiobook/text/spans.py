"""Paragraphs and whitespace: the small pure helpers every text stage shares."""
from __future__ import annotations

import bisect
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
    """Spans of the paragraphs of ``text``, trimmed of surrounding blanks.

    A blank line ends a paragraph. A text with none, or that keeps them for
    chapters and scenes only (many lines to each blank-line block), marks its
    paragraphs another way: hard-wrapped, by indenting each paragraph's first
    line; else one line each, as a word processor saves them, when nearly
    every line ends a sentence."""
    blocks = _split(text, 0, len(text), _BLANK_LINE)
    lines = _split(text, 0, len(text), LINE_BREAK)
    if len(lines) < LINES_PER_BLOCK * len(blocks):
        return blocks
    indented = [s for s, _ in lines if indent(text, s)]
    if 0 < len(indented) < len(lines) * INDENTED_LINES:
        return [span for s, e in blocks for span in _split_before(text, s, e, indented)]
    if sum(bool(_ENDS_SENTENCE.search(text, s, e)) for s, e in lines) >= ENDED_LINES * len(lines):
        return lines
    return blocks


LINES_PER_BLOCK = 8  # novels with blank lines between paragraphs have 3 to 5 lines a paragraph
ENDED_LINES = 0.75  # share of lines ending a sentence: one line a paragraph (hard-wrapped prose: 0.2 to 0.4)
INDENTED_LINES = 0.9  # at most this share indented: the first lines of paragraphs, not a wholly indented text
LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ENDS_SENTENCE = re.compile(r"[.!?:;\"'\u201d\u2019)\]\u2014]\s*$")


def indent(text: str, start: int) -> int:
    """How many spaces and tabs stand before ``start`` on its line (0 when anything else does)."""
    i = start
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    return start - i if i == 0 or text[i - 1] in "\r\n" else 0


def _split(text: str, start: int, end: int, breaks: re.Pattern) -> list[tuple[int, int]]:
    """The non-blank pieces of text[start:end] between matches of ``breaks``, trimmed."""
    out, pos = [], start
    for m in [*breaks.finditer(text, start, end), None]:
        s, e = strip_span(text, pos, m.start() if m else end)
        if e > s:
            out.append((s, e))
        if m:
            pos = m.end()
    return out


def _split_before(text: str, start: int, end: int, starts: list[int]) -> list[tuple[int, int]]:
    """text[start:end] cut before each of ``starts`` (sorted) inside it."""
    cuts = starts[bisect.bisect_right(starts, start):bisect.bisect_left(starts, end)]
    return [strip_span(text, a, b) for a, b in zip([start, *cuts], [*cuts, end])]


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
