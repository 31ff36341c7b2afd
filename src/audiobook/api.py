"""The library: every CLI command is a few lines over one function here.

    import audiobook
    built = audiobook.build(["stories"], "voices.toml", "output")

A build runs the stages in order, each a subpackage taking plain values
(model.py) and returning new ones:

    text      files -> Story (chapters, what is skipped) -> Segments (narration, dialogue)
    speakers  Segments -> each quotation's speaker, and the Characters
    voices    voices.toml -> a Voice for everyone (Cast); the engine that speaks them
    audio     Segments + Cast -> planned lines and pauses -> spoken clips -> encoded parts
    output    parts -> tagged, chaptered files, transcripts, a playlist
    check     finished files -> measured figures against a preset
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

from . import memo
from .audio.encode import CONTAINERS, Format
from .audio.parts import sweep
from .audio.plan import plan
from .audio.render import render
from .check.report import Report, check_file
from .errors import AudiobookError, SkippedInput
from .model import Character, Script, VoiceInfo
from .output.books import arrange, find_cover
from .output.names import file_stem
from .output.publish import Built, publish
from .output.review import Heard, page_data, write_page
from .output.transcript import cue_text, read_webvtt
from .presets import PRESETS
from .speakers.names import key, release_tables
from .speakers.pins import apply_pins
from .speakers.resolver import attribute
from .speakers.vocabulary import FORMS_OF_ADDRESS
from .text.markup import without
from .text.read import find_stories, read_story
from .text.segment import segment
from .tools import ffmpeg
from .voices import castfile, casting, engine, piper
from .voices.config import Config, load
from .voices.pronounce import pronounce

ROOM_TONE_HEAD = 0.75  # seconds of silence at the head of each file
ROOM_TONE_TAIL = 2.0  # and at its tail (ACX asks 0.5-1 s and 1-5 s)
Progress = Callable[[str, int, int], None]  # (phase, done so far, total)
Notice = Callable[[str], None]
Voices = str | Path | Config | None  # a voices.toml, one already loaded, or None: every voice automatic


def _quiet(message: str) -> None:
    pass


def load_config(voices: str | Path | None) -> Config:
    """voices.toml, validated against the engine's voices; None: an empty one (every voice automatic)."""
    return Config() if voices is None else load(voices, engine.check_voice)


def _config(voices: Voices) -> Config:
    return voices if isinstance(voices, Config) else load_config(voices)


def script(path: str | Path, voices: Voices = None, encoding: str | None = None,
           cache_dir: Path | None = None, notice: Notice = _quiet) -> Script:
    """Read, segment and attribute one story, and cast its speakers.

    With ``cache_dir``, the attribution of unchanged text with unchanged
    characters and pins is taken from there.
    """
    config = _config(voices)
    known = tuple(Character(c.name, c.aliases, c.gender) for c in config.characters)

    def attributed():
        story = read_story(path, encoding)
        headings = [(c.heading[0], c.heading[1], c.title) for c in story.chapters if c.heading]
        visible = without(story.text, story.dropped)
        segments, characters = attribute(visible, segment(visible, headings, story.skipped), known)
        return story, apply_pins(story, segments, config.pins), characters

    key = (_file_digest(path), str(path), encoding, known, config.pins)
    story, segments, characters = memo.remember(cache_dir and cache_dir / "scripts", key, attributed, notice)
    return Script(story, pronounce(segments, config.pronunciations), characters, casting.cast(characters, config))


