"""Sentences: a segment's spoken text cut into the utterances the engine
says one at a time (short, because pyttsx3's cost grows with the square of
an utterance's length, and a sentence is where a pause belongs)."""
from __future__ import annotations

import re

MAX_SENTENCE = 400
_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"'\u201d\u2019)\]\u00bb]*(?= )")
_ABBREVIATION = re.compile(
    r"(?:mr|mrs|ms|mme|mlle|dr|st|jr|sr|prof|rev|gen|col|capt|lt|sgt|maj|hon|mt|ft|"
    r"vs|etc|cf|no|nos|vol|fig|approx|esq|messrs|co|inc|ltd|ave|rd|jan|feb|mar|apr|"
    r"jun|jul|aug|sep|sept|oct|nov|dec)\.|(?:\w\.)+|\w\.",
    re.IGNORECASE,
)
_SENTENCE_OPENING = re.compile(r" [\"'\u201c\u2018(\[\u00ab]*")
_SOFT_BREAK = re.compile(r"[,;:\u2014] ")


def sentences(text: str) -> list[str]:
    """Sentences of a segment's spoken text, each at most ~MAX_SENTENCE chars.

    Splits only at spaces after . ! ? (closing quotes and brackets included)
    when a capital, digit or opening quote follows, and not after
    abbreviations or initials; so ``" ".join(sentences(t)) == t`` for folded
    text, except where a word longer than MAX_SENTENCE had to be cut.
    """
    out: list[str] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        if not _starts_sentence(text, m.end()):
            continue
        word_start = text.rfind(" ", pos, m.start()) + 1
        if m.group()[0] == "." and len(m.group().rstrip("\"'\u201d\u2019)]\u00bb")) == 1 and \
                _ABBREVIATION.fullmatch(text, max(word_start, pos), m.start() + 1):
            continue
        out.extend(_cut_long(text[pos : m.end()]))
        pos = m.end() + 1
    if pos < len(text):
        out.extend(_cut_long(text[pos:]))
    return out


def _starts_sentence(text: str, space: int) -> bool:
    """After the space at ``space``: a capital, a digit, or a letter of a
    script without case (Hebrew, Arabic...), past any opening quotes."""
    m = _SENTENCE_OPENING.match(text, space)
    if not m or m.end() >= len(text):
        return False
    ch = text[m.end()]
    return ch.isdigit() or (ch.isalpha() and not ch.islower())


def _cut_long(sentence: str) -> list[str]:
    """Pieces of at most MAX_SENTENCE chars: at a comma or semicolon, else a
    space, else anywhere."""
    pieces = []
    while len(sentence) > MAX_SENTENCE:
        head = sentence[: MAX_SENTENCE + 1]
        soft = [m.end() - 1 for m in _SOFT_BREAK.finditer(head) if m.end() > MAX_SENTENCE // 4]
        cut = soft[-1] if soft else head.rfind(" ")
        if cut <= 0:
            pieces.append(sentence[:MAX_SENTENCE])
            sentence = sentence[MAX_SENTENCE:]
        else:
            pieces.append(sentence[:cut])
            sentence = sentence[cut + 1 :]
    if sentence:
        pieces.append(sentence)
    return pieces
