"""One gain per voice, so every voice sounds equally loud.

espeak's voices differ by several LU (a high female variant is louder than
a low male one). Normalising each sentence would make audible jumps, so each
voice is measured once, on a fixed calibration text, and all its lines get
the same gain. The calibration text is an ordinary batch of clips (spoken
alongside the book's own, first in its fresh process, so its audio depends
on the voice alone) and the gain is measured from it through the same
mastering the book gets (master.py: gain, then the limiter, which takes some
loudness away, so the gain is corrected until it holds). A part's cache key names the
calibration batch of each of its voices rather than the gain, so it is known
before anything is spoken.
"""
from __future__ import annotations

import threading

import numpy as np

from ..model import Voice
from .clips import Batch, ClipCache, make_batch
from .master import loudness, master

# Harvard sentences: phonetically balanced, the usual reference for speech level.
CALIBRATION = ("The birch canoe slid on the smooth planks.", "Glue the sheet to the dark blue background.",
               "It's easy to tell the depth of a well.", "These days a chicken leg is a rare dish.",
               "Rice is often served in round bowls.", "The juice of lemons makes fine punch.",
               "The box was thrown beside the parked truck.", "Four hours of steady work faced us.")
PAUSE = 0.3  # seconds between the calibration sentences, as between a book's
ROUNDS = 8  # measurements at most after the first (three or four are usual)
MAX_STEP = 12.0  # dB a measurement may move the gain
MAX_GAIN = 30.0  # dB either way: a voice needing more is limited flat anyway


def calibration(voice: Voice, engine_version: str) -> Batch:
    """The batch whose clips ``voice``'s gain is measured on."""
    return make_batch(voice, list(CALIBRATION), engine_version)


def gain(clips: list[bytes], target_lufs: float, rate: int) -> float:
    """dB that bring speech made of ``clips`` (16-bit samples) to ``target_lufs`` after mastering."""
    silence = bytes(2 * round(PAUSE * rate))
    raw = silence.join(clips)

    def measured(db: float) -> float:
        return loudness(np.frombuffer(master(raw, db), np.int16) / 32768, rate)

    # Loudness grows with the gain, ever more slowly as the limiter works
    # harder: secant steps (a plain correction where the slope is unsure),
    # each at most MAX_STEP, find the gain in three or four measurements.
    db, error = 0.0, measured(0.0) - target_lufs
    before = None
    for _ in range(ROUNDS):
        if abs(error) < 0.02:
            break
        slope = (error - before[1]) / (db - before[0]) if before and db != before[0] else 1.0
        step = -error / slope if slope > 0.1 else -error
        before = db, error
        db = min(MAX_GAIN, max(-MAX_GAIN, db + min(MAX_STEP, max(-MAX_STEP, step))))
        error = measured(db) - target_lufs
    return round(db, 1)


class Gains:
    """Each voice's gain, measured once per build from its calibration batch in the clip cache
    (by the first encoding thread that needs it; others needing the same voice wait for it)."""

    def __init__(self, batches: dict[Voice, Batch], cache: ClipCache, target_lufs: float, rate: int):
        self._batches, self._cache = batches, cache
        self._target, self._rate = target_lufs, rate
        self._known: dict[Voice, float] = {}
        self._locks = {voice: threading.Lock() for voice in batches}

    def __call__(self, voice: Voice) -> float:
        with self._locks[voice]:
            if voice not in self._known:
                batch = self._batches[voice]
                clips = [self._cache.read((batch.key, n)) for n in range(len(batch.texts))]
                self._known[voice] = gain(clips, self._target, self._rate)
            return self._known[voice]