def _file_digest(path: str | Path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""  # read_story reports the problem


def _scripts(paths: Sequence[str | Path], stories: list[Path], config: Config, encoding: str | None,
             cache_dir: Path | None, notice: Notice, verb: str) -> list[Script]:
    """The script of every story (found under ``paths``); files that are not stories are skipped with a notice."""
    scripts = []
    for path in stories:
        try:
            scripts.append(script(path, config, encoding, cache_dir, notice))
        except SkippedInput as exc:
            notice(str(exc))
    if not scripts:
        raise AudiobookError(f"no stories to {verb}; put .txt, .md or .epub files there", ", ".join(map(str, paths)))
    return scripts


def cast(paths: Sequence[str | Path], voices: Voices = None, encoding: str | None = None,
         notice: Notice = _quiet) -> list[castfile.StoryCast]:
    """Who speaks in each story under ``paths``, and the voice each gets."""
    config = _config(voices)
    _check_aliases(config, notice)
    return castfile.find_cast(_scripts(paths, find_stories(paths), config, encoding, None, notice, "cast"), config)


def write_cast(voices_file: str | Path, found: Sequence[castfile.StoryCast]) -> list[str]:
    """Append the characters ``voices_file`` does not list yet; returns their names."""
    return castfile.write_cast(voices_file, found)


@dataclass(frozen=True)
class VoiceList:
    voices: list[VoiceInfo]
    variants: list[str]  # appended as +name to any espeak-ng voice id
    piper: bool  # whether Piper is installed


def list_voices(language: str | None = None, voices_file: Voices = None) -> VoiceList:
    """The engines' voices (those whose language starts with ``language``, if given);
    Piper's include those in the folder ``voices_file``'s [engines.piper] names."""
    folder = _config(voices_file).piper_voices if voices_file else None
    found = [v for v in engine.voices(folder) if not language or v.language.lower().startswith(language.lower())]
    return VoiceList(found, engine.variants(), piper.available())


BESIDE_THE_AUDIO = (".vtt", ".srt", ".m3u")  # what a build writes next to the books


def check_files(files: Sequence[str | Path], preset: str = "default", notice: Notice = _quiet) -> list[Report]:
    """Measure finished audio files against ``preset``; transcripts and playlists
    among them (`check output/*`) are passed over with a notice."""
    reports = []
    for path in files:
        if Path(path).suffix.lower() in BESIDE_THE_AUDIO:
            notice(f"{path}: skipped: not audio")
        else:
            reports.append(check_file(path, preset))
    return reports


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
    return CacheInfo(root, sum(1 for _ in (root / "clips").glob("[!.]*/index.json")),
                     sum(1 for _ in (root / "parts").glob("*.json")), size)


def clear_cache(cache_dir: str | Path | None = None) -> CacheInfo:
    """Delete the cache; returns what it held."""
    info = cache_info(cache_dir)
    if info.path.exists():
        doomed = info.path.with_name(f".{info.path.name}.deleting-{os.getpid()}")
        os.replace(info.path, doomed)  # gone at once for any build that starts now
        shutil.rmtree(doomed, ignore_errors=True)
    return info


def _check_aliases(config: Config, notice: Notice) -> None:
    """An alias anyone may be called by ("Madame", "Sir") gives the character
    every quotation said by or to anyone so called: worth a notice, not an
    error, since in some books one person is the only "Madame"."""
    for character in config.characters:
        for alias in character.aliases:
            if key(alias) in FORMS_OF_ADDRESS:
                notice(f"{character.where}: alias '{alias}' of '{character.name}' is a word anyone may be called "
                       f"by, so every '{alias}' in the stories is {character.name}; if others are called so too, "
                       f"write the name it goes with ('{alias} Grey')")


def _check_names(config: Config, scripts: list[Script], notice: Notice) -> None:
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


def build(paths: Sequence[str | Path], voices: Voices, output: str | Path, *, jobs: int | None = None,
          bitrate: int | None = None, format: str = "mp3", preset: str = "default", single_file: bool = False,
          cache_dir: str | Path | None = None, encoding: str | None = None,
          progress: Progress = lambda phase, done, total: None, notice: Notice = _quiet) -> list[Built]:
    """Build every story under ``paths`` into tagged, chaptered audio files in ``output``."""
    if preset not in PRESETS:
        raise AudiobookError(f"unknown preset '{preset}'; use one of {', '.join(PRESETS)}")
    settings = dict(PRESETS[preset].build)
    split_chapters = bool(settings.pop("split_chapters", False))
    fmt = Format(container=format, **{**settings, **({"bitrate": bitrate} if bitrate else {})})
    fmt.check()
    ffmpeg(), engine.check_installed()  # both tools are there, before any work starts
    config = _config(voices)
    jobs = jobs or os.cpu_count() or 1
    cache = Path(cache_dir) if cache_dir else default_cache_dir()
    _writable(Path(output))
    stories = find_stories(paths)
    cover = find_cover(stories, config.book, config.path)  # a bad cover is found before any work
    scripts = _scripts(paths, stories, config, encoding, cache, notice, "build")
    release_tables()
    _check_aliases(config, notice)
    _check_names(config, scripts, notice)
    plans = [plan(s.story, s.segments, s.cast, config.pauses, fmt.block_chars) for s in scripts]
    heard = [sum(1 for c in s.characters if c.lines) for s in scripts]
    books = arrange([s.story for s in scripts], plans, heard, config.book, single_file, split_chapters)
    sweep(Path(output))
    parts, blocks = render([book.chapters for book in books], fmt, cache, ROOM_TONE_HEAD, ROOM_TONE_TAIL, jobs,
                           progress, notice)
    return publish(books, blocks, parts, fmt, Path(output), config.book.get("genre", "Audiobook"), cover)


def review(paths: Sequence[str | Path], voices: Voices, output: str | Path, *, encoding: str | None = None,
           cache_dir: str | Path | None = None, notice: Notice = _quiet) -> Path:
    """Write ``output``/review.html: the script of every story under ``paths`` as it
    was built into ``output`` (one file per story, one for the book, or one per
    chapter), to see, hear and correct."""
    config = _config(voices)
    output = Path(output)
    cache = Path(cache_dir) if cache_dir else default_cache_dir()
    # The page shows the text as written (pins match it); the plans, what was said, as built.
    scripts = _scripts(paths, find_stories(paths), replace(config, pronunciations={}), encoding, cache, notice,
                       "review")
    plans = [plan(s.story, pronounce(s.segments, config.pronunciations), s.cast, config.pauses) for s in scripts]
    lines = [(k, line) for k, chapters in enumerate(plans) for chapter in chapters for line in chapter.lines]
    said = [cue_text(line.text) for _, line in lines]
    layouts = _built_cues([s.story for s in scripts], plans, config.book, output)
    cues = next((cues for _, cues in layouts if [cue.text for cue, _ in cues] == said), None)
    if cues is None:
        raise AudiobookError("the audio was built from other text or voices; run `audiobook build` again",
                             str(layouts[0][0]))
    heard: list[dict[int, Heard]] = [{} for _ in scripts]
    for (k, line), (cue, audio) in zip(lines, cues):
        known = heard[k].get(line.segment)
        heard[k][line.segment] = Heard(known.start if known else cue.start, cue.end, audio)
    title = config.book.get("title") or config.book.get("album") or scripts[0].story.title
    target = output / "review.html"
    write_page(target, page_data(title, scripts, heard))
    return target


def _built_cues(stories: list, plans: list, tags: dict[str, str], output: Path) -> list[tuple[Path, list]]:
    """Each way ``build`` may have laid the book out in ``output`` whose files are
    all there (a file per story, one file for all with --single-file, a file per
    chapter with a preset that splits them): its first file, and every line's
    transcript cue in order with the audio file it is heard in."""
    layouts, missing = [], None
    for single, split in ((False, False), (True, False), (False, True)):
        taken: set[str] = set()
        found = []
        for book in arrange(stories, plans, [0] * len(stories), tags, single, split):
            stem = file_stem(book.title, taken)
            audio = next((path for suffix in CONTAINERS if (path := output / f"{stem}.{suffix}").exists()), None)
            if audio is None or not audio.with_suffix(".vtt").exists():
                missing = missing or (book.title, output / f"{stem}.mp3")
                break
            found.append(audio)
        else:
            layouts.append((found[0], [(cue, audio.name) for audio in found
                                       for cue in read_webvtt(audio.with_suffix(".vtt").read_text(encoding="utf-8"))]))
    if not layouts:
        raise AudiobookError(f"'{missing[0]}' has not been built here; run `audiobook build` first "
                             "(with the same --output)", str(missing[1]))
    return layouts


def _writable(output: Path) -> None:
    """An unusable --output is found before any work, not after hours of it."""
    try:
        output.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=output).close()
    except OSError as exc:
        raise AudiobookError(f"cannot write the output folder ({exc.strerror}); check its permissions "
                             "or use another --output", str(output)) from exc
