"""Transcripts beside each audio file, so a player or a reader can follow along.

WebVTT names the speaker with a voice span (<v Name>), which players show;
SRT has no such thing, so the name leads the line. Narration has no name.
"""
from __future__ import annotations

import re

from ..model import Cue

_TIMES = re.compile(r"(\d+):(\d\d):(\d\d)\.(\d{3}) --> (\d+):(\d\d):(\d\d)\.(\d{3})")
_VOICE = re.compile(r"<v ([^>]*)>")


def _stamp(seconds: float, separator: str) -> str:
    ms = max(0, round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{separator}{ms:03d}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cue_text(text: str) -> str:
    """A line's text as a WebVTT cue holds it: "-->" would end the cue's text."""
    return text.replace("-->", "->")


def webvtt(cues: list[Cue]) -> str:
    out = ["WEBVTT", ""]
    for n, cue in enumerate(cues, 1):
        text = _escape(cue_text(cue.text))
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


def read_webvtt(text: str) -> list[Cue]:
    """The cues of a WebVTT transcript as ``webvtt`` writes it (for `audiobook review`)."""
    cues = []
    for block in text.split("\n\n"):
        lines = block.split("\n")
        at = next(((k, m) for k, line in enumerate(lines) if (m := _TIMES.fullmatch(line))), None)
        if at is None:
            continue
        k, times = at
        said = " ".join(line for line in lines[k + 1:] if line)
        voice = _VOICE.match(said)
        speaker = _unescape(voice.group(1)) if voice else None
        said = said[voice.end():] if voice else said
        t = [int(x) for x in times.groups()]
        cues.append(Cue(_seconds(*t[:4]), _seconds(*t[4:]), _unescape(said), speaker))
    return cues


def _seconds(h: int, m: int, s: int, ms: int) -> float:
    return h * 3600 + m * 60 + s + ms / 1000


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
