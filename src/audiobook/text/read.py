"""Read stage: files on disk -> ``Story`` values.

``find_stories`` turns the paths a user gave into the files to read, and
``read_story`` reads one of them. A file that is not a story (an image, an
empty or binary file) raises ``SkippedInput``: the build prints it as a
one-line notice and goes on with the others.

The work is shared out: decode.py (bytes -> text), preamble.py (licence and
front matter), headings.py (heading lines), chapters.py (title block and
chapters tiling the text), epub.py (EPUB -> text and chapter starts).
"""
from __future__ import annotations

import os
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from pathlib import Path

from ..errors import AudiobookError, SkippedInput
from ..model import Skip, Story
from .chapters import find_title_block, has_words, tile_chapters
from .decode import decode_story
from .epub import read_epub
from .headings import Heading, scan_headings
from .markup import inline_markup, link_definitions
from .preamble import find_preamble
from .spans import fold, paragraph_spans

STORY_SUFFIXES = (".txt", ".md", ".markdown", ".epub")
_ORDERING_PREFIX = re.compile(r"\d{1,3}\s*[-_.)]?\s+|\d{1,3}[-_.)]\s*")
_NATURAL_PARTS = re.compile(r"(\d+)")


def find_stories(paths: Sequence[str | Path]) -> list[Path]:
    """The files to read, in order: each path as given, a folder's files by name.

    A folder stands for the files directly in it, in natural order ("2"
    before "10"), hidden files and ``cover.*`` images (the book's cover)
    left out. Files of other kinds are listed too, so that ``read_story``
    can skip each with a notice. Raises AudiobookError for a path that does
    not exist or a folder without a single .txt, .md or .epub file.
    """
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += _folder_stories(path)
        elif path.exists():
            found.append(path)
        else:
            raise AudiobookError(
                "no such file or folder; give story files (.txt, .md, .epub) or folders of them", where=str(path)
            )
    return _without_repeats(found)


def _without_repeats(paths: list[Path]) -> list[Path]:
    """Each file once, where first mentioned (a file given and its folder too)."""
    seen: set[Path] = set()
    unique = []
    for path in paths:
        if path.resolve() not in seen:
            seen.add(path.resolve())
            unique.append(path)
    return unique


def _folder_stories(folder: Path) -> list[Path]:
    try:
        files = [f for f in folder.iterdir() if f.is_file() and not _is_hidden(f) and not _is_cover(f)]
    except OSError as e:
        raise AudiobookError(f"cannot list this folder: {e.strerror}", where=str(folder)) from None
    if not any(f.suffix.lower() in STORY_SUFFIXES for f in files):
        raise AudiobookError("no stories here: put .txt, .md or .epub files in it", where=str(folder))
    return sorted(files, key=natural_key)


def _is_hidden(path: Path) -> bool:
    return path.name.startswith(".")


def _is_cover(path: Path) -> bool:
    """``cover.jpg`` or ``cover.png``: the book's cover art, used by the build."""
    return path.stem.lower() == "cover" and path.suffix.lower() in (".jpg", ".jpeg", ".png")


def natural_key(path: Path) -> tuple:
    """Sort key putting "2 x.txt" before "10 x.txt", case-insensitively."""
    parts = _NATURAL_PARTS.split(path.name.casefold())
    return tuple((0, int(p), "") if p.isdecimal() else (1, 0, p) for p in parts if p)


