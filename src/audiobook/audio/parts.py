"""Stitch clips and silences into encoded parts, and parts into a book file.

A part is a run of lines the plan keeps together (one speaker's lines in
one paragraph, for MP3), encoded once into the part cache under a key naming
everything that shapes its sound; after a change only the parts it touches
are encoded again, and an unchanged part is the same bytes however the
cache came to hold it. Parts join in the pauses: each ends with as much
silence as makes its pause, once the encoder's frames and the next part's
delay are added, what the plan asked for. A book file is the tag followed by
its parts' bytes, so memory stays flat however long the book is.
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
from ..model import ChapterPlan, Line, Voice
from ..voices.engine import SAMPLE_RATE
from . import master
from .clips import ClipCache, ClipId, clean
from .encode import Format, adts_duration, mp3_duration, part_encoder

FORMAT = 4  # bump when the way parts are made changes


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
    head: float  # room tone before the first line, seconds
    key: str
    needs: frozenset[str]  # the batches it is made from: its clips' and its voices' calibration


def block_jobs(chapters: list[ChapterPlan], where: dict, calibrations: dict[Voice, str], fmt: Format,
               head: float = 0.0, tail: float = 0.0) -> list[list[BlockJob]]:
    """Per chapter, the encoding job of each block; the file's first block
    starts with ``head`` seconds of room tone and its last line is followed
    by ``tail`` seconds (instead of the pause it would have had).

    A block's key names its clips by batch and position, and each voice's
    gain by the batch it is measured on, so it is known before anything is
    spoken: a finished part needs no clips at all.
    """
    out = []
    for n, chapter in enumerate(chapters):
        jobs = []
        for b, block in enumerate(chapter.blocks):
            clips = tuple(where[(clean(line.text), line.voice)] for line in block)
            gains = tuple(calibrations[line.voice] for line in block)
            lead = head if n == 0 and b == 0 else 0.0
            if n == len(chapters) - 1 and b == len(chapter.blocks) - 1:
                block = block[:-1] + (replace(block[-1], pause=tail),)
            ident = json.dumps([FORMAT, master.IDENTITY, fmt.__dict__, SAMPLE_RATE, lead,
                                [[*c, g, line.pause] for c, g, line in zip(clips, gains, block)]])
            needs = frozenset(key for key, _ in clips) | frozenset(gains)
            jobs.append(BlockJob(block, clips, lead, hashlib.sha256(ident.encode()).hexdigest()[:32], needs))
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

    def encode(self, job: BlockJob, fmt: Format, clips: ClipCache, gains: Callable[[Voice], float]) -> Part:
        """Encode ``job`` into the cache; the .json written last marks it complete.

        No fsync: a part torn by a crash fails its checksum and is made again."""
        self.dir.mkdir(parents=True, exist_ok=True)
        name = job.key + fmt.part_suffix
        with replacing(self.dir / name, suffix=fmt.part_suffix) as tmp:
            encoder = part_encoder(Path(tmp), fmt, SAMPLE_RATE)
            try:
                lines = _stream(job, clips, gains, fmt, encoder.feed)
                encoder.close()
            except BaseException:
                encoder.kill()
                raise
            duration = mp3_duration(tmp) if fmt.container == "mp3" else adts_duration(tmp, fmt.sample_rate)
            digest = file_crc(tmp)
        with replacing(self.dir / f"{job.key}.json") as meta:
            Path(meta).write_bytes(checked_json({"file": name, "duration": duration, "lines": lines,
                                                 "crc32": digest}))
        part = Part(self.dir / name, duration, tuple(map(tuple, lines)))
        self._checked[job.key] = part
        return part


def _stream(job: BlockJob, clips: ClipCache, gains: Callable[[Voice], float], fmt: Format,
            feed: Callable[[bytes], None]) -> list[tuple[float, float]]:
    """Feed the block's samples, each line through its voice's mastering;
    return where each line starts and ends (seconds)."""
    spans = []
    position = round(job.head * SAMPLE_RATE)
    feed(bytes(2 * position))
    for n, (line, clip) in enumerate(zip(job.lines, job.clips)):
        try:
            data = master.master(clips.read(clip), gains(line.voice))
        except Damaged as exc:
            raise AudiobookError(f"clip cache is damaged ({exc}); run `audiobook cache --clear`") from None
        spans.append((position / SAMPLE_RATE, (position + len(data) // 2) / SAMPLE_RATE))
        feed(data)
        position += len(data) // 2
        pause = round(line.pause * SAMPLE_RATE)
        if n == len(job.lines) - 1:
            pause = fmt.fill(position, pause, SAMPLE_RATE)
        feed(bytes(2 * pause))
        position += pause
    return spans


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
