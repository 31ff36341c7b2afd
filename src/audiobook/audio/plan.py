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

BLOCK_CHARS = 4000  # about four minutes of speech per encoding block
_SPEAKABLE = re.compile(r"[^\W_]")


def plan(story: Story, segments: list[Segment], cast: Cast, pauses: Pauses) -> list[ChapterPlan]:
    """One ChapterPlan per chapter of ``story``, in order."""
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
        plans.append(ChapterPlan(title, _blocks(lines, segments)))
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


def _blocks(lines: list[Line], segments: list[Segment]) -> tuple[tuple[Line, ...], ...]:
    """Cut at paragraph boundaries once a block holds BLOCK_CHARS of text.

    Cuts depend on the text only, never on voices, so changing a voice
    leaves the other blocks (and their encoded audio) as they were.
    """
    blocks, current, size = [], [], 0
    for n, line in enumerate(lines):
        current.append(line)
        size += len(line.text)
        nxt = lines[n + 1] if n + 1 < len(lines) else None
        if nxt is None or (size >= BLOCK_CHARS and
                           segments[nxt.segment].paragraph != segments[line.segment].paragraph):
            blocks.append(tuple(current))
            current, size = [], 0
    return tuple(blocks)
