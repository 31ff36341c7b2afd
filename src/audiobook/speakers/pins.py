"""The user's corrections: a ``[[pin]]`` in voices.toml gives one quotation,
found by its opening words, to the speaker it names."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..model import Segment, Story
from ..text.spans import fold
from ..voices.config import Pin
from . import weights as w


def apply_pins(story: Story, segments: list[Segment], pins: tuple[Pin, ...]) -> list[Segment]:
    """``segments`` with every quotation a pin matches given to the pin's speaker (``how`` "pinned")."""
    names = {Path(story.source).name, Path(story.source).stem, story.title}
    out = list(segments)
    for pin in pins:
        if pin.story and pin.story not in names:
            continue
        opening = fold(pin.quote).casefold()
        for i, seg in enumerate(out):
            if seg.kind == "dialogue" and seg.text.casefold().startswith(opening):
                out[i] = replace(seg, speaker=pin.speaker, how="pinned", confidence=w.CONFIDENCE["pinned"])
    return out
