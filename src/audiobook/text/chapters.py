"""A story's title block and the chapters that tile its text."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..model import Chapter, Skip
from .headings import Heading, is_contents_title, looks_like_title, readable_case
from .spans import fold

_BYLINE = re.compile(r"by\s+(\S.*)", re.IGNORECASE)
_WORD_CHAR = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class TitleBlock:
    """The title at the top of a story, and the "by Author" line under it if any."""

    heading: Heading
    end: int  # end of the block: the title, or the byline when there is one
    author: str | None = None


def find_title_block(
    text: str, paragraphs: list[tuple[int, int]], headings: list[Heading]
) -> TitleBlock | None:
    """The story's own title when the text starts with one.

    That is a top-level Markdown heading which is neither "Chapter N" nor one
    of several top-level headings (those are chapters), or a first paragraph
    that is one short line in title style followed by more text. Stories that
    start straight with prose have none and take their title from elsewhere.
    """
    if len(paragraphs) < 2:
        return None
    first = paragraphs[0]
    if headings and headings[0].start == first[0]:
        top = headings[0]
        if top.level != 1 or top.numbered or any(h.level == 1 and not h.numbered for h in headings[1:]):
            return None
    elif looks_like_title(text[first[0] : first[1]]) and not is_contents_title(text[first[0] : first[1]]):
        top = Heading(first[0], first, readable_case(text[first[0] : first[1]]), level=1)
    else:
        return None
    second = paragraphs[1]
    byline = _BYLINE.fullmatch(fold(text[second[0] : second[1]]).strip("*_ "))
    if byline and len(paragraphs) > 2 and looks_like_title(byline.group(1)):
        return TitleBlock(top, second[1], byline.group(1))
    return TitleBlock(top, top.span[1])  # prose may follow a Markdown heading in its paragraph


def tile_chapters(
    text: str, headings: list[Heading], title: str, block: TitleBlock | None, skips: list[Skip]
) -> tuple[Chapter, ...]:
    """Chapters covering the whole text in order, one per chapter heading.

    Text before the first chapter heading becomes an opening chapter named
    after the story when it holds words other than the title block and the
    skipped spans (licence, front matter); otherwise the first chapter starts
    at 0, and the title block is simply read at its beginning. A story without
    chapter headings is one chapter named after the story.
    """
    title_span = block.heading.span if block else None
    chapter_headings = [h for h in headings if not (block and h.start == block.heading.start)]
    if not chapter_headings:
        return (Chapter(title, 0, len(text), title_span),)
    ends = [h.start for h in chapter_headings[1:]] + [len(text)]
    chapters = [Chapter(h.title, h.start, end, h.span) for h, end in zip(chapter_headings, ends)]
    unspoken = skips + ([Skip(block.heading.start, block.end, "title")] if block else [])
    if has_words(text, 0, chapters[0].start, unspoken):
        return (Chapter(title, 0, chapters[0].start, title_span), *chapters)
    return (replace(chapters[0], start=0), *chapters[1:])


def has_words(text: str, start: int, end: int, unspoken: list[Skip]) -> bool:
    """Whether text[start:end], outside the unspoken spans, has a letter or digit."""
    pos = start
    for skip in sorted(unspoken, key=lambda k: k.start):
        if skip.start > pos and _WORD_CHAR.search(text, pos, min(skip.start, end)):
            return True
        pos = max(pos, skip.end)
        if pos >= end:
            return False
    return _WORD_CHAR.search(text, pos, end) is not None
