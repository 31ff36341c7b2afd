"""Text around a story that is not the story: a Project Gutenberg licence or
Markdown front matter. It becomes skips, and the title and author it gives
name the story. Gutenberg's ``[Illustration: ...]`` markers inside the text
are skipped too, and so are a Markdown file's ``<!-- comments -->``.

A Gutenberg text is the book between a ``*** START OF THE PROJECT GUTENBERG
EBOOK ... ***`` line and an ``*** END OF ... ***`` line (older texts: ``*END*
THE SMALL PRINT!`` and ``End of the Project Gutenberg EBook``). Everything
outside, and the "Produced by" credits just after the start line, is skipped;
the header's ``Title:`` and ``Author:`` lines name the story. Front matter is
a block between ``---`` lines at the very top of a Markdown file, with
``title:`` and ``author:`` lines.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Skip
from .spans import fold, paragraph_spans

LICENCE = "Project Gutenberg licence"
FRONT_MATTER = "front matter"
ILLUSTRATION = "illustration"
COMMENT = "comment"

_LINE_START = r"(?<![^\r\n])"
_NEWLINE = r"(?:\r\n|\r|\n)"
_START = re.compile(
    _LINE_START + r"[ \t]*(?:\*\*\*\s*START OF (?:THE|THIS) PROJECT GUTENBERG"
    r"|\*END\*\s*THE SMALL PRINT)[^\r\n]*",
    re.IGNORECASE,
)
_END = re.compile(
    _LINE_START + r"[ \t]*(?:\*\*\*\s*END OF (?:THE|THIS) PROJECT GUTENBERG"
    r"|End of (?:the )?Project Gutenberg(?:'s)? (?:E-?Book|E-?text|Work))",
    re.IGNORECASE,
)
_ILLUSTRATION = re.compile(r"\[Illustration(?:[.:][^\]]*)?\]", re.IGNORECASE)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
_CREDITS = re.compile(r"(?:Produced|Transcribed|Prepared|E-?text prepared) by\b", re.IGNORECASE)
_FRONT_MATTER = re.compile(
    rf"---[ \t]*{_NEWLINE}(.*?{_NEWLINE})??(?:---|\.\.\.)[ \t]*(?={_NEWLINE}|$)", re.DOTALL
)
# Lines of YAML front matter: "key: value", indented or "- " continuations, comments.
_YAML_LINE = re.compile(r"[\w-]+[ \t]*:.*|[ \t]+.*|-[ \t].*|#.*|")
_YAML_KEY = re.compile(r"[\w-]+[ \t]*:")


@dataclass(frozen=True)
class Preamble:
    skips: list[Skip]
    title: str | None
    author: str | None


def find_preamble(text: str, markdown: bool = False) -> Preamble:
    """The licence or front matter of a story, its illustration markers and,
    in Markdown, its HTML comments (never shown, so never spoken)."""
    preamble = _gutenberg(text) or _front_matter(text) or Preamble([], None, None)
    markers = [(m, ILLUSTRATION) for m in _ILLUSTRATION.finditer(text)]
    markers += [(m, COMMENT) for m in _HTML_COMMENT.finditer(text)] if markdown else []
    skips = list(preamble.skips)
    for m, reason in sorted(markers, key=lambda marker: marker[0].start()):
        if not any(k.start <= m.start() < k.end for k in skips):
            skips.append(Skip(m.start(), m.end(), reason))
    return Preamble(sorted(skips, key=lambda k: k.start), preamble.title, preamble.author)


def _gutenberg(text: str) -> Preamble | None:
    start = _START.search(text)
    if not start:
        return None
    header = text[: start.start()]
    body_start = _after_credits(text, start.end())
    skips = [Skip(0, body_start, LICENCE)]
    end = _END.search(text, body_start)
    if end:
        skips.append(Skip(end.start(), len(text), LICENCE))
    return Preamble(skips, _field(header, "Title", continued=True), _field(header, "Author", continued=True))


def _after_credits(text: str, body_start: int) -> int:
    """Where the book itself begins: past the first paragraph if it is a credits line."""
    following = paragraph_spans(text[body_start : body_start + 2000])
    if following and _CREDITS.match(text, body_start + following[0][0]):
        return body_start + following[0][1]
    return body_start


def _front_matter(text: str) -> Preamble | None:
    block = _FRONT_MATTER.match(text)
    lines = re.split(_NEWLINE, block.group(1) or "") if block else []
    is_yaml = all(_YAML_LINE.fullmatch(line) for line in lines)
    if not is_yaml or not any(_YAML_KEY.match(line) for line in lines):
        return None  # a scene break or rule at the top, not front matter
    title, author = (_field(block.group(1), name, continued=False) for name in ("title", "author"))
    unquoted = (value and value.strip("'\"") for value in (title, author))
    return Preamble([Skip(0, block.end(), FRONT_MATTER)], *unquoted)


def _field(header: str, name: str, continued: bool) -> str | None:
    """A "Name: value" line's value. ``continued``: with its indented
    continuation lines, a subtitle ("A Tale of Two Cities: A Story of the
    French Revolution") or the rest of a wrapped line."""
    continuation = rf"(?:{_NEWLINE}[ \t]+[^\r\n]+)*" if continued else ""
    m = re.search(_LINE_START + name + r":[ \t]*([^\r\n]+" + continuation + ")", header, re.IGNORECASE)
    if not m:
        return None
    value, *more = (fold(line) for line in re.split(_NEWLINE, m.group(1)))
    for line in more:
        value += " " + line if value.endswith((",", ";", ":", "-")) or not line[:1].isupper() else ": " + line
    return value
