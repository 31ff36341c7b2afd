"""Stitch clips and silences into encoded parts, and parts into a book file.

Audio is streamed: each block's samples go straight from the clip cache to
an encoder, and a book file is the tag followed by its parts' bytes, so
memory stays flat however long the book is. Each block is encoded once
into the part cache, keyed by everything that shapes its sound; after a
change only the blocks it touches are encoded again.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import AudiobookError
from ..files import Damaged, checked_json, file_crc, read_checked_json, replacing, write_atomic, writing
from ..model import ChapterPlan, Line
from ..voices.engine import SAMPLE_RATE
from . import pcm
from .clips import ClipCache, ClipId, ClipRef, clean
from .encode import HEADROOM_DB, Encoder, Format, adts_duration, mp3_duration

CHUNK = 1 << 16
FORMAT = 3  # bump when the way parts are made changes


@dataclass(frozen=True)
class Part:
    """An encoded block in the part cache, with where each of its lines starts."""

    path: Path
    duration: float  # seconds of encoded audio
    lines: tuple[tuple[float, float], ...]  # (start, end) of each line, seconds from the part's start


@dataclass(frozen=True)
class BlockJob:
    lines: tuple[Line, ...]
    clips: tuple[ClipId, ...]  # one per line
    gains: tuple[float, ...]  # dB, one per line (its voice's gain)
    head: float  # room tone before the first line, seconds
    key: str


def block_jobs(chapters: list[ChapterPlan], where: dict, gains: dict, fmt: Format,
               head: float = 0.0, tail: float = 0.0) -> list[list[BlockJob]]:
    """Per chapter, the encoding job of each block; the file's first block
    starts with ``head`` seconds of room tone and its last line is followed
    by ``tail`` seconds (instead of the pause it would have had).

    A block's key names its clips by batch and position, so it is known
    before anything is spoken: a finished part needs no clips at all.
    """
    out = []
    for n, chapter in enumerate(chapters):
        jobs = []
        for b, block in enumerate(chapter.blocks):
            clips = tuple(where[(clean(line.text), line.voice)] for line in block)
            db = tuple(gains.get(line.voice, 0.0) for line in block)
            lead = head if n == 0 and b == 0 else 0.0
            if n == len(chapters) - 1 and b == len(chapter.blocks) - 1:
                block = block[:-1] + (replace(block[-1], pause=tail),)
            ident = json.dumps([FORMAT, fmt.__dict__, SAMPLE_RATE, lead,
                                [[*c, g, line.pause] for c, g, line in zip(clips, db, block)]])
            jobs.append(BlockJob(block, clips, db, lead, hashlib.sha256(ident.encode()).hexdigest()[:32]))
        out.append(jobs)
    return out


class PartCache:
    """Encoded blocks: ``<dir>/parts/<key>.mp3`` (or .aac) and ``<key>.json``
    saying where its lines are, with a checksum of both, checked once per
    build before the part is used."""

    def __init__(self, root: Path):
        self.dir = Path(root) / "parts"
        self._checked: dict[str, Part] = {}

    def get(self, key: str) -> Part | None:
        """The part, or None when it is not cached; Damaged when it is, but rotted."""
        if key in self._checked:
            return self._checked[key]
        meta = self.dir / f"{key}.json"
        if not meta.exists():
            return None
        info = read_checked_json(meta)
        part = Part(self.dir / info["file"], info["duration"], tuple(map(tuple, info["lines"])))
        try:
            intact = file_crc(part.path) == info["crc32"]
        except OSError as exc:
            raise Damaged(f"{part.path}: {exc.strerror}") from None
        if not intact:
            raise Damaged(f"{part.path}: checksum mismatch")
        self._checked[key] = part
        return part

    def check(self, key: str) -> bool:
        return self.get(key) is not None

    def discard(self, key: str) -> None:
        for path in self.dir.glob(f"{key}.*"):
            path.unlink(missing_ok=True)

    def encode(self, job: BlockJob, fmt: Format, clips: ClipCache) -> Part:
        """Encode ``job`` into the cache; the .json written last marks it complete."""
        self.dir.mkdir(parents=True, exist_ok=True)
        name = job.key + fmt.part_suffix
        with replacing(self.dir / name, suffix=fmt.part_suffix) as tmp:
            encoder = Encoder(Path(tmp), fmt, SAMPLE_RATE)
            try:
                lines = _stream(job, [clips.ref(c) for c in job.clips], encoder.feed)
                encoder.close()
            except BaseException:
                encoder.kill()
                raise
            duration = mp3_duration(tmp) if fmt.container == "mp3" else adts_duration(tmp, fmt.sample_rate)
            digest = file_crc(tmp)
        write_atomic(self.dir / f"{job.key}.json",
                     checked_json({"file": name, "duration": duration, "lines": lines, "crc32": digest}))
        part = Part(self.dir / name, duration, tuple(map(tuple, lines)))
        self._checked[job.key] = part
        return part


def _stream(job: BlockJob, refs: list[ClipRef], feed: Callable[[bytes], None]) -> list[tuple[float, float]]:
    """Feed the block's samples; return where each line starts and ends (seconds)."""
    spans, position = [], 0
    if job.head:
        position += _silence(job.head, feed)
    handles: dict[str, object] = {}
    try:
        for line, ref, gain in zip(job.lines, refs, job.gains):
            spans.append((position / SAMPLE_RATE, (position + ref.samples) / SAMPLE_RATE))
            source = handles.get(ref.path) or handles.setdefault(ref.path, open(ref.path, "rb"))
            source.seek(ref.offset * 2)
            data = source.read(ref.samples * 2)
            if len(data) != ref.samples * 2:
                raise AudiobookError(f"clip cache file {ref.path} is damaged; run `audiobook cache --clear`")
            feed(pcm.with_gain(data, gain - HEADROOM_DB, SAMPLE_RATE))
            position += ref.samples + _silence(line.pause, feed)
    finally:
        for handle in handles.values():
            handle.close()
    return spans


def _silence(seconds: float, feed: Callable[[bytes], None]) -> int:
    samples = round(seconds * SAMPLE_RATE)
    for done in range(0, samples, CHUNK):
        feed(bytes(2 * min(CHUNK, samples - done)))
    return samples


def join(target: Path, header: bytes, parts: list[Part]) -> None:
    """Write ``header`` + the parts' bytes to ``target`` atomically (temp name, then rename)."""
    with writing(target) as out:
        out.write(header)
        for part in parts:
            with open(part.path, "rb") as src:
                while data := src.read(1 << 20):
                    out.write(data)


STALE_AFTER = 3600.0  # seconds; a live build keeps a temporary file for seconds, not an hour


def sweep(folder: Path) -> None:
    """Remove temporary files (dot-names) a killed build left in ``folder``.

    Only old ones: a build running beside this one may be writing its own.
    """
    if not folder.is_dir():
        return
    limit = time.time() - STALE_AFTER
    for entry in folder.iterdir():
        try:
            if entry.name.startswith(".") and entry.stat().st_mtime < limit:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        except OSError:
            pass  # gone already, or not ours to remove


def write_text(path: Path, text: str) -> None:
    """A small text file beside the outputs, replaced atomically."""
    write_atomic(path, text.encode("utf-8"))
