"""The library API: every CLI command is a thin wrapper over a function here.

    import audiobook
    results = audiobook.build(["stories/"], voices="voices.toml")
"""
from __future__ import annotations

import difflib
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from . import casting, config as config_mod, engine, loudness, memo, synth
from .markup import without
from .assemble import PartCache, block_jobs, sweep
from .encode import Format, ffmpeg
from .errors import AudiobookError, SkippedInput
from .model import Cast, ChapterPlan, Character, Segment, Story
from .plan import plan
from .produce import produce
from .pronounce import pronounce
from .publish import Book, Built, publish
from .read import find_stories, read_story
from .segment import segment
from .speakers import attribute
from .synth import ClipCache
from .text import fold

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

    def dropped(self, segment: Segment) -> list[str]:
        """The inline markup left unsaid inside ``segment`` (a link's target, a tag)."""
        return [self.story.text[k.start:k.end] for k in self.story.dropped
                if segment.start <= k.start < segment.end]


def default_cache_dir() -> Path:
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(root) / "audiobook"


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    batches: int  # spoken batches of clips
    parts: int  # encoded blocks
    bytes: int


def cache_info(cache_dir: str | Path | None = None) -> CacheInfo:
    """What the cache holds (it can be deleted at any time; builds only get slower)."""
    root = Path(cache_dir) if cache_dir else default_cache_dir()
    size = sum(f.stat().st_size for f in root.rglob("*") if f.is_file()) if root.exists() else 0
    return CacheInfo(root, sum(1 for _ in (root / "clips").glob("*/index.json")),
                     sum(1 for _ in (root / "parts").glob("*.json")), size)


def clear_cache(cache_dir: str | Path | None = None) -> CacheInfo:
    """Delete the cache; returns what it held."""
    info = cache_info(cache_dir)
    if info.path.exists():
        doomed = info.path.with_name(f".{info.path.name}.deleting-{os.getpid()}")
        os.replace(info.path, doomed)  # gone at once for any build that starts now
        shutil.rmtree(doomed, ignore_errors=True)
    return info


def load_config(voices: str | Path | None, required: bool = False) -> config_mod.Config:
    """voices.toml validated against the engine's voices; a missing default file means 'cast everything'."""
    if voices is None or (not required and not Path(voices).exists()):
        return config_mod.Config()
    return config_mod.load(voices, engine.check_voice)


def script(path: str | Path, config: config_mod.Config, encoding: str | None = None,
           cache_dir: Path | None = None, notice: Notice = lambda message: None) -> Script:
    """Read, segment and attribute one story, and cast its speakers.

    With ``cache_dir``, the attribution of unchanged text with unchanged
    characters and pins is taken from there.
    """
    known = tuple(Character(c.name, c.aliases, c.gender) for c in config.characters)

    def attributed():
        story = read_story(path, encoding)
        headings = [(c.heading[0], c.heading[1], c.title) for c in story.chapters if c.heading]
        visible = without(story.text, story.dropped)
        segments, characters = attribute(visible, segment(visible, headings, story.skipped), known)
        return story, _apply_pins(story, segments, config), characters

    key = (_file_digest(path), str(path), encoding, known, config.pins)
    story, segments, characters = memo.remember(cache_dir and cache_dir / "scripts", key, attributed, notice)
    return Script(story, pronounce(segments, config.pronunciations), characters, casting.cast(characters, config))


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


