"""Find the headings of a plain-text or Markdown story.

A heading is a paragraph of its own (one short line, or a chapter number
line followed by its title line), never a sentence inside prose that happens
to start with "Chapter". Recognised:

- Markdown ``# Title`` / ``## Title`` (ATX) and ``Title`` over ``===`` or
  ``---`` (setext). Levels 1 and 2 start chapters; deeper levels do not, but
  their ``#`` markers are still reported so they are not spoken.
- ``Chapter 1``, ``CHAPTER IV``, ``Chapter One``, ``Chapter 12. The Return``,
  ``Part Two``, ``Book the First``, ``Prologue``, ``Epilogue``... The keyword
  must be capitalised. The chapter's title may follow on the same line after
  a separator, on the next line, or as the next paragraph.
- Sections numbered ``I.``, ``II.``... or ``1``, ``2``... alone on a line,
  when they count up from one through the story.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import islice

from ..model import Skip
from .spans import fold, strip_span

MARKUP = "Markdown markup"
CONTENTS = "table of contents"


@dataclass(frozen=True)
class Heading:
    """A chapter heading: its chapter starts at ``start`` (the paragraph start,
    before any ``#``); ``span`` is the heading text itself, None for a chapter
    whose start is known but has no heading line (an EPUB's contents entry)."""

    start: int
    span: tuple[int, int] | None
    title: str
    level: int = 2  # 1 for a Markdown top-level heading, 2 for everything else
    numbered: bool = False  # a "Chapter N" style heading, never a story title


_LINE = re.compile(r"[^\r\n]+")
_ATX = re.compile(r"(#{1,6})\s+(.*?)(?:\s+#+)?$")
_SETEXT_RULE = re.compile(r"=+|-{2,}")
_EMPHASIS = "*_ \t"

_UNITS = (
    "one two three four five six seven eight nine ten"
    " eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
)
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety"
_ORDINALS = "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth last final"
_WORD = "|".join((_UNITS + " " + _TENS + " hundred " + _ORDINALS).split())
_ROMAN = r"(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
_NUMBER = rf"\d+|{_ROMAN}|(?:the\s+)?(?:{_WORD})(?:[-\s](?:{_WORD}))?"
_NUMBERED = re.compile(
    rf"(?P<word>chapter|part|book|volume|act)\s+(?P<number>{_NUMBER})\b"
    r"(?:\s*(?P<sep>[.:\-–—]+)?\s*(?P<rest>.*?))?$",
    re.IGNORECASE,
)
_NAMED = re.compile(
    r"(?P<word>prologue|epilogue|preface|foreword|afterword|interlude|introduction)\b"
    r"(?:\s*(?P<sep>[.:\-–—]+)?\s*(?P<rest>.*?))?$",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(rf"(\d{{1,3}}|{_ROMAN})\.?")  # upper case only: "I." but not "i."
_NUMBER_AND_TITLE = re.compile(rf"(\d{{1,3}}|{_ROMAN})(?:\.|\s*[:\u2014\u2013-])\s+(?P<title>[^\r\n]+)")
_ROMAN_DIGITS = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_CONTENTS_TITLE = re.compile(r"(?:table of )?contents\.?", re.IGNORECASE)
_WORD_CHAR = re.compile(r"[^\W_]")
_MAX_HEADING = 100
_MAX_HEADING_LINE = 200  # longer first lines are prose, whatever they start with
_MAX_TITLE_LINE = 80
_NOT_TITLE_END = tuple(".,;:\"'”’»)…-–—")


def scan_headings(text: str, paragraphs: list[tuple[int, int]]) -> tuple[list[Heading], list[Skip]]:
    """Chapter headings in text order, and what to leave unspoken: Markdown
    markers and table-of-contents entries."""
    headings: list[Heading] = []
    markup: list[Skip] = []
    index = 0
    while index < len(paragraphs):
        start, end = paragraphs[index]
        index += 1
        lines = [strip_span(text, m.start(), m.end()) for m in islice(_LINE.finditer(text, start, end), 3)]
        if lines[0][1] - lines[0][0] > _MAX_HEADING_LINE:
            continue
        heading = _markdown(text, lines, markup)
        if heading is None:
            heading = _numbered(text, lines)
            if heading and len(lines) == 1 and not _has_subtitle(heading.title):
                heading, index = _with_title_paragraph(text, paragraphs, index, heading)
        if heading:
            headings.append(heading)
    headings = sorted(headings + _bare_numbers(text, paragraphs), key=lambda h: h.start)
    return _without_contents(text, paragraphs, headings, markup)


def _bare_numbers(text: str, paragraphs: list[tuple[int, int]]) -> list[Heading]:
    """Paragraphs that are only a number, "I." or "2", or a number and a title
    ("III. THE FLOOD"), when they count 1, 2, 3... through the story: numbered
    sections. A lone "I.", a list of numbers elsewhere, or a numbered sentence
    ("1. We ran.") is left alone."""
    found = []
    for start, end in paragraphs:
        m = _BARE_NUMBER.fullmatch(text, start, end) if end - start <= 8 else None
        titled = None if m or end - start > _MAX_HEADING else _NUMBER_AND_TITLE.fullmatch(text, start, end)
        if titled and looks_like_title(titled.group("title")):  # "III. THE FLOOD", "2 - The Road"
            number = titled.group(1)
            title = f"Chapter {number}: {readable_case(titled.group('title'))}"
            found.append((Heading(start, (start, end), title, numbered=True), _value(number)))
        elif m:
            number = m.group(1)
            found.append((Heading(start, (start, end), f"Chapter {number}", numbered=True), _value(number)))
    counts_up = [value for _, value in found] == list(range(1, len(found) + 1))
    return [heading for heading, _ in found] if len(found) >= 2 and counts_up else []


def _value(number: str) -> int:
    """ "12" -> 12, "XIV" -> 14."""
    if number.isdecimal():
        return int(number)
    digits = [_ROMAN_DIGITS[ch] for ch in number]
    return sum(-d if d < after else d for d, after in zip(digits, digits[1:] + [0]))


def _without_contents(
    text: str, paragraphs: list[tuple[int, int]], headings: list[Heading], markup: list[Skip]
) -> tuple[list[Heading], list[Skip]]:
    """Drop table-of-contents entries that look like headings.

    An entry is a heading with no words before the next heading whose title
    comes again later (the real chapter). A wordless "Part One" is kept (its
    title does not repeat), and so is a "Chapter 1" restarting in each part
    (it has words). Entries, and a "Contents" line before them, are skipped.
    """
    still_to_come = Counter(h.title.casefold() for h in headings)
    entries: list[tuple[int, int]] = []
    for i, heading in enumerate(headings):
        still_to_come[heading.title.casefold()] -= 1
        next_start = headings[i + 1].start if i + 1 < len(headings) else len(text)
        wordless = not _WORD_CHAR.search(text, heading.span[1], next_start)
        if wordless and still_to_come[heading.title.casefold()] > 0:
            entries.append(strip_span(text, heading.start, next_start))
    before = [p for p in paragraphs if entries and p[1] <= entries[0][0]]
    if before and is_contents_title(text[slice(*before[-1])]):
        entries.insert(0, before[-1])

    def in_contents(pos: int) -> bool:
        return any(s <= pos < e for s, e in entries)

    kept = [h for h in headings if not in_contents(h.start)]
    skips = [k for k in markup if not in_contents(k.start)] + [Skip(s, e, CONTENTS) for s, e in entries]
    return kept, skips


def _markdown(text: str, lines: list[tuple[int, int]], markup: list[Skip]) -> Heading | None:
    """An ATX heading (a first line starting with #) or a setext one (a line
    over a rule, the whole paragraph)."""
    (s, e) = lines[0]
    if text[s] == "#":
        m = _ATX.match(text, s, e)
        if not m or not _has_word(m.group(2)):
            return None
        markup.append(Skip(s, m.start(2), MARKUP))
        if m.end(2) < e:
            markup.append(Skip(m.end(2), e, MARKUP))
        level = len(m.group(1))
        return _markdown_heading(text, s, (m.start(2), m.end(2)), level) if level <= 2 else None
    if len(lines) == 2 and _SETEXT_RULE.fullmatch(text, *lines[1]) and looks_like_title(text[s:e]):
        markup.append(Skip(*lines[1], MARKUP))
        return _markdown_heading(text, s, lines[0], 1 if text[lines[1][0]] == "=" else 2)
    return None


def _markdown_heading(text: str, start: int, span: tuple[int, int], level: int) -> Heading:
    words = text[span[0] : span[1]].strip(_EMPHASIS)
    numbered = _numbered_title(words)
    return Heading(start, span, numbered or readable_case(words), level, numbered is not None)


def _numbered(text: str, lines: list[tuple[int, int]]) -> Heading | None:
    """A paragraph opening with a "Chapter N" line, with its title on the same
    line or the next; prose may follow without a blank line. Several such
    lines in a row are a table of contents, not a heading."""
    title = _numbered_title(text[slice(*lines[0])])
    if title is None:
        return None
    second = text[slice(*lines[1])] if len(lines) > 1 else ""
    if _numbered_title(second):
        return None
    if second and not _has_subtitle(title) and looks_like_title(second):
        span = (lines[0][0], lines[1][1])
        third = text[slice(*lines[2])] if len(lines) > 2 else ""
        if second.isupper() and third.isupper() and looks_like_title(third):  # a capitals title wrapped
            span, second = (lines[0][0], lines[2][1]), f"{second} {third}"
        return Heading(span[0], span, f"{title}: {readable_case(second)}", numbered=True)
    return Heading(lines[0][0], lines[0], title, numbered=True)


def _numbered_title(line: str) -> str | None:
    """ "CHAPTER IV. THE RETURN" -> "Chapter IV: The Return"; None if not a heading."""
    line = fold(line).strip(_EMPHASIS)
    m = _NUMBERED.match(line) or _NAMED.match(line)
    if not m or len(line) > _MAX_HEADING or not m.group("word")[0].isupper():
        return None
    rest = (m.group("rest") or "").rstrip(".").strip()
    if rest and not (m.group("sep") or rest[0].isupper()):
        return None
    name = m.group("word").capitalize()
    if "number" in m.groupdict():
        number = m.group("number")
        roman = re.fullmatch(_ROMAN, number, re.IGNORECASE)
        name += " " + (number.upper() if roman else _capitalised(readable_case(number)))
    return f"{name}: {readable_case(rest)}" if rest else name


def _has_subtitle(title: str) -> bool:
    """ "Chapter IV: The Return" has one, "Chapter IV" does not."""
    return ":" in title


def _with_title_paragraph(
    text: str, paragraphs: list[tuple[int, int]], index: int, heading: Heading
) -> tuple[Heading, int]:
    """ "CHAPTER I." then a paragraph "THE PERIOD": one heading spanning both.

    ``index`` is that of the paragraph after the heading; returned past the
    title paragraph when it is taken. The title must not be the last paragraph.
    """
    if index + 1 >= len(paragraphs):
        return heading, index
    start, end = paragraphs[index]
    line = text[start:end]
    if not looks_like_title(line) or _numbered_title(line) or line.lstrip().startswith("#"):
        return heading, index
    title = f"{heading.title}: {readable_case(line)}"
    return Heading(heading.start, (heading.span[0], end), title, numbered=True), index + 1


def is_contents_title(line: str) -> bool:
    """ "Contents", "TABLE OF CONTENTS", "## Contents"."""
    return _CONTENTS_TITLE.fullmatch(fold(line).strip("#" + _EMPHASIS)) is not None


def looks_like_title(line: str) -> bool:
    """A short single line in title style: starts with a capital, no closing
    sentence punctuation, most longer words capitalised."""
    if "\n" in line or "\r" in line:
        return False
    line = fold(line).strip(_EMPHASIS)
    if not line or len(line) > _MAX_TITLE_LINE or not line[0].isupper() or line.endswith(_NOT_TITLE_END):
        return False
    long_words = [w for w in line.split() if len(w) > 3 and w[0].isalpha()]
    return sum(w[0].isupper() for w in long_words) * 2 >= len(long_words)


def _capitalised(words: str) -> str:
    """ "one" -> "One", "the First" as it is."""
    return words[:1].upper() + words[1:] if " " not in words else words


def readable_case(words: str) -> str:
    """ALL-CAPS titles in capitalised words; others as written."""
    words = fold(words)
    if not words.isupper():
        return words
    return re.sub(r"[^\W\d_]+(?:['’][^\W\d_]+)*", lambda m: m.group().capitalize(), words.lower())


def _has_word(s: str) -> bool:
    return any(ch.isalnum() for ch in s)
