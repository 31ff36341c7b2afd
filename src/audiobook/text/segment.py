"""Split a story's text into narration and dialogue segments.

Pure and linear: every quote mark is classified once from its neighbours
(opening, closing, either, only closing, or an apostrophe), then each paragraph is scanned
with one open quotation at a time. A quotation never crosses a paragraph
boundary: one left open at a paragraph's end stops there, and if the next
paragraph opens with a mark of the same family it is the same speech
continued (see `continues_previous`). Quoted documents (indented letters,
poems and songs, a text announced as read or written) stay narration: they
are not anyone's speech. The segments tile the text: every character that is
not whitespace lies in exactly one segment.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence

from ..model import Segment, Skip
from .markup import unhide
from .spans import LINE_BREAK, fold, indent, paragraph_spans, strip_span, with_apostrophes

# Quote marks by family: a quotation opened with one family is closed only by
# the same family; marks of another family inside it are nested quotes.
_FAMILY = {
    '"': "double", "\u201c": "double", "\u201d": "double", "\u201e": "double",
    "'": "single", "\u2018": "single", "\u2019": "single", "\u201a": "single",
    "\u00ab": "angle", "\u00bb": "angle", "\u2039": "angle", "\u203a": "angle",
}
_OPENERS = "\u201c\u201e\u2018\u201a\u00ab\u2039"
_HIGH_CLOSER = {"\u201e": "\u201c", "\u201a": "\u2018"}  # German: \u201eNein\u201c
_CLOSERS = "\u201d\u00bb\u203a"
_QUOTE_MARK = re.compile("[" + re.escape("".join(_FAMILY)) + "]")
_BEFORE_OPENING = "([{/" + "".join(_FAMILY)
_DASHES = "\u2014\u2013-"
# Words that begin with an apostrophe in ordinary writing ('tis, rock 'n' roll).
_ELIDED = re.compile(
    r"(?:tis|twas|twere|twill|twould|em|n|til|cause|bout|ere|im|er|ave|e|d|s|ll|re|ve|"
    r"m|t|un|uns|ow|ome|appen|ad|alf|nother|twixt|neath|gainst|mongst|round|\d\d?s?)\b",
    re.IGNORECASE,
)
_SCENE_BREAK = re.compile(r"[*#~=\u2022\u00b7\u2042\u2014-](?:\s*[*#~=\u2022\u00b7\u2042\u2014-])*")
_EMPHASIS = re.compile(r"(?<![\w*_])[*_]+(?=\w)|(?<=\w)[*_]+(?![\w*_])")
# The end of a paragraph announcing that the next one is read or written out.
_READING_CUE = re.compile(
    r"\b(?:read|reads|ran|runs|wrote|written|follows|following|contents|effect|inscription|"
    r"inscribed|notice|advertisement|headed|printed)\b[^.!?\"\u201d]*:[\s\u2014-]*$"
    r"|\b(?:read\s+(?:on|it|aloud|out)|in\s+these\s+words|as\s+follows|to\s+this\s+effect)\b[^.!?]{0,20}"
    r"[.:\u2014-]+[\"\u201d]?\s*$",
    re.IGNORECASE,
)
# A quotation closing on narration that goes on in lower case: '"...?" asked Ann', a speech tag.
_TAGGED = re.compile(r"[\"\u201d\u00bb\u2019']\s+[a-z]")
_VERSE_LINE = re.compile(r"\s*[\"'\u201c\u2018(]*[A-Z]")

SCENE_BREAK = "scene break"
NO_WORDS = "no words"


def segment(
    text: str,
    headings: Sequence[tuple[int, int, str]] = (),
    skipped: Sequence[Skip] = (),
) -> list[Segment]:
    """Narration and dialogue segments of ``text``, in order, tiling it.

    ``headings`` are (start, end, title) spans read as one narration segment
    speaking the title; ``skipped`` spans become silent segments with their
    reason. Neither needs to be sorted; overlaps are clipped. Apostrophes a
    conversion lost are put back first (spans.with_apostrophes): "don t" is read "don't".
    """
    text = with_apostrophes(text)
    paragraphs = paragraph_spans(text)
    starts = [s for s, _ in paragraphs]
    single_top = _single_quotes_lead(text)
    documents = _documents(text, paragraphs)
    segments: list[Segment] = []
    reserved = _reserved(text, headings, skipped)
    for s, e, spoken, skip in reserved:
        segments.append(Segment(s, e, "narration", spoken, _paragraph_at(starts, s), skip=skip))
    for index, s, e in _free_pieces(paragraphs, [(s, e) for s, e, _, _ in reserved]):
        if index in documents:
            segments.extend(_narration(text, s, e, index))
        else:
            segments.extend(_piece_segments(text, s, e, index, single_top))
    segments.sort(key=lambda seg: seg.start)
    return _fill_gaps(text, segments, starts)


def continues_previous(text: str, previous: Segment, current: Segment) -> bool:
    """True when ``current`` carries on the quotation ``previous`` left open.

    That is: ``previous`` is dialogue that reached its paragraph's end without
    a closing mark, and ``current`` opens the next paragraph with a mark of the
    same family (the convention for a speech running over paragraphs).
    """
    if previous.kind != "dialogue" or current.kind != "dialogue":
        return False
    if current.paragraph != previous.paragraph + 1:
        return False
    first, last = text[previous.start], text[previous.end - 1]
    closed = previous.end - previous.start > 1 and _FAMILY.get(last) == _FAMILY.get(first)
    return not closed and _FAMILY.get(text[current.start]) == _FAMILY.get(first)


def _reserved(text, headings, skipped) -> list[tuple[int, int, str, str]]:
    """Heading and skipped spans, clipped to the text and to each other."""
    spans = [(max(0, s), min(len(text), e), fold(title), "") for s, e, title in headings]
    spans += [(max(0, k.start), min(len(text), k.end), "", k.reason or "skipped") for k in skipped]
    out: list[tuple[int, int, str, str]] = []
    end = 0
    for s, e, spoken, skip in sorted(spans):
        s = max(s, end)
        if e > s:
            out.append((s, e, spoken, skip))
            end = e
    return out


def _documents(text: str, paragraphs: list[tuple[int, int]]) -> set[int]:
    """Paragraphs that quote a document rather than speech: letters, notes
    and verses set off by indentation (in a text that does not indent its
    ordinary paragraphs), poems and songs, and a quotation announced as
    something read or written ("It ran in this way:"). They are read as
    narration, not voiced as dialogue."""
    indented = {i for i, (s, _) in enumerate(paragraphs) if indent(text, s) >= 2}
    documents = indented if len(indented) * 4 < len(paragraphs) else set()
    documents |= {i for i, (s, e) in enumerate(paragraphs) if _is_verse(text, s, e)}
    for i, (s, e) in enumerate(paragraphs[1:], 1):
        before_start, before_end = paragraphs[i - 1]
        cue = text[s] in _FAMILY and _READING_CUE.search(text[max(before_start, before_end - 120):before_end])
        if cue and (":" in cue.group() or not _TAGGED.search(text, s, e)):
            documents.add(i)  # "...and read it twice." then '"Bad news?" asked Ann.' is speech
    return documents


def _is_verse(text: str, start: int, end: int) -> bool:
    """Four or more lines nearly all starting with a capital: a poem or song."""
    lines = LINE_BREAK.split(text[start:end])
    if len(lines) < 4:
        return False
    capitals = sum(1 for line in lines[1:] if _VERSE_LINE.match(line))
    return capitals >= 0.8 * (len(lines) - 1)


def _paragraph_at(starts: list[int], offset: int) -> int:
    return max(0, bisect.bisect_right(starts, offset) - 1)


def _free_pieces(paragraphs, reserved) -> Iterator[tuple[int, int, int]]:
    """(paragraph index, start, end) of paragraph text outside reserved spans."""
    r = 0
    for index, (ps, pe) in enumerate(paragraphs):
        pos = ps
        while r < len(reserved) and reserved[r][1] <= pos:
            r += 1
        k = r
        while k < len(reserved) and reserved[k][0] < pe:
            rs, re_ = reserved[k]
            if rs > pos:
                yield index, pos, rs
            pos = max(pos, re_)
            k += 1
        if pos < pe:
            yield index, pos, pe


def _piece_segments(text: str, lo: int, hi: int, paragraph: int, single_top: bool) -> list[Segment]:
    lo, hi = strip_span(text, lo, hi)
    if lo >= hi:
        return []
    if not _has_word(text, lo, hi):
        reason = SCENE_BREAK if _SCENE_BREAK.fullmatch(text, lo, hi) else NO_WORDS
        return [Segment(lo, hi, "narration", "", paragraph, skip=reason)]
    out = []
    pos = lo
    for qs, qe, closed in _quotations(text, lo, hi, single_top):
        out.extend(_narration(text, pos, qs, paragraph))
        inner = text[qs + 1 : qe - 1 if closed else qe]
        spoken = _spoken(inner)
        out.append(Segment(qs, qe, "dialogue", spoken, paragraph, skip="" if spoken else NO_WORDS))
        pos = qe
    out.extend(_narration(text, pos, hi, paragraph))
    return out


def _narration(text: str, lo: int, hi: int, paragraph: int) -> list[Segment]:
    lo, hi = strip_span(text, lo, hi)
    if lo >= hi:
        return []
    spoken = _spoken(text[lo:hi]) if _has_word(text, lo, hi) else ""
    return [Segment(lo, hi, "narration", spoken, paragraph, skip="" if spoken else NO_WORDS)]


def _spoken(s: str) -> str:
    """What the engine reads: whitespace folded, emphasis markup (_x_, *x*) and
    hidden inline markup (markup.without) dropped."""
    folded = fold(_EMPHASIS.sub("", unhide(s)))
    return folded if any(ch.isalnum() for ch in folded) else ""


def _has_word(text: str, lo: int, hi: int) -> bool:
    return any(ch.isalnum() for ch in text[lo:hi])


def _fill_gaps(text: str, segments: list[Segment], starts: list[int]) -> list[Segment]:
    """Cover stray non-space characters the paragraph split left between
    segments (zero-width characters on a 'blank' line) with silent segments."""
    out: list[Segment] = []
    pos = 0
    for seg in [*segments, None]:
        end = seg.start if seg else len(text)
        gap = text[pos:end]
        if gap.strip():
            gs = pos + len(gap) - len(gap.lstrip())
            ge = pos + len(gap.rstrip())
            out.append(Segment(gs, ge, "narration", "", _paragraph_at(starts, gs), skip=NO_WORDS))
        if seg:
            out.append(seg)
            pos = seg.end
    return out


def _single_quotes_lead(text: str) -> bool:
    """Whether single quotes are this text's main quotation marks (British
    style) rather than apostrophes and quotes nested inside double quotes."""
    doubles = sum(text.count(m) for m in '"\u201c\u201d\u201e')
    if not doubles:
        return True
    singles = sum(1 for m in _QUOTE_MARK.finditer(text) if _FAMILY[m.group()] == "single"
                  and _role(text, m.start(), 0, len(text)) == "open")
    return singles * 2 > doubles


def _role(text: str, i: int, lo: int, hi: int) -> str:
    """'open', 'close', 'either', 'alone' (a double mark between spaces: it only closes) or '' (an apostrophe)."""
    mark = text[i]
    prev = text[i - 1] if i > lo else " "
    nxt = text[i + 1] if i + 1 < hi else " "
    # After a dash a mark opens only when words follow: --"Hello" but "Wait--" he said.
    opening_side = prev.isspace() or prev in _BEFORE_OPENING or (prev in _DASHES and nxt.isalnum())
    closing_side = nxt.isspace() or not nxt.isalnum()
    if _FAMILY[mark] == "single":
        if prev.isalnum() and nxt.isalnum():
            return ""  # don't, o'clock
        if opening_side and (not nxt.isspace() or mark == "\u2018"):  # a left-hand mark opens, space or none
            if mark == "\u2019":
                return ""  # a right-hand mark never opens: \u2019tention, \u2019way
            if mark != "\u2018" and _ELIDED.match(text, i + 1, hi) and not _closes_soon(text, i, hi):
                return ""  # 'tis, 'em
            return "open"
        if closing_side and not prev.isspace():
            return "close"
        if mark == "\u2019" and prev.isspace() and nxt.isspace() and i > lo:
            return "close"  # \u2018My dear \u2019 He stopped: a dash the text lost before it
        return ""
    if mark == prev:
        return "close"  # the second mark of an empty quotation ""
    if mark in _OPENERS:
        return "open"
    if mark in _CLOSERS:
        return "close"
    if opening_side and nxt.isspace() and i > lo:
        return "alone"  # between spaces: it opens nothing, but may close ("if he didn't mind " said Tom)
    if opening_side:
        return "open"
    if closing_side:
        return "close"
    return "either"


def _closes_soon(text: str, i: int, hi: int) -> bool:
    """For a would-be elision like 'n: does a closing mark follow the very
    next word? ('n' in rock 'n' roll is an elision both sides; 'no' is a quote)."""
    m = re.compile(r"\w+['\u2019](?!\w)").match(text, i + 1, hi)
    return bool(m) and m.end() - i > 3


def _quotations(text: str, lo: int, hi: int, single_top: bool) -> Iterator[tuple[int, int, bool]]:
    """(start, end, closed) of each top-level quotation in text[lo:hi]."""
    marks = [(m.start(), _role(text, m.start(), lo, hi)) for m in _QUOTE_MARK.finditer(text, lo, hi)]
    marks = [(i, role) for i, role in marks if role]
    open_at, family = -1, ""
    for k, (i, role) in enumerate(marks):
        fam = _FAMILY[text[i]]
        if open_at < 0:
            if role in ("open", "either") and (fam != "single" or single_top):
                open_at, family = i, fam
            continue
        if fam != family:
            continue  # nested quote of another style
        if role == "open" and text[i] in _OPENERS and _HIGH_CLOSER.get(text[open_at]) != text[i]:
            yield open_at, i, False  # a new quotation before the last one closed
            open_at = i
        elif role in ("close", "either") or fam == "double":
            if fam == "single" and _apostrophe(text, open_at, i, hi, marks[k + 1 :]):
                continue
            yield open_at, i + 1, True
            open_at = -1
    if open_at >= 0:
        yield open_at, hi, False


def _apostrophe(text: str, opened: int, i: int, hi: int, later) -> bool:
    """A closing-looking mark after a letter and before a word is an
    apostrophe when another closing mark follows later in the paragraph: the
    Greys' house, and in talk written as it is said, goin' home, an' then
    (an' Joe too, before a capital). Not before the words of a tag ('Stay,'
    said Tom; 'Go,' he cried), nor after a word or three quoted in the
    narration (the 'form' in New York). One right before a stop and a closing
    mark is an apostrophe ('I was goin',' said Jem), and so is one before a
    comma or full stop in a speech that closes later ('I come fu'. Dey was
    singin',' said Sam): a speech's own stop comes before its closing mark."""
    if not text[i - 1].isalpha() or i + 2 >= hi:
        return False
    if text[i + 1] in ",.;:!?" and text[i + 2] in "'\u2019":
        return True  # 'I got to be goin',' said he: the next mark closes
    mid_sentence = _MID_SENTENCE.match(text, opened - 2, opened)
    if text[i + 1] in ",." and text[i + 2].isspace() and not mid_sentence:
        return _closes_later(text, later)  # 'I come fu'. I was n't lookin',': its stop comes inside the mark
    if not text[i + 1].isspace() or not text[i + 2].isalpha():
        return False
    if len(text[opened:i].split()) <= 3 and mid_sentence:
        return False  # the 'made dishes' and the wine
    elided = _ELIDED_END.search(text, max(opened, i - 12), i)  # an' Joe, o' Mr. Grey, goin' Tuesday
    if text[i - 1] not in "sS" and (not (text[i + 2].islower() or elided) or _TAG_AFTER.match(text, i + 1, hi)):
        return False
    return _closes_later(text, later)


def _closes_later(text: str, later) -> bool:
    """Whether a single closing mark comes later in the paragraph (``later``: (offset, role) of the marks)."""
    return any(role == "close" and _FAMILY[text[j]] == "single" for j, role in later)


_MID_SENTENCE = re.compile(r"[a-z,]\s")  # before a mark: "the 'form' in New York", not a speech's opening
# What a tag after a quotation opens with: a verb of saying ("said", "mused", "says"), after he, she, I,
# they or we or not ("he answered"); "an' then", "goin' home" go on as talk, and so do "his", "dis", "was"
# (a verb of saying in -s is "says", "cries", "answers")
_TAG_AFTER = re.compile(r"\s+(?:[a-z]+ly\s+)?(?:(?:he|she|I|they|we)\s+(?:[a-z]+ly\s+)?)?"
                        r"(?:said|[a-z]+ed|[a-z]+(?<![iuas])s)\b")
# Words that drop their last letters in talk written as it is said: an' (and), o' (of), goin', nothin'
_ELIDED_END = re.compile(r"(?<![\w'\u2019])(?:[Aa]n|[Oo]|\w{2,}in)$")
