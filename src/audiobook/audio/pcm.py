"""The only module that knows pydub: trimming a clip's silent ends, on mono
16-bit samples.

pydub is imported quietly: it warns on import when ffmpeg is missing, and
the build already says that in one line (tools.ffmpeg) before any work.
"""
from __future__ import annotations

import array
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", RuntimeWarning)
    from pydub import AudioSegment
    from pydub.silence import detect_leading_silence


def trimmed(samples: bytes, rate: int, threshold_dbfs: float, keep_ms: int = 10) -> array.array:
    """The samples without the silence (quieter than ``threshold_dbfs``) at
    either end, ``keep_ms`` of the tail kept."""
    clip = AudioSegment(samples, sample_width=2, frame_rate=rate, channels=1)
    start = detect_leading_silence(clip, threshold_dbfs)
    end = len(clip) - detect_leading_silence(clip.reverse(), threshold_dbfs)
    return array.array("h", samples)[_sample(start, rate): _sample(max(start, end) + keep_ms, rate)]


def _sample(ms: int, rate: int) -> int:
    """pydub counts milliseconds; the cache keeps samples."""
    return round(ms * rate / 1000)
