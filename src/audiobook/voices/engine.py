"""The engines behind one interface: the voices there are, what identifies
their sound (for the clip cache), and speaking a batch.

The rest of the pipeline names a voice by its id and asks which engine
speaks it only through is_piper: an id starting with "piper:" is a Piper voice (piper.py,
an optional extra), any other an espeak-ng voice (espeak.py, through
pyttsx3). Only those two modules know their libraries.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from ..model import Voice, VoiceInfo
from . import espeak, piper

SAMPLE_RATE = espeak.SAMPLE_RATE  # every clip, from either engine, comes at this rate
PIPER_SETTINGS = ("length_scale", "noise_scale", "noise_w", "semitones")  # Voice fields only Piper reads
ESPEAK_SETTINGS = ("rate", "pitch")  # and those only espeak-ng reads


def foreign_settings(voice_id: str) -> tuple[str, ...]:
    """The Voice fields the other engine reads, which do not apply to ``voice_id``."""
    return ESPEAK_SETTINGS if is_piper(voice_id) else PIPER_SETTINGS


def is_piper(voice_id: str) -> bool:
    return voice_id.startswith(piper.PREFIX)


def check_voice(voice_id: str, piper_folder: str | None = None) -> tuple[str, list[str] | None]:
    """(the model file of a Piper voice, or ""; None when ``voice_id`` is usable, else
    the nearest usable ids). A Piper voice that cannot be used raises an AudiobookError
    saying why (Piper not installed, no such model)."""
    if is_piper(voice_id):
        return str(piper.find(voice_id, piper_folder).path), None
    return "", espeak.check_voice(voice_id)


def version(voice: Voice) -> str:
    """What identifies the sound of ``voice``, for the clip cache key."""
    return piper.version(voice) if is_piper(voice.id) else espeak.version()


def check_installed() -> None:
    """espeak-ng is there (it is the default engine), before any work starts."""
    espeak.version()


def voices(piper_folder: str | None = None) -> list[VoiceInfo]:
    """Every voice of both engines (Piper's when it is installed)."""
    return espeak.Engine().voices() + (piper.voices(piper_folder) if piper.available() else [])


def variants() -> list[str]:
    """espeak-ng's variants, appended as +name to any of its voice ids."""
    return espeak.Engine().variants()


def speakers(voice: Voice) -> list[str]:
    """The other speakers of a multi-speaker Piper voice's model, as voice ids ([] for any other voice)."""
    return piper.speakers(voice) if is_piper(voice.id) else []


def words_per_minute(voice: Voice) -> float:
    """About how fast ``voice`` speaks, for telling a plausible clip from a broken one."""
    return piper.WORDS_PER_MINUTE / voice.length_scale if is_piper(voice.id) else voice.rate


def preload(voices: Sequence[Voice]) -> list[str]:
    """What a process that forks speakers should import first, for these voices."""
    return ["piper"] if any(is_piper(v.id) for v in voices) else []


def speak(voice: Voice, texts: Sequence[str], scratch: Path, seed: int) -> Iterator[bytes]:
    """Each of ``texts`` spoken in ``voice`` (mono 16-bit samples at SAMPLE_RATE); call it
    in a fresh process (a batch's sound then depends only on it); ``seed`` makes a Piper batch repeatable."""
    if is_piper(voice.id):
        return piper.speak(voice, texts, seed, SAMPLE_RATE)
    return espeak.speak(voice, texts, scratch)
