"""`audiobook check`: does a finished file behave and sound like an audiobook?

A file is measured once (ffprobe for the container, one ffmpeg decode for the
sound), every figure lands in one flat table, and a preset (presets.py) is
nothing but the ranges and choices that table must meet; adding a preset
adds data, not code.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from ..errors import AudiobookError
from ..presets import PRESETS, Preset
from .measure import Measurement, Probe, ProbedChapter, measure, probe

#: Chapter boundaries closer than this count as touching: ID3 stores whole
#: milliseconds and encoders round the audio to whole frames (26 ms in MP3).
CHAPTER_TOLERANCE_S = 0.05


#: How each numeric figure is named and given a unit in the report.
FIGURES: dict[str, tuple[str, str]] = {
    "duration_min": ("duration", "min"),
    "bitrate_kbps": ("bitrate", "kbps"),
    "sample_rate_hz": ("sample rate", "Hz"),
    "integrated_lufs": ("integrated loudness", "LUFS"),
    "loudness_range_lu": ("loudness range", "LU"),
    "true_peak_dbtp": ("true peak", "dBTP"),
    "rms_db": ("RMS", "dB"),
    "peak_db": ("peak", "dB"),
    "noise_floor_db": ("noise floor", "dB"),
    "head_room_tone_s": ("room tone at the head", "s"),
    "tail_room_tone_s": ("room tone at the tail", "s"),
}


@dataclass(frozen=True)
class Report:
    path: Path
    preset: str
    probe: Probe
    measurement: Measurement
    chapter_problems: tuple[str, ...]
    failures: tuple[str, ...]  # one reason each; includes the chapter problems

    @property
    def ok(self) -> bool:
        return not self.failures


def check_file(path: str | Path, preset: str = "default") -> Report:
    if preset not in PRESETS:
        choices = "; ".join(f"{name} ({p.description})" for name, p in PRESETS.items())
        raise AudiobookError(f"unknown preset {preset!r}; choose one of: {choices}")
    info = probe(path)
    sound = measure(path)
    problems = tuple(chapter_problems(info.chapters, sound.duration_s))
    return Report(Path(path), preset, info, sound, problems,
                  problems + tuple(_preset_failures(PRESETS[preset], info, sound)))


def chapter_problems(chapters: tuple[ProbedChapter, ...], duration_s: float) -> list[str]:
    """Why players would show these chapters wrongly: out of time order,
    untitled, gaps or overlaps, or not reaching the end of the audio."""
    if not chapters:
        return []
    problems = [f"chapter {n} has no title" for n, c in enumerate(chapters, 1) if not c.title.strip()]
    order = sorted(range(len(chapters)), key=lambda i: chapters[i].start_s)
    if order != list(range(len(chapters))):
        listed = ", ".join(str(i + 1) for i in order)
        problems.append(f"chapters are not listed in time order (in time order they are {listed})")
    timeline = [(i + 1, chapters[i]) for i in order]
    problems += [f"chapter {n} ends at {c.end_s:.3f} s, before it starts at {c.start_s:.3f} s"
                 for n, c in timeline if c.end_s < c.start_s]
    first_n, first = timeline[0]
    if first.start_s > CHAPTER_TOLERANCE_S:
        problems.append(f"gap of {first.start_s:.3f} s before chapter {first_n}")
    for (a_n, a), (b_n, b) in zip(timeline, timeline[1:]):
        step = b.start_s - a.end_s
        if abs(step) > CHAPTER_TOLERANCE_S:
            kind = "gap" if step > 0 else "overlap"
            problems.append(f"{kind} of {abs(step):.3f} s between chapters {a_n} and {b_n}")
    last_n, last = timeline[-1]
    if abs(last.end_s - duration_s) > CHAPTER_TOLERANCE_S:
        problems.append(f"last chapter ({last_n}) ends at {last.end_s:.3f} s but the audio lasts {duration_s:.3f} s")
    return problems


def figures(info: Probe, sound: Measurement) -> dict[str, float | str]:
    """Every figure a preset can hold a file to, by name: numbers (named in
    FIGURES) for its limits, words for its choices."""
    return {
        "format": info.format,
        "bitrate_mode": info.bitrate_mode or "unknown",
        "duration_min": sound.duration_s / 60,
        "bitrate_kbps": info.bitrate_kbps if info.bitrate_kbps is not None else math.nan,
        "sample_rate_hz": info.sample_rate_hz,
        "integrated_lufs": sound.loudness.integrated_lufs,
        "loudness_range_lu": sound.loudness.range_lu,
        "true_peak_dbtp": sound.loudness.true_peak_dbtp,
        "rms_db": sound.levels.rms_db,
        "peak_db": sound.levels.peak_db,
        "noise_floor_db": sound.levels.noise_floor_db,
        "head_room_tone_s": sound.room_tone.head_s,
        "tail_room_tone_s": sound.room_tone.tail_s,
    }


def _preset_failures(preset: Preset, info: Probe, sound: Measurement) -> list[str]:
    values = figures(info, sound)
    failures = []
    for name, limit in preset.limits.items():
        if not limit.low <= values[name] <= limit.high:  # NaN (unknown) fails too
            label, unit = FIGURES[name]
            failures.append(f"{label} is {round(values[name], 2):g} {unit}, should be {limit} {unit}")
    for name, allowed in preset.choices.items():
        if values[name] not in allowed:
            failures.append(f"{name.replace('_', ' ')} is {values[name]}, should be {' or '.join(sorted(allowed))}")
    return failures


def format_report(report: Report) -> str:
    """A few aligned lines per file for a person to read at a terminal."""
    info, sound = report.probe, report.measurement
    seconds = sound.duration_s
    verdict = "PASS" if report.ok else "FAIL"
    tags = ", ".join(f"{k}={v}" for k, v in sorted(info.tags.items())) or "none"
    lines = [
        f"{report.path}: {verdict} (preset {report.preset})",
        f"  duration     {_clock(seconds)} ({seconds:.2f} s)",
        f"  format       {info.format}, {info.codec}, {_bitrate(info)}, {info.sample_rate_hz} Hz, "
        f"{info.channels} channel{'s' if info.channels != 1 else ''}",
        f"  tags         {tags}",
        f"  chapters     {len(info.chapters)}"
        + ("" if not info.chapters else ", consistent" if not report.chapter_problems else ", with problems"),
        *(f"    {n:>3}  {_clock(c.start_s)}  {c.title}" for n, c in enumerate(info.chapters, 1)),
        f"  loudness     {sound.loudness.integrated_lufs:.1f} LUFS integrated, "
        f"{sound.loudness.range_lu:.1f} LU range, {sound.loudness.true_peak_dbtp:.1f} dBTP true peak",
        f"  levels       RMS {sound.levels.rms_db:.1f} dB, peak {sound.levels.peak_db:.1f} dB, "
        f"noise floor {sound.levels.noise_floor_db:.1f} dB",
        f"  room tone    {sound.room_tone.head_s:.2f} s at the head, {sound.room_tone.tail_s:.2f} s at the tail",
    ]
    lines += [f"  FAIL: {reason}" for reason in report.failures]
    return "\n".join(lines)


def _clock(seconds: float) -> str:
    minutes, secs = divmod(seconds, 60)
    return f"{int(minutes // 60)}:{int(minutes % 60):02d}:{secs:06.3f}"


def _bitrate(info: Probe) -> str:
    if info.bitrate_kbps is None:
        return "bitrate unknown"
    return f"{info.bitrate_kbps:g} kbps" + (f" {info.bitrate_mode}" if info.bitrate_mode else "")
