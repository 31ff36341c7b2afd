"""The library API: every CLI command is a thin wrapper over a function here.

    import audiobook
    results = audiobook.build(["stories/"], voices="voices.toml")
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from . import casting, config as config_mod, engine, loudness, memo, tagging, transcript
from . import synth
from .assemble import PartCache, block_jobs, join, write_text
from .encode import Format
from .engine import SAMPLE_RATE
from .errors import AudiobookError, SkippedInput
from .model import Cast, ChapterPlan, Character, Cue, Segment, Story
from .plan import plan
from .produce import produce
from .read import find_stories, read_story
from .segment import segment
from .speakers import attribute
from .synth import ClipCache
from .text import fold, slugify

ROOM_TONE_HEAD = 0.75  # seconds of silence at the head of each file
ROOM_TONE_TAIL = 2.0  # and at its tail (ACX asks 0.5-1 s and 1-5 s)
Progress = Callable[[str, int, int], None]  # (phase, done so far, total)
Notice = Callable[[str], None]


@dataclass(frozen=True)
class Script:
    """What a build would say for one story, before any sound is made."""

    story: Story
    segments: list[Segment]
    characters: list[Character]
    cast: Cast


@dataclass(frozen=True)
class Built:
    story: str  # title
    path: Path
    duration: float  # seconds
    chapters: int
    speakers: int
    cues: tuple[Cue, ...] = ()


def default_cache_dir() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "audiobook"


def load_config(voices: str | Path | None, required: bool = False) -> config_mod.Config:
    """voices.toml validated against the engine's voices; a missing default file means 'cast everything'."""
    if voices is None or (not required and not Path(voices).exists()):
        return config_mod.Config()
    return config_mod.load(voices, engine.check_voice)


def script(path: str | Path, config: config_mod.Config, encoding: str | None = None,
           cache_dir: Path | None = None) -> Script:
    """Read, segment and attribute one story, and cast its speakers.

    With ``cache_dir``, the attribution of unchanged text with unchanged
    characters and pins is taken from there.
    """
    known = tuple(Character(c.name, c.aliases, c.gender) for c in config.characters)

    def attributed():
        story = read_story(path, encoding)
        headings = [(c.heading[0], c.heading[1], c.title) for c in story.chapters if c.heading]
        segments, characters = attribute(story.text, segment(story.text, headings, story.skipped), known)
        return story, _apply_pins(story, segments, config), characters

    key = (_file_digest(path), str(path), encoding, known, config.pins)
    story, segments, characters = memo.remember(cache_dir and cache_dir / "scripts", key, attributed)
    return Script(story, segments, characters, casting.cast(characters, config))


