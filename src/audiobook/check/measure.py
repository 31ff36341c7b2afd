"""Measurements of finished audio files, taken with ffmpeg's own filters.

The figures come from ffmpeg (``ebur128``, ``astats``, ``silencedetect``) and
ffprobe rather than from our own DSP, so they match what anyone else gets when
they check the same file with the standard tools. The build reuses
``loudness`` to normalise; ``audiobook check`` uses ``measure`` and ``probe``.
"""
from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import AudiobookError
from ..tools import ffmpeg, ffprobe

#: Quieter than any speech, louder than an acceptable noise floor (ACX: -60 dB),
#: so room tone counts as silence but the ends of words do not.
ROOM_TONE_THRESHOLD_DB = -50.0
#: Pauses shorter than this are not reported as room tone.
MIN_ROOM_TONE_S = 0.1

# ebur128 converts to doubles on its way out, so it goes last in the chain:
# astats and silencedetect then see the decoded samples untouched.
_LEVELS_FILTER = "astats=measure_perchannel=none:measure_overall=Peak_level+RMS_level+Noise_floor"
_SILENCE_FILTER = f"silencedetect=noise={ROOM_TONE_THRESHOLD_DB}dB:duration={MIN_ROOM_TONE_S}"
_LOUDNESS_FILTER = "ebur128=peak=true:framelog=verbose"  # verbose: only the summary at info level

_NUMBER = r"(-?(?:inf|nan|\d+(?:\.\d+)?(?:e[-+]?\d+)?))"


@dataclass(frozen=True)
class Loudness:
    """EBU R128 figures: what players and loudness targets are defined by.
    Mono is measured as one channel (ebur128's default), not as dual mono."""

    integrated_lufs: float
    range_lu: float
    true_peak_dbtp: float


@dataclass(frozen=True)
class Levels:
    """Sample-level figures (dBFS) in the terms ACX states its rules in."""

    rms_db: float
    peak_db: float
    noise_floor_db: float  # astats' lowest short-window peak; -inf for digital silence


@dataclass(frozen=True)
class RoomTone:
    """Seconds of near-silence (below ROOM_TONE_THRESHOLD_DB) at each end."""

    head_s: float
    tail_s: float


@dataclass(frozen=True)
class Measurement:
    """Everything measured from the decoded audio, taken in one decode."""

    duration_s: float  # what a player plays: the container's figure can include encoder padding
    loudness: Loudness
    levels: Levels
    room_tone: RoomTone


@dataclass(frozen=True)
class ProbedChapter:
    """A chapter as ffprobe reads it from a finished file (not the text's model.Chapter)."""

    title: str
    start_s: float
    end_s: float


@dataclass(frozen=True)
class Probe:
    """What the container says about a file: no decoding involved."""

    duration_s: float
    format: str  # "mp3", "m4b", "wav"...
    codec: str
    bitrate_kbps: float | None
    bitrate_mode: str | None  # "CBR" or "VBR" for MP3, else None
    sample_rate_hz: int
    channels: int
    tags: dict[str, str]
    chapters: tuple[ProbedChapter, ...]  # in the order the file lists them


def loudness(path: str | Path) -> Loudness:
    run = _run_filters(path, [_LOUDNESS_FILTER])
    return _parse_loudness(run.log, path)


def levels(path: str | Path) -> Levels:
    run = _run_filters(path, [_LEVELS_FILTER])
    return _parse_levels(run.log, path)


def room_tone(path: str | Path) -> RoomTone:
    run = _run_filters(path, [_SILENCE_FILTER])
    return _parse_room_tone(run.log, run.decoded_s)


def measure(path: str | Path) -> Measurement:
    """All of loudness, levels and room tone from a single decode: a long
    book takes minutes to decode, so check should not do it three times."""
    run = _run_filters(path, [_LEVELS_FILTER, _SILENCE_FILTER, _LOUDNESS_FILTER])
    return Measurement(
        duration_s=run.decoded_s,
        loudness=_parse_loudness(run.log, path),
        levels=_parse_levels(run.log, path),
        room_tone=_parse_room_tone(run.log, run.decoded_s),
    )


