"""Finished files: encoded parts joined under their tags and chapters, with
transcripts and a playlist beside them, each written atomically.

A file that is already exactly what would be written (its tag carries a
digest of everything it is made from) is left alone, so a no-op rebuild
copies nothing.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

from ..audio.encode import Format, mux_m4b
from ..audio.parts import BlockJob, Part, PartCache, join, write_text
from ..files import replacing
from ..model import Cue
from . import metadata as tagging
from . import transcript
from .books import Book
from .names import file_stem


@dataclass(frozen=True)
class Built:
    story: str  # title
    path: Path
    duration: float  # seconds
    chapters: int
    speakers: int
    cues: tuple[Cue, ...] = ()


def publish(books: list[Book], blocks: list[list[list[BlockJob]]], parts_cache: PartCache, fmt: Format,
            output: Path, genre: str = "Audiobook", cover: tuple[bytes, str] | None = None) -> list[Built]:
    """Write every book from its encoded parts; return what was built, in order."""
    output.mkdir(parents=True, exist_ok=True)
    results, slugs = [], set()
    for number, (book, jobs_by_chapter) in enumerate(zip(books, blocks), 1):
        marks, parts, cues = _timeline(book, jobs_by_chapter, parts_cache, fmt)
        tags = tagging.Tags(title=book.title, author=book.author, album=book.album, track=number,
                            tracks=len(books), genre=genre, cover=cover[0] if cover else None,
                            cover_mime=cover[1] if cover else "image/jpeg")
        tags = replace(tags, build=_digest(tags, marks, parts))
        target = output / f"{file_stem(book.title, slugs)}.{fmt.container}"
        if tagging.stored_build(str(target)) != tags.build:
            _write(target, tags, marks, parts, fmt)
        write_text(target.with_suffix(".vtt"), transcript.webvtt(cues))
        write_text(target.with_suffix(".srt"), transcript.srt(cues))
        results.append(Built(book.title, target, marks[-1].end, len(marks), book.speakers, tuple(cues)))
    write_text(output / "playlist.m3u", "#EXTM3U\n" + "".join(
        f"#EXTINF:{round(r.duration)},{r.story}\n{r.path.name}\n" for r in results))
    return results


def _timeline(book: Book, jobs_by_chapter, parts_cache: PartCache, fmt: Format):
    """Chapter marks, parts in order, and when each line is heard."""
    marks, parts, cues, position = [], [], [], 0.0
    for chapter, chapter_jobs in zip(book.chapters, jobs_by_chapter):
        start = position
        for job in chapter_jobs:
            part = parts_cache.get(job.key)
            parts.append(part)
            at = position + fmt.delay
            cues.extend(Cue(at + begin, at + end, line.text, line.speaker)
                        for line, (begin, end) in zip(job.lines, part.lines))
            position += part.duration
        marks.append(tagging.ChapterMark(chapter.title, start, position))
    return marks, parts, cues


def _write(target: Path, tags: tagging.Tags, marks: list[tagging.ChapterMark], parts: list[Part],
           fmt: Format) -> None:
    if fmt.container == "mp3":
        join(target, tagging.header(tags, marks), parts)
        return
    with replacing(target, suffix=".m4b") as tmp:
        mux_m4b(Path(tmp), [p.path for p in parts], [(m.title, m.start, m.end) for m in marks])
        tagging.write_mp4(tmp, tags)


def _digest(tags: tagging.Tags, marks, parts: list[Part]) -> str:
    ident = repr((tags, marks, [p.path.name for p in parts]))
    return hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:32]
