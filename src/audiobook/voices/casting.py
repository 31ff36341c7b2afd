"""Give every speaker a voice: the user's choice where voices.toml has one,
else the next free voice of their gender from a fixed palette (for someone
whose gender the text does not tell, the gender most of the book speaks in).

The palette is walked in a fixed order and speakers are taken by line count
then name, so the same book always gets the same cast, the busiest
characters get the most distinct voices, and nobody gets the narrator's.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from itertools import count

from ..model import Cast, Character, Voice
from . import engine
from .config import RANGES, CharacterSettings, Config

ENGLISH_ACCENTS = ("en-us", "en-gb", "en-gb-scotland", "en-gb-x-gbclan", "en-029", "en-gb-x-gbcwmd")
VARIANTS = {"female": ("f1", "f2", "f3", "f4", "f5"), "male": ("m1", "m2", "m3", "m4", "m5", "m6", "m7")}
PITCHES = {"female": (60, 70, 52, 78), "male": (45, 36, 54, 28)}
RATES = (170, 160, 180)


# A Piper narrator's model, changed so a listener tells the voices apart:
# (semitones, length_scale), higher and lower for women and men.
PIPER_VARIANTS = {"female": ((4.0, 1.0), (3.0, 0.93), (5.0, 1.07), (3.5, 1.12)),
                  "male": ((-2.5, 1.0), (-1.5, 1.08), (-4.0, 0.94), (1.5, 1.04))}
SEMITONES = RANGES["semitones"]  # the pitch shifts voices.toml allows


def palette(gender: str | None, narrator: Voice) -> Iterator[Voice]:
    """Voices for ``gender`` in the order they are handed out (endless)."""
    if engine.is_piper(narrator.id):
        yield from piper_palette(gender, narrator)
        return
    base = narrator.id.split("+")[0]
    accents = ENGLISH_ACCENTS if base.startswith("en") else (base,)
    genders = (gender,) if gender in VARIANTS else ("female", "male")
    for round_ in count():
        for g in genders:
            pitches = PITCHES[g]
            pitch = pitches[round_ % len(pitches)] + 3 * (round_ // len(pitches))
            for k, variant in enumerate(VARIANTS[g]):
                accent = accents[(k + round_) % len(accents)]
                yield Voice(f"{accent}+{variant}", RATES[(k + round_) % len(RATES)], min(pitch, 100))


def piper_palette(gender: str | None, narrator: Voice) -> Iterator[Voice]:
    """With a Piper narrator, Piper voices: the model's other speakers, if it has
    several, then the narrator's own voice shifted in pitch and speed (endless)."""
    plain = replace(narrator, semitones=0.0, length_scale=1.0)
    for speaker in engine.speakers(narrator):
        yield replace(plain, id=speaker)
    genders = (gender,) if gender in PIPER_VARIANTS else ("female", "male")
    for round_ in count():
        for g in genders:
            for semitones, length in PIPER_VARIANTS[g]:
                shift = semitones + (0.5 * round_ if semitones > 0 else -0.5 * round_)
                yield replace(plain, semitones=max(SEMITONES[0], min(SEMITONES[1], shift)), length_scale=length)


def cast(characters: Sequence[Character], config: Config) -> Cast:
    """Voices for ``characters`` (as found by the attribution step) and the narrator."""
    settings = {c.name: c for c in config.characters}
    narrator = config.narrator
    taken = {narrator}
    voices: dict[str, Voice] = {}
    for name, chosen in settings.items():
        if "id" in chosen.voice:
            voices[name] = Voice(**chosen.voice)
            taken.add(voices[name])
    order = sorted(characters, key=lambda c: (-c.lines, c.name))
    order += [Character(n, gender=s.gender) for n, s in settings.items() if n not in {c.name for c in order}]
    usual = book_balance(characters)
    palettes: dict[str | None, Iterator[Voice]] = {}
    for character in order:
        if character.name in voices:
            continue
        chosen = settings.get(character.name, CharacterSettings(character.name))
        gender = chosen.gender or character.gender or usual
        source = palettes.setdefault(gender, palette(gender, narrator))
        voice = next(v for v in source if _with(v, chosen) not in taken)
        voices[character.name] = _with(voice, chosen)
        taken.add(voices[character.name])
    return Cast(narrator, voices)


def book_balance(characters: Sequence[Character]) -> str | None:
    """The gender most of the book's lines are spoken in, by the characters whose
    gender the text tells: who someone of unknown gender most likely is (in a
    book of sailors, a man), rather than a coin toss. None when it is even."""
    lines = {"female": 0, "male": 0}
    for c in characters:
        if c.gender in lines:
            lines[c.gender] += max(1, c.lines)
    if lines["female"] == lines["male"]:
        return None
    return max(lines, key=lines.get)


def _with(voice: Voice, chosen: CharacterSettings) -> Voice:
    """``voice`` with the settings the user did give (rate, pitch...) applied: those
    its engine reads (a rate asked for does not apply to a Piper voice cast)."""
    other = engine.foreign_settings(voice.id)
    return Voice(**{**voice.__dict__, **{k: v for k, v in chosen.voice.items() if k not in other}})
