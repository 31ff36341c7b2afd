"""Turn attributed segments into what the engine says and the silences between.

Pauses belong to boundaries, not to text: the engine's own end-of-utterance
pause is trimmed from every clip, and the silence after a line is chosen
here from the kind of boundary that follows it (sentence, speaker change,
paragraph, scene break, chapter).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..model import Cast, ChapterPlan, Line, Pauses, Segment, Story
from ..text.sentences import sentences

MIN_JOIN_PAUSE = 0.1  # seconds: a pause that hides an encoder's frame overhead (under 0.1 s)
_SPEAKABLE = re.compile(r"[^\W_]")


def plan(story: Story, segments: list[Segment], cast: Cast, pauses: Pauses,
         block_chars: int = 0) -> list[ChapterPlan]:
    """One ChapterPlan per chapter of ``story``, in order, its lines cut into
    encoding blocks of at least ``block_chars`` characters (see ``_blocks``)."""
    chapters = []
    for chapter in story.chapters:
        inside = [(i, s) for i, s in enumerate(segments) if chapter.start <= s.start < chapter.end]
        lines = _lines(inside, cast, pauses)
        if lines:
            chapters.append((chapter.title, lines))
    plans = []
    for n, (title, lines) in enumerate(chapters):
        last = n == len(chapters) - 1
        lines[-1] = _with_pause(lines[-1], 0.0 if last else pauses.chapter)
        plans.append(ChapterPlan(title, _blocks(lines, segments, block_chars)))
    return plans


def _lines(inside: list[tuple[int, Segment]], cast: Cast, pauses: Pauses) -> list[Line]:
    lines: list[Line] = []
    spoken: Segment | None = None  # the segment of lines[-1]
    for i, seg in inside:
        if seg.skip:
            if seg.skip == "scene break" and lines:
                lines[-1] = _with_pause(lines[-1], max(lines[-1].pause, pauses.scene))
            continue
        speaker = seg.speaker if seg.kind == "dialogue" else None
        voice = cast.voice_for(speaker)
        pieces = [p for p in sentences(seg.text) if _SPEAKABLE.search(p)]
        if not pieces:
            continue
        if spoken is not None:
            gap = _boundary(spoken, seg, lines[-1].voice != voice, pauses)
            lines[-1] = _with_pause(lines[-1], max(lines[-1].pause, gap))
        lines.extend(Line(piece, voice, pauses.sentence, i, speaker) for piece in pieces)
        lines[-1] = _with_pause(lines[-1], 0.0)  # decided by what follows
        spoken = seg
    return lines


def _boundary(prev: Segment, seg: Segment, voice_changes: bool, pauses: Pauses) -> float:
    if prev.paragraph != seg.paragraph:
        return max(pauses.paragraph, pauses.speaker_change if voice_changes else 0.0)
    return pauses.speaker_change if voice_changes else pauses.sentence


def _with_pause(line: Line, pause: float) -> Line:
    return replace(line, pause=pause)


def _blocks(lines: list[Line], segments: list[Segment], at_least: int) -> tuple[tuple[Line, ...], ...]:
    """Cut where the speaker or the paragraph changes, once a block holds
    ``at_least`` characters, at a pause long enough to hide the join.

    Cuts depend on the text and who says it, never on voices, so changing
    a character's voice leaves every block without his lines (and its
    encoded audio) as it was; with ``at_least`` 0 a block is one speaker's
    run in one paragraph, the least a voice change re-encodes.
    """
    blocks, current, size = [], [], 0
    for n, line in enumerate(lines):
        current.append(line)
        size += len(line.text)
        nxt = lines[n + 1] if n + 1 < len(lines) else None
        if nxt is None or (size >= at_least and line.pause >= MIN_JOIN_PAUSE
                           and _turn(segments[line.segment]) != _turn(segments[nxt.segment])):
            blocks.append(tuple(current))
            current, size = [], 0
    return tuple(blocks)


def _turn(segment: Segment) -> tuple:
    """What a change of marks a place to cut: the paragraph, the kind of text, the speaker."""
    return segment.paragraph, segment.kind, segment.speaker
