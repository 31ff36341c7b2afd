"""Transcripts beside each audio file, so a player or a reader can follow along.

WebVTT names the speaker with a voice span (<v Name>), which players show;
SRT has no such thing, so the name leads the line. Narration has no name.
"""
from __future__ import annotations

from ..model import Cue


def _stamp(seconds: float, separator: str) -> str:
    ms = max(0, round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{separator}{ms:03d}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def webvtt(cues: list[Cue]) -> str:
    out = ["WEBVTT", ""]
    for n, cue in enumerate(cues, 1):
        text = _escape(cue.text.replace("-->", "->"))
        if cue.speaker:
            text = f"<v {_escape(cue.speaker)}>{text}"
        out += [str(n), f"{_stamp(cue.start, '.')} --> {_stamp(cue.end, '.')}", text, ""]
    return "\n".join(out)


def srt(cues: list[Cue]) -> str:
    out = []
    for n, cue in enumerate(cues, 1):
        text = f"{cue.speaker}: {cue.text}" if cue.speaker else cue.text
        out += [str(n), f"{_stamp(cue.start, ',')} --> {_stamp(cue.end, ',')}", text, ""]
    return "\n".join(out)