def read_story(path: str | Path, encoding: str | None = None) -> Story:
    """Read one story file (.txt, .md or .epub).

    Raises SkippedInput for files that are not stories (other extensions,
    binary content, no words at all) and AudiobookError for files that are
    stories but cannot be read (missing, unreadable, undecodable, broken EPUB).
    ``encoding`` overrides the detected encoding of .txt and .md files (see
    decode.py); an EPUB declares its own.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if path.is_dir():  # raises for a folder with no story in it
        first = next(f for f in _folder_stories(path) if f.suffix.lower() in STORY_SUFFIXES)
        raise AudiobookError(f"a folder, not a story file; give one story in it, such as {first}", where=str(path))
    if suffix not in STORY_SUFFIXES:
        kind = suffix or "no extension"
        raise SkippedInput(f"skipped: not a story ({kind}); stories are .txt, .md or .epub files", where=str(path))
    file_title = title_from_file_name(path)
    if not path.is_file():
        raise AudiobookError("not a file" if path.exists() else "no such file", where=str(path))
    if suffix == ".epub":
        book = read_epub(path)
        return story_from_text(book.text, str(path), file_title, book.title, book.author, book.skips,
                               headings=book.headings)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise AudiobookError(f"cannot read this file: {e.strerror}", where=str(path)) from None
    text = decode_story(data, path, encoding)
    markdown = suffix in (".md", ".markdown")
    preamble = find_preamble(text, markdown)
    skips = preamble.skips + (link_definitions(text) if markdown else [])
    dropped = inline_markup(text, skips) if markdown else []
    return story_from_text(text, str(path), file_title, preamble.title, preamble.author, skips, dropped=dropped)


def story_from_text(
    text: str,
    source: str,
    file_title: str,
    title: str | None = None,
    author: str | None = None,
    skips: Sequence[Skip] = (),
    headings: list[Heading] | None = None,
    dropped: Sequence[Skip] = (),
) -> Story:
    """A Story from decoded text: title, author and chapters found in it.

    ``title`` and ``author``, when known from metadata, win over a title at
    the top of the text (see ``find_title_block``), which wins over
    ``file_title``. ``skips`` are spans known not to be part of the story (a
    licence, front matter, illustration markers); Markdown heading markers
    and table-of-contents entries that look like headings are added to them.
    ``headings`` are the chapter headings when known otherwise (an EPUB's
    table of contents); else they are found in the text. ``dropped`` is
    inline markup inside the spoken text (see markup.py).
    """
    skips = sorted(skips, key=lambda k: k.start)
    if not has_words(text, 0, len(text), skips):
        reason = "empty story" if not text.strip() else "no words in this story, only punctuation or blanks"
        raise SkippedInput(f"skipped: {reason}", where=source)
    if headings is None:
        paragraphs = _paragraphs_outside(text, skips)
        headings, unspoken = scan_headings(text, paragraphs)
        block = find_title_block(text, paragraphs, headings)
    else:
        unspoken, block = [], None
    title = title or (block.heading.title if block else file_title)
    author = author or (block.author if block else None)
    chapters = tile_chapters(text, headings, title, block, skips + unspoken)
    skipped = tuple(sorted(skips + unspoken, key=lambda k: k.start))
    return Story(source, title, text, chapters, author, skipped, tuple(dropped))


def _paragraphs_outside(text: str, skips: list[Skip]) -> list[tuple[int, int]]:
    """The paragraphs that do not start inside a skipped span (sorted, disjoint)."""
    starts = [k.start for k in skips]

    def skipped(pos: int) -> bool:
        i = bisect_right(starts, pos) - 1
        return i >= 0 and pos < skips[i].end

    return [p for p in paragraph_spans(text) if not skipped(p[0])]


def title_from_file_name(path: Path) -> str:
    """ "01 Sophie Returns to Montmartre.txt" -> "Sophie Returns to Montmartre"."""
    stem = _printable(path.stem)
    prefix = _ORDERING_PREFIX.match(stem)
    name = stem[prefix.end() :] if prefix else stem
    if " " not in name:
        name = name.replace("_", " ")
    return name.strip() or stem


def _printable(name: str) -> str:
    """A file name as text fit for a tag: bytes that were not UTF-8 (an old
    archive's "caf\xe9") read as Windows-1252, control characters and line
    breaks as spaces."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        name = os.fsencode(name).decode("cp1252", errors="replace")
    return fold("".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in name))
