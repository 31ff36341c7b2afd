"""The audio stage in one call: planned chapters in, encoded parts in the cache out."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..model import ChapterPlan
from ..voices import engine
from . import clips, loudness
from .encode import Format
from .parts import BlockJob, PartCache, block_jobs, sweep
from .scheduler import produce


def render(books: list[list[ChapterPlan]], fmt: Format, cache_dir: Path, head: float = 0.0, tail: float = 0.0,
           jobs: int = 1, progress: Callable[[str, int, int], None] = lambda phase, done, total: None,
           notice: Callable[[str], None] = lambda message: None) -> tuple[PartCache, list[list[list[BlockJob]]]]:
    """Speak and encode every block of ``books`` (each a list of chapter plans)
    not already in the cache at ``cache_dir``; each book's audio starts with
    ``head`` and ends with ``tail`` seconds of room tone. Returns the part
    cache and, per book and chapter, the jobs whose parts make it."""
    clip_cache, parts = clips.ClipCache(cache_dir), PartCache(cache_dir)
    for folder in (clip_cache.dir, parts.dir):
        sweep(folder)
    lines = [line for chapters in books for chapter in chapters for line in chapter.lines]
    batches, where = clips.batches(lines, engine.version)
    voices = {line.voice for line in lines}
    calibration = {voice: loudness.calibration(voice, engine.version(voice)) for voice in voices}
    batches = list({b.key: b for b in [*calibration.values(), *batches]}.values())
    keys = {voice: batch.key for voice, batch in calibration.items()}
    blocks = [block_jobs(chapters, where, keys, fmt, head, tail) for chapters in books]
    gains = loudness.Gains(calibration, clip_cache, fmt.loudness, engine.SAMPLE_RATE)
    produce(batches, [b for book in blocks for chapter in book for b in chapter], clip_cache, parts, fmt, gains,
            jobs, progress, notice)
    return parts, blocks
