"""Decide who speaks each quotation: the speaker stage's one entry point.

``attribute`` finds the scene once (scene.py: the people, their mentions,
the speech tags, the turns), runs the passes in order (passes.py, most
certain first) and writes the result on the segments: ``speaker`` (None:
the narrator's voice reads it), ``how`` it was decided and ``confidence``.
The characters it returns, and their line counts, follow from the
decisions alone, so nothing depends on the order things are asked in.

A listed character (voices.toml) only adds names to the story's people: it
never takes a quotation from anyone else. The one listed with the alias
"I" is the first-person narrator. In a story told by "I", once the passes
show what the others call the narrator ("Ben"), they run again with "Ben,"
said to the narrator, listed or not.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from ..model import Character, Segment
from . import passes
from . import weights as w
from .names import Form
from .passes import UNKNOWN, Decisions
from .scene import Scene, build_scene, with_narrator_called
from .vocabulary import RELATIVE_TITLE


def attribute(text: str, segments: list[Segment],
              known: Sequence[Character] = ()) -> tuple[list[Segment], list[Character]]:
    """The segments with each quotation's speaker, and the characters found (the listed ones first)."""
    scene = build_scene(text, segments, tuple(known))
    decided = _decided(scene)
    if (called := passes.narrator_called(scene, decided)) is not None:
        # told by "I", whom the others call Tom: read again knowing that "Tom," is said to the narrator
        scene = with_narrator_called(scene, called)
        decided = _decided(scene)
    decided, narrator_form = passes.name_narrator(scene, decided)
    decided = passes.rate(scene, decided)
    narrator = narrator_form if isinstance(narrator_form, int) else \
        scene.listed_narrator if scene.listed_narrator is not None else scene.narrator
    return _labelled(scene, decided, narrator_form, passes.heard_genders(scene, decided, narrator))


def _decided(scene: Scene) -> Decisions:
    decided: Decisions = {}
    for step in (passes.explicit, passes.walk, passes.settle):
        decided = step(scene, decided)
    return decided


def _voice_how(scene: Scene, quote: int) -> str:
    """How a quotation that is not its turn speaker's was decided: by its own tag,
    naming someone ("explicit"), a relation ("his wife added") or a he/she."""
    tag = scene.tags.get(quote)
    if tag is not None and tag.who == "I":
        return "first-person"
    if tag is None or scene.named(tag) is not None:
        return "explicit"
    return "relative" if tag.noun in RELATIVE_TITLE else "pronoun" if tag.kind == "pronoun" else "description"


def _labelled(scene: Scene, decided: Decisions, narrator_form: Form | int | None,
              heard_as: dict[int, Counter]) -> tuple[list[Segment], list[Character]]:
    people = scene.roster.people
    if isinstance(narrator_form, Form):
        scene.roster.call(scene.narrator, narrator_form)
    out = list(scene.segments)
    lines: Counter = Counter()
    samples: dict[int, str] = {}
    for turn in scene.turns:
        decision = decided.get(turn.number, UNKNOWN)
        voices = dict(decision.voices)
        heard = set()
        for i in turn.quotes:
            pid = voices.get(i, decision.speaker)
            name = people[pid].name() if pid is not None else None
            how = _voice_how(scene, i) if i in voices else decision.how
            confidence = decision.confidence if how == decision.how else w.CONFIDENCE[how]
            out[i] = replace(out[i], speaker=name, how=how if name else "unknown",
                             confidence=confidence if name else 0.0)
            if pid is not None and pid not in heard:
                heard.add(pid)
                lines[pid] += 1
                samples.setdefault(pid, scene.segments[i].text)
    for i, seg in enumerate(out):
        if seg.kind == "dialogue" and not seg.how:
            out[i] = replace(seg, how="unknown")
    return out, scene.roster.characters(lines, samples, heard_as)