def _check_names(config: config_mod.Config, scripts: list[Script], notice: Notice) -> None:
    """A pin must name someone: a listed character or one found in the stories.

    A listed character that no story mentions is only a notice: one voices.toml
    often serves several books, or a build of one story.
    """
    found = {c.name for s in scripts for c in s.characters if c.lines}
    for character in config.characters:
        if not any(re.search(rf"(?<!\w){re.escape(n)}(?!\w)", s.story.text)
                   for n in (character.name, *character.aliases) for s in scripts):
            near = difflib.get_close_matches(character.name, sorted(found), n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            notice(f"{character.where}: '{character.name}' is not in any story being built{hint}")
    names = {c.name for c in config.characters} | {c.name for s in scripts for c in s.characters}
    for pin in config.pins:
        if pin.speaker not in names:
            near = difflib.get_close_matches(pin.speaker, sorted(names), n=3)
            hint = f"did you mean {', '.join(near)}?" if near else "list them under [characters] first"
            raise AudiobookError(f"pin names '{pin.speaker}', who is in no story and not in [characters]; {hint}",
                                 pin.where)


PRESETS = {
    "default": {},
    # ACX, the reference most audiobook tools follow (see README): 44.1 kHz,
    # 192 kbps CBR, one file per chapter, RMS between -23 and -18 dB.
    "acx": {"bitrate": 192, "sample_rate": 44100, "loudness": -19.0, "split_chapters": True},
}


def build(paths: Sequence[str | Path] = ("stories",), voices: str | Path | None = "voices.toml",
          output: str | Path = "output", *, jobs: int | None = None, bitrate: int | None = None,
          format: str = "mp3", preset: str = "default", single_file: bool = False,
          cache_dir: str | Path | None = None, encoding: str | None = None,
          progress: Progress = lambda phase, done, total: None,
          notice: Notice = lambda message: None) -> list[Built]:
    """Build every story under ``paths`` into tagged, chaptered audio files in ``output``."""
    if preset not in PRESETS:
        raise AudiobookError(f"unknown preset '{preset}'; use one of {', '.join(PRESETS)}")
    settings = dict(PRESETS[preset])
    split_chapters = settings.pop("split_chapters", False)
    fmt = Format(container=format, **{**settings, **({"bitrate": bitrate} if bitrate else {})})
    fmt.check()
    ffmpeg(), engine.version()  # both tools are there, before any work starts
    config = load_config(voices, required=voices is not None and Path(voices) != Path("voices.toml"))
    jobs = jobs or os.cpu_count() or 1
    cache = Path(cache_dir) if cache_dir else default_cache_dir()
    _writable(Path(output))
    stories = find_stories(paths)
    cover = find_cover(stories, config)
    scripts = []
    for path in stories:
        try:
            scripts.append(script(path, config, encoding, cache, notice))
        except SkippedInput as exc:
            notice(str(exc))
    if not scripts:
        raise AudiobookError("no stories to build; put .txt, .md or .epub files there", ", ".join(map(str, paths)))
    _check_names(config, scripts, notice)
    books = _books(scripts, config, single_file, split_chapters)
    clips, parts = ClipCache(cache), PartCache(cache)
    for folder in (clips.dir, parts.dir, Path(output)):
        sweep(folder)
    lines = [line for book in books for chapter in book.chapters for line in chapter.lines]
    batches, where = synth.batches(lines, engine.version())
    gains = loudness.gains({line.voice for line in lines}, fmt, cache, notice)
    blocks = [block_jobs(book.chapters, where, gains, fmt, ROOM_TONE_HEAD, ROOM_TONE_TAIL) for book in books]
    produce(batches, [b for book in blocks for chapter in book for b in chapter], clips, parts, fmt, jobs, progress,
            notice)
    return publish(books, blocks, parts, fmt, Path(output), config.book.get("genre", "Audiobook"), cover)


def _writable(output: Path) -> None:
    """An unusable --output is found before any work, not after hours of it."""
    try:
        output.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=output).close()
    except OSError as exc:
        raise AudiobookError(f"cannot write the output folder ({exc.strerror}); check its permissions "
                             "or use another --output", str(output)) from exc


def _books(scripts: list[Script], config: config_mod.Config, single_file: bool, split_chapters: bool) -> list[Book]:
    """The output files: one per story, one for all (single_file), or one per chapter (split_chapters)."""
    book = config.book
    plans = [plan(s.story, s.segments, s.cast, config.pauses) for s in scripts]
    heard = [sum(1 for c in s.characters if c.lines) for s in scripts]
    if single_file:
        title = book.get("title") or book.get("album") or scripts[0].story.title
        merged = [ChapterPlan(s.story.title, tuple(b for c in p for b in c.blocks)) for s, p in zip(scripts, plans)]
        return [Book(title, book.get("album") or title, book.get("author") or scripts[0].story.author, merged,
                     sum(heard))]
    out = []
    for s, p, n in zip(scripts, plans, heard):
        album = book.get("album") or book.get("title") or s.story.title
        author = book.get("author") or s.story.author
        if split_chapters and len(p) > 1:
            out += [Book(f"{s.story.title} - {k:02d} {c.title}", album, author, [c], n) for k, c in enumerate(p, 1)]
        else:
            out.append(Book(s.story.title, album, author, p, n))
    return out


def find_cover(stories: list[Path], config: config_mod.Config) -> tuple[bytes, str] | None:
    """Cover art: [book] cover in voices.toml (inside the project), else cover.jpg/.png beside the stories."""
    if "cover" in config.book:
        base = Path(config.path).resolve().parent
        path = (base / config.book["cover"]).resolve()
        if not path.is_relative_to(base):
            raise AudiobookError(f"cover '{config.book['cover']}' is outside the project folder {base}; "
                                 "put the image inside it", config.path)
        candidates = [path]
    else:
        folders = dict.fromkeys(p.parent for p in stories)
        candidates = [f / name for f in folders for name in ("cover.jpg", "cover.jpeg", "cover.png")]
    for path in candidates:
        if path.is_file():
            data = path.read_bytes()
            if data[:3] == b"\xff\xd8\xff":
                return data, "image/jpeg"
            if data[:8] == b"\x89PNG\r\n\x1a\n":
                return data, "image/png"
            raise AudiobookError("cover is not a JPEG or PNG image; convert it or remove it", str(path))
    if "cover" in config.book:
        raise AudiobookError(f"cover file '{config.book['cover']}' not found", config.path)
    return None
