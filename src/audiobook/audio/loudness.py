"""One gain per voice, so every voice sounds equally loud.

espeak's voices differ by several LU (a high female variant is louder than
a low male one). Normalising each sentence would make audible jumps, so each
voice is measured once, on a fixed calibration text, with ffmpeg's EBU R128
meter, and all its lines get the same gain. The peak limiter after the gain
takes some loudness away, so the gain is found by measuring the calibration
text through the same mastering chain, correcting twice. The gain depends
only on the voice and the target, so it is cached and never moves when the
story changes.
"""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..check import measure
from ..files import Damaged, checked_json, read_checked_json, write_atomic
from ..model import Voice
from ..voices import engine
from .encode import Format, master, mastering
from .worker import render

# Harvard sentences: phonetically balanced, the usual reference for speech level.
CALIBRATION = ("The birch canoe slid on the smooth planks. Glue the sheet to the dark blue background. "
               "It's easy to tell the depth of a well. These days a chicken leg is a rare dish. "
               "Rice is often served in round bowls. The juice of lemons makes fine punch. "
               "The box was thrown beside the parked truck. Four hours of steady work faced us.")
FORMAT = 2


def gains(voices: set[Voice], fmt: Format, cache_dir: Path,
          notice: Callable[[str], None] = lambda message: None) -> dict[Voice, float]:
    """dB to add to each voice to bring it to ``fmt.loudness``; calibrates only voices not seen before."""
    store = Path(cache_dir) / f"loudness-{FORMAT}.json"
    known = _load(store, notice)
    keys = {v: _key(v, fmt) for v in voices}
    missing = sorted(set(keys.values()) - set(known))
    if missing:
        by_key = {k: v for v, k in keys.items()}
        with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
            found = dict(zip(missing, pool.map(lambda key: _calibrate(by_key[key], fmt), missing)))
        known = {**_load(store, lambda message: None), **found}  # another build may have added voices meanwhile
        _save(store, known)
    return {v: known[k] for v, k in keys.items()}


def _key(voice: Voice, fmt: Format) -> str:
    return json.dumps([FORMAT, engine.version(), mastering(0.0), voice.__dict__, fmt.__dict__], sort_keys=True)


def _calibrate(voice: Voice, fmt: Format) -> float:
    """The calibration text is spoken in a fresh process (espeak's hidden state would
    otherwise make the gain depend on what was said before), measured here."""
    with tempfile.TemporaryDirectory() as tmp:
        raw, mastered = os.path.join(tmp, "raw.wav"), os.path.join(tmp, "mastered.mp3")
        render(CALIBRATION, voice, raw)
        gain = fmt.loudness - measure.loudness(raw).integrated_lufs
        for _ in range(2):
            master(raw, mastered, gain, fmt)
            gain += fmt.loudness - measure.loudness(mastered).integrated_lufs
        return round(gain, 1)


def _load(store: Path, notice: Callable[[str], None]) -> dict[str, float]:
    """The gains measured so far; a table that rotted on disk is reported and measured again."""
    if not store.exists():
        return {}
    try:
        return dict(read_checked_json(store))
    except (Damaged, TypeError, ValueError) as exc:
        notice(f"cache: damaged entry ({exc}); measuring the voices again")
        return {}


def _save(store: Path, known: dict[str, float]) -> None:
    store.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(store, checked_json(known))