def probe(path: str | Path) -> Probe:
    path = _existing(path)
    result = _execute([ffprobe(), "-v", "error", "-show_format", "-show_streams",
                       "-show_chapters", "-of", "json", _argument(path)], path)
    info = json.loads(result.stdout)
    audio = next((s for s in info.get("streams", []) if s.get("codec_type") == "audio"), None)
    if audio is None:
        raise AudiobookError("has no audio stream", where=str(path))
    fmt = info["format"]
    bit_rate = audio.get("bit_rate") or fmt.get("bit_rate")
    return Probe(
        duration_s=float(fmt.get("duration") or audio.get("duration") or 0.0),
        format=_format_name(fmt["format_name"], path),
        codec=audio["codec_name"],
        bitrate_kbps=int(bit_rate) / 1000 if bit_rate else None,
        bitrate_mode=_bitrate_mode(path) if audio["codec_name"] == "mp3" else None,
        sample_rate_hz=int(audio["sample_rate"]),
        channels=int(audio["channels"]),
        tags=fmt.get("tags") or audio.get("tags", {}),  # Ogg and FLAC keep theirs on the stream
        chapters=tuple(
            ProbedChapter(c.get("tags", {}).get("title", ""), float(c["start_time"]), float(c["end_time"]))
            for c in info.get("chapters", [])
        ),
    )


@dataclass(frozen=True)
class _FilterRun:
    log: str  # ffmpeg's stderr, where filters print their summaries
    decoded_s: float  # how much audio was decoded: the end of the timeline


def _run_filters(path: str | Path, filters: list[str]) -> _FilterRun:
    path = _existing(path)
    result = _execute([ffmpeg(), "-hide_banner", "-nostdin", "-nostats", "-progress", "pipe:1",
                       "-i", _argument(path), "-map", "0:a:0", "-af", ",".join(filters), "-f", "null", "-"],
                      path)
    times = re.findall(r"^out_time_us=(\d+)$", result.stdout, re.MULTILINE)
    return _FilterRun(result.stderr, int(times[-1]) / 1e6 if times else 0.0)


def _parse_loudness(log: str, path: str | Path) -> Loudness:
    summary = log.rpartition("Summary:")[2]
    found = re.search(rf"I:\s+{_NUMBER} LUFS.*?LRA:\s+{_NUMBER} LU.*?Peak:\s+{_NUMBER} dBFS",
                      summary, re.DOTALL)
    if not found:
        raise AudiobookError("ffmpeg's ebur128 filter gave no loudness summary", where=str(path))
    return Loudness(*map(float, found.groups()))


def _parse_levels(log: str, path: str | Path) -> Levels:
    def figure(label: str) -> float:
        found = re.search(rf"\] {label} dB: {_NUMBER}", log)
        if not found:
            raise AudiobookError(f"ffmpeg's astats filter gave no {label}", where=str(path))
        return float(found.group(1))

    return Levels(figure("RMS level"), figure("Peak level"), figure("Noise floor"))


def _parse_room_tone(log: str, decoded_s: float) -> RoomTone:
    starts = [float(s) for s in re.findall(rf"silence_start: {_NUMBER}", log)]
    ends = [float(e) for e in re.findall(rf"silence_end: {_NUMBER}", log)]
    silences = list(zip(starts, ends))  # silencedetect closes a silence still open at the end
    head = next((end - start for start, end in silences if start <= 0.01), 0.0)
    tail = next((end - start for start, end in silences if end >= decoded_s - 0.01), 0.0)
    return RoomTone(head_s=head, tail_s=tail)


def _format_name(format_name: str, path: Path) -> str:
    """ffprobe names container families ("mov,mp4,m4a,..."); the file's own
    suffix says which member it is, and .m4b is an m4a by another name."""
    names = format_name.split(",")
    suffix = path.suffix.lower().lstrip(".")
    return suffix if {"m4b": "m4a"}.get(suffix, suffix) in names else names[0]


def _bitrate_mode(path: Path) -> str:
    """ffprobe has no field for it, and an MP3 encoded as a stream has no
    Xing/Info header to say it, so ask the frames: at a constant bitrate they
    all have the same size, give or take one padding byte. Reading every
    packet's size costs about 2 s for a 2-hour book (no decoding)."""
    result = _execute([ffprobe(), "-v", "error", "-select_streams", "a:0",
                       "-show_entries", "packet=size", "-of", "default=noprint_wrappers=1", _argument(path)], path)
    sizes = [int(size) for size in re.findall(r"^size=(\d+)$", result.stdout, re.MULTILINE)]
    return "CBR" if sizes and max(sizes) - min(sizes) <= 1 else "VBR"


def _existing(path: str | Path) -> Path:
    path = Path(path)
    if not path.is_file():
        raise AudiobookError("no such file", where=str(path))
    return path


def _argument(path: Path) -> str:
    """Absolute, so that ffmpeg never takes "-x.mp3" for an option or
    "chapter:1.mp3" for a protocol."""
    return str(path.absolute())


def _execute(command: list[str], path: Path) -> subprocess.CompletedProcess[str]:
    # Tags are echoed in whatever bytes the file holds: never fail on them.
    result = subprocess.run(command, capture_output=True, encoding="utf-8", errors="replace")
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        reason = lines[-1] if lines else f"exit status {result.returncode}"
        raise AudiobookError(f"cannot read the audio ({reason})", where=str(path))
    return result
