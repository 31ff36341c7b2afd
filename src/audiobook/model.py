"""The plain values passed from one stage to the next.

Data flows one way, stage by stage (a subpackage each): text (Story,
Segment) -> speakers (attributed Segments, Characters) -> voices (Cast) ->
audio (ChapterPlan, Line) -> output (Cue and the files). Each stage takes
these values and returns new ones; none reaches back into an earlier one. Offsets are Python string offsets into
``Story.text`` so that `audiobook script` can point at the exact characters.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Skip:
    """A stretch of the story deliberately not spoken, and why (shown by `script`)."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Chapter:
    """A chapter covers text[start:end]; ``heading`` is the span of its heading line, if any."""

    title: str
    start: int
    end: int
    heading: tuple[int, int] | None = None


@dataclass(frozen=True)
class Story:
    source: str  # the file it came from, as given
    title: str
    text: str  # the decoded text; every offset elsewhere points into it
    chapters: tuple[Chapter, ...]
    author: str | None = None
    skipped: tuple[Skip, ...] = ()  # front matter, licence text, markup...
    dropped: tuple[Skip, ...] = ()  # inline markup left unsaid inside spoken text (a link's target)


@dataclass(frozen=True)
class Segment:
    """One run of narration or one quotation, in story order.

    ``text`` is what is spoken (whitespace folded, quote marks and markup
    dropped); it is empty when the segment is deliberately skipped, and
    ``skip`` then says why. ``how`` records how the speaker was decided so a
    user can see which lines to check.
    """

    start: int
    end: int
    kind: str  # "narration" | "dialogue"
    text: str
    paragraph: int  # index of the paragraph it belongs to
    speaker: str | None = None
    how: str = ""
    skip: str = ""
    confidence: float = 0.0  # how sure the speaker is, 0 to 1 (dialogue only)


@dataclass(frozen=True)
class Character:
    name: str
    aliases: tuple[str, ...] = ()
    gender: str | None = None  # "male" | "female" | None when unknown
    lines: int = 0  # quotations attributed to them
    sample: str = ""  # one of their lines, for `audiobook cast`


@dataclass(frozen=True)
class Voice:
    """Everything that shapes how the engine sounds; part of the clip cache key."""

    id: str  # an espeak-ng voice id, optionally with a variant ("en-gb-x-rp", "fr+m3"), or "piper:NAME[#speaker]"
    rate: int = 170  # words per minute (espeak-ng)
    pitch: int = 50  # 0-100 (espeak-ng)
    volume: float = 1.0  # 0-1
    model: str = ""  # Piper: the .onnx file the id was found as
    length_scale: float = 1.0  # Piper: how long each sound lasts (1.1 is 10% slower)
    noise_scale: float | None = None  # Piper: variation in the voice (None: the model's own)
    noise_w: float | None = None  # Piper: variation in timing (None: the model's own)
    semitones: float = 0.0  # Piper: a pitch shift (ffmpeg's rubberband filter)


@dataclass(frozen=True)
class VoiceInfo:
    """A voice an engine offers, as `audiobook voices` lists it."""

    id: str  # usable in voices.toml, e.g. "en-gb-x-rp" or "piper:en_US-joe-medium"
    path: str  # where the engine finds it: espeak's own id ("gmw/en-gb-x-rp"), or a Piper model file
    name: str
    language: str
    gender: str | None
    speakers: tuple[str, ...] = ()  # a multi-speaker Piper model's speakers (used as "#name" or "#id")


@dataclass(frozen=True)
class Pauses:
    """Silence, in seconds, inserted at each kind of boundary."""

    sentence: float = 0.3
    paragraph: float = 0.8
    speaker_change: float = 0.4
    chapter: float = 2.0
    scene: float = 1.6


@dataclass(frozen=True)
class Cast:
    narrator: Voice
    voices: dict[str, Voice] = field(default_factory=dict)  # speaker name -> voice

    def voice_for(self, speaker: str | None) -> Voice:
        return self.voices.get(speaker, self.narrator) if speaker else self.narrator


@dataclass(frozen=True)
class Line:
    """One utterance for the engine (a sentence), and the silence after it."""

    text: str
    voice: Voice
    pause: float  # seconds
    segment: int  # index of the Segment it comes from
    speaker: str | None = None  # None: the narrator


@dataclass(frozen=True)
class ChapterPlan:
    """A chapter's lines, grouped in blocks: a block is encoded (and re-encoded
    after a change) as one unit, so a small change re-encodes little."""

    title: str
    blocks: tuple[tuple[Line, ...], ...]

    @property
    def lines(self) -> tuple[Line, ...]:
        return tuple(line for block in self.blocks for line in block)


@dataclass(frozen=True)
class Cue:
    """When a line is heard in a finished file (for transcripts)."""

    start: float  # seconds
    end: float
    text: str
    speaker: str | None


@dataclass(frozen=True)
class Script:
    """What a build would say for one story, before any sound is made."""

    story: Story
    segments: list[Segment]
    characters: list[Character]
    cast: Cast

    def dropped(self, segment: Segment) -> list[str]:
        """The inline markup left unsaid inside ``segment`` (a link's target, a tag)."""
        return [self.story.text[k.start:k.end] for k in self.story.dropped
                if segment.start <= k.start < segment.end]
