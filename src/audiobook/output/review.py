"""`audiobook review`: one HTML page to see and hear who says what, and to fix it.

The page (review/page.html, review.css, review.js) is one file that works
from file:// with no server and no network: its data is embedded as JSON,
its script and style inline under a Content-Security-Policy that admits
only them (by hash), no remote loads and no inline event handlers. The
story's text is data: the JSON is escaped so that nothing in it can end
the script element, and the page puts it on screen as text nodes only.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections import Counter
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from ..files import write_atomic
from ..model import Script, Segment

DOUBTFUL_SHARE = 0.2  # the least sure fifth of the dialogue is flagged (it holds about half of the errors)
QUOTE_WORDS = 6  # a pin names its quotation by this many opening words, more when that is not unique


@dataclass(frozen=True)
class Heard:
    """When one segment is heard (seconds, from the transcript), and in which file beside the page."""

    start: float
    end: float
    audio: str


def page_data(title: str, scripts: list[Script], heard: list[dict[int, Heard]]) -> dict:
    """What the page shows: each story's segments with speaker, voice, how, confidence and
    where it is heard (``heard``, per story: segment index -> file and times); the cast
    (those heard and those listed), busiest first, with the voice they first speak in
    and a sample line."""
    confidences = sorted(seg.confidence for s in scripts for seg in s.segments
                         if _shown(seg) and seg.kind == "dialogue")
    # lines at or below this are doubtful: the least sure fifth (at least one line)
    doubt = confidences[int((len(confidences) - 1) * DOUBTFUL_SHARE)] if confidences else 0.0
    stories, samples = [], {}
    for s, (script, times) in enumerate(zip(scripts, heard)):
        segments = []
        quotes = [(seg, seg.text.casefold()) for seg in script.segments if seg.kind == "dialogue"]
        for i, seg in enumerate(script.segments):
            if not _shown(seg):
                continue
            at = times.get(i)
            speaker = seg.speaker if seg.kind == "dialogue" else None
            if speaker and at and speaker not in samples:
                samples[speaker] = [s, len(segments)]
            segments.append({"kind": seg.kind, "text": seg.text, "speaker": speaker,
                             "voice": script.cast.voice_for(speaker).id, "how": seg.how,
                             "confidence": round(seg.confidence, 3), "audio": at and at.audio,
                             "start": at and round(at.start, 3), "end": at and round(at.end, 3),
                             "quote": _opening(seg, quotes) if seg.kind == "dialogue" else ""})
        stories.append({"title": script.story.title, "pinStory": Path(script.story.source).name,
                        "segments": segments})
    lines: Counter = Counter()
    voices: dict[str, str] = {}
    for script in scripts:
        for c in script.characters:  # those heard, and those listed in voices.toml
            lines[c.name] += c.lines
            voices.setdefault(c.name, script.cast.voice_for(c.name).id)
    cast = [{"name": name, "lines": n, "voice": voices[name], "color": _color(k, len(lines)),
             "sample": samples.get(name)} for k, (name, n) in enumerate(lines.most_common())]
    return {"title": title, "doubt": doubt, "stories": stories, "characters": cast}


def _shown(seg: Segment) -> bool:
    return bool(seg.text) and not seg.skip


def _opening(seg: Segment, quotes: list[tuple[Segment, str]]) -> str:
    """The fewest opening words (at least QUOTE_WORDS) that no other quotation of the story
    (``quotes``: each with its text case-folded) starts with."""
    words = seg.text.split()
    others = [folded for s, folded in quotes if s is not seg]
    for n in range(min(QUOTE_WORDS, len(words)), len(words) + 1):
        opening = " ".join(words[:n])
        if not any(o.startswith(opening.casefold()) for o in others):
            return opening
    return seg.text


def _color(n: int, count: int) -> str:
    """Distinct hues, spread round the circle, dark enough to read beside text."""
    return f"hsl({round(n * 360 / max(1, count)) % 360} 65% 42%)"


def write_page(target: Path, data: dict) -> None:
    assets = files(__package__).joinpath("review")
    script, style = (assets.joinpath(name).read_text(encoding="utf-8") for name in ("review.js", "review.css"))
    csp = (f"default-src 'none'; script-src '{_hash(script)}'; style-src '{_hash(style)}'; "
           "media-src 'self' file: blob:; img-src 'self' data:; base-uri 'none'; form-action 'none'")
    values = {"csp": csp, "title": html.escape(data["title"]), "style": style, "script": script,
              "data": embedded_json(data)}
    page = re.sub(r"\{(csp|title|style|script|data)\}", lambda m: values[m.group(1)],
                  assets.joinpath("page.html").read_text(encoding="utf-8"))  # one pass: nothing inserted is read again
    write_atomic(target, page.encode("utf-8"))


def embedded_json(value: object) -> str:
    """JSON that cannot end or change the <script> element it sits in: <, >, & and
    the line separators are escaped (they mean the same to a JSON parser)."""
    text = json.dumps(value, ensure_ascii=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _hash(source: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode()