def _file_digest(path: str | Path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""  # read_story reports the problem


def _apply_pins(story: Story, segments: list[Segment], config: config_mod.Config) -> list[Segment]:
    names = {Path(story.source).name, Path(story.source).stem, story.title}
    out = list(segments)
    for pin in config.pins:
        if pin.story and pin.story not in names:
            continue
        opening = fold(pin.quote).casefold()
        for i, seg in enumerate(out):
            if seg.kind == "dialogue" and seg.text.casefold().startswith(opening):
                out[i] = replace(seg, speaker=pin.speaker, how="pinned")
    return out


def build(paths: Sequence[str | Path] = ("stories",), voices: str | Path | None = "voices.toml",
          output: str | Path = "output", *, jobs: int | None = None, bitrate: int = 64,
          single_file: bool = False, cache_dir: str | Path | None = None, encoding: str | None = None,
          progress: Progress = lambda phase, done, total: None,
          notice: Notice = lambda message: None) -> list[Built]:
    """Build every story under ``paths`` into tagged, chaptered MP3s in ``output``."""
    fmt = Format(bitrate=bitrate)
    fmt.check()
    config = load_config(voices, required=voices is not None and Path(voices) != Path("voices.toml"))
    jobs = jobs or os.cpu_count() or 1
    cache = Path(cache_dir) if cache_dir else default_cache_dir()
    scripts = []
    for path in find_stories(paths):
        try:
            scripts.append(script(path, config, encoding, cache))
        except SkippedInput as exc:
            notice(str(exc))
    if not scripts:
        raise AudiobookError("no stories to build; put .txt, .md or .epub files there", ", ".join(map(str, paths)))
    books = _books(scripts, config, single_file)
    clips, parts = ClipCache(cache), PartCache(cache)
    lines = [line for book in books for chapter in book.chapters for line in chapter.lines]
    batches, where = synth.batches(lines, engine.version())
    gains = loudness.gains({line.voice for line in lines}, fmt, cache)
    blocks = [block_jobs(book.chapters, where, gains, fmt, ROOM_TONE_HEAD, ROOM_TONE_TAIL) for book in books]
    produce(batches, [b for book in blocks for chapter in book for b in chapter], clips, parts, fmt, jobs, progress)
    return _write_books(books, blocks, parts, fmt, Path(output), config.book)


@dataclass(frozen=True)
class _Book:
    """One output file: its title, chapters and the scripts it was made from."""

    title: str
    chapters: list[ChapterPlan]
    scripts: list[Script]


def _books(scripts: list[Script], config, single_file: bool) -> list[_Book]:
    plans = [plan(s.story, s.segments, s.cast, config.pauses, config.pronunciations) for s in scripts]
    if not single_file:
        return [_Book(s.story.title, p, [s]) for s, p in zip(scripts, plans)]
    title = config.book.get("title") or config.book.get("album") or scripts[0].story.title
    merged = [ChapterPlan(s.story.title, tuple(b for c in p for b in c.blocks)) for s, p in zip(scripts, plans)]
    return [_Book(title, merged, scripts)]


def _write_books(books: list[_Book], blocks, parts_cache: PartCache, fmt: Format, output: Path,
                 book_info: dict[str, str]) -> list[Built]:
    results, slugs = [], set()
    for number, (book, jobs_by_chapter) in enumerate(zip(books, blocks), 1):
        marks, parts, cues, position = [], [], [], 0.0
        for chapter, chapter_jobs in zip(book.chapters, jobs_by_chapter):
            start = position
            for job in chapter_jobs:
                part = parts_cache.get(job.key)
                parts.append(part)
                for line, (begin, end) in zip(job.lines, part.lines):
                    at = position + fmt.delay
                    cues.append(Cue(at + begin, at + end, line.text, line.speaker))
                position += part.duration
            marks.append(tagging.ChapterMark(chapter.title, start, position))
        tags = tagging.Tags(title=book.title, author=book_info.get("author") or book.scripts[0].story.author,
                            album=book_info.get("album") or book_info.get("title") or book.title,
                            track=number, tracks=len(books), genre=book_info.get("genre", "Audiobook"))
        tags = replace(tags, build=_digest(tags, marks, parts))
        target = output / f"{_unique(slugify(book.title), slugs)}.mp3"
        header = tagging.header(tags, marks)
        if not _up_to_date(target, header, parts, tags.build):
            join(target, header, parts)
        write_text(target.with_suffix(".vtt"), transcript.webvtt(cues))
        write_text(target.with_suffix(".srt"), transcript.srt(cues))
        speakers = {c.name for s in book.scripts for c in s.characters if c.lines}
        results.append(Built(book.title, target, position, len(marks), len(speakers), tuple(cues)))
    _playlist(output, results)
    return results


def _digest(tags: tagging.Tags, marks, parts) -> str:
    ident = repr((tags, marks, [p.path.name for p in parts]))
    return hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _up_to_date(target: Path, header: bytes, parts, digest: str) -> bool:
    """True when ``target`` is already exactly what would be written."""
    try:
        size = target.stat().st_size
    except OSError:
        return False
    return size == len(header) + sum(p.path.stat().st_size for p in parts) and tagging.stored_build(str(target)) == digest


def _unique(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _playlist(output: Path, results: list[Built]) -> None:
    text = "#EXTM3U\n" + "".join(f"#EXTINF:{round(r.duration)},{r.story}\n{r.path.name}\n" for r in results)
    write_text(output / "playlist.m3u", text)
