"""Project Gutenberg plain texts: the licence header and footer are not read.

A Gutenberg text is the book between a ``*** START OF THE PROJECT GUTENBERG
EBOOK ... ***`` line and an ``*** END OF ... ***`` line (older texts: ``*END*
THE SMALL PRINT!`` and ``End of the Project Gutenberg EBook``). Everything
outside, and the "Produced by" credits just after the start line, become
skips; the header's ``Title:`` and ``Author:`` lines name the story.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Skip
from .text import fold, paragraph_spans

LICENCE = "Project Gutenberg licence"

_LINE_START = r"(?<![^\r\n])"
_START = re.compile(
    _LINE_START + r"[ \t]*(?:\*\*\*\s*START OF (?:THE|THIS) PROJECT GUTENBERG|\*END\*\s*THE SMALL PRINT)[^\r\n]*",
    re.IGNORECASE,
)
_END = re.compile(
    _LINE_START + r"[ \t]*(?:\*\*\*\s*END OF (?:THE|THIS) PROJECT GUTENBERG"
    r"|End of (?:the )?Project Gutenberg(?:'s)? (?:E-?Book|E-?text|Work))",
    re.IGNORECASE,
)
_CREDITS = re.compile(r"(?:Produced|Transcribed|Prepared|E-?text prepared) by\b", re.IGNORECASE)
_CONTINUED = r"(?:(?:\r\n|\r|\n)[ \t]+[^\r\n]+)*"  # header fields wrap onto indented lines


@dataclass(frozen=True)
class GutenbergText:
    skips: list[Skip]
    title: str | None
    author: str | None


def find_gutenberg(text: str) -> GutenbergText | None:
    """The licence spans and header fields of a Gutenberg text, or None if it is not one."""
    start = _START.search(text)
    if not start:
        return None
    header = text[: start.start()]
    body_start = _after_credits(text, start.end())
    skips = [Skip(0, body_start, LICENCE)]
    end = _END.search(text, body_start)
    if end:
        skips.append(Skip(end.start(), len(text), LICENCE))
    return GutenbergText(skips, _field(header, "Title"), _field(header, "Author"))


def _after_credits(text: str, body_start: int) -> int:
    """Where the book itself begins: past the first paragraph if it is a credits line."""
    following = paragraph_spans(text[body_start : body_start + 2000])
    if following and _CREDITS.match(text, body_start + following[0][0]):
        return body_start + following[0][1]
    return body_start


def _field(header: str, name: str) -> str | None:
    m = re.search(_LINE_START + name + r":[ \t]*([^\r\n]+" + _CONTINUED + ")", header)
    return fold(m.group(1)) if m else None
