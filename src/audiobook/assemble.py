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
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from . import tagging
from .encode import Encoder, Format
from .engine import SAMPLE_RATE
from .model import ChapterPlan, Line
from .synth import ClipRef, clean

CHUNK = 1 << 16


@dataclass(frozen=True)
class Part:
    """An encoded block in the part cache, with where each of its lines starts."""

    path: Path
    duration: float  # seconds of encoded audio
    starts: tuple[float, ...]  # seconds from the part's start, one per line


@dataclass(frozen=True)
class BlockJob:
    lines: tuple[Line, ...]
    refs: tuple[ClipRef, ...]
    head: float  # silence before the first line, seconds
    key: str


def block_jobs(chapters: list[ChapterPlan], refs: dict, fmt: Format, head: float = 0.0) -> list[list[BlockJob]]:
    """Per chapter, the encoding job of each block (head silence on the very first one)."""
    out = []
    for n, chapter in enumerate(chapters):
        jobs = []
        for b, block in enumerate(chapter.blocks):
            block_refs = tuple(refs[(clean(line.text), line.voice)] for line in block)
            lead = head if n == 0 and b == 0 else 0.0
            ident = json.dumps([fmt.__dict__, SAMPLE_RATE, lead,
                                [[Path(r.path).parent.name, r.offset, r.samples, line.pause] for r, line in zip(block_refs, block)]])
            jobs.append(BlockJob(block, block_refs, lead, hashlib.sha256(ident.encode()).hexdigest()[:32]))
        out.append(jobs)
    return out


class PartCache:
    def __init__(self, root: Path):
        self.dir = Path(root) / "parts"

    def get(self, key: str) -> Part | None:
        meta = self.dir / f"{key}.json"
        if not meta.exists():
            return None
        info = json.loads(meta.read_text())
        return Part(self.dir / f"{key}.mp3", info["duration"], tuple(info["starts"]))

    def encode(self, job: BlockJob, fmt: Format) -> Part:
        """Encode ``job`` unless already cached; the .json written last marks it complete."""
        part = self.get(job.key)
        if part is not None:
            return part
        self.dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{job.key}.", suffix=".mp3", dir=self.dir)
        os.close(fd)
        encoder = Encoder(Path(tmp), fmt, SAMPLE_RATE)
        try:
            starts = _stream(job, encoder.feed)
            encoder.close()
            duration = tagging.mp3_duration(tmp)
            os.replace(tmp, self.dir / f"{job.key}.mp3")
        except BaseException:
            encoder.kill()
            Path(tmp).unlink(missing_ok=True)
            raise
        _write_atomic(self.dir / f"{job.key}.json", json.dumps({"duration": duration, "starts": starts}).encode())
        return Part(self.dir / f"{job.key}.mp3", duration, tuple(starts))


def _stream(job: BlockJob, feed: Callable[[bytes], None]) -> list[float]:
    """Feed the block's samples; return where each line starts (seconds)."""
    starts, position = [], 0
    if job.head:
        position += _silence(job.head, feed)
    handles: dict[str, object] = {}
    try:
        for line, ref in zip(job.lines, job.refs):
            starts.append(position / SAMPLE_RATE)
            pcm = handles.get(ref.path) or handles.setdefault(ref.path, open(ref.path, "rb"))
            pcm.seek(ref.offset * 2)
            remaining = ref.samples * 2
            while remaining:
                data = pcm.read(min(CHUNK, remaining))
                if not data:
                    raise OSError(f"clip cache file {ref.path} is truncated; run `audiobook cache --clear`")
                feed(data)
                remaining -= len(data)
            position += ref.samples + _silence(line.pause, feed)
    finally:
        for handle in handles.values():
            handle.close()
    return starts


def _silence(seconds: float, feed: Callable[[bytes], None]) -> int:
    samples = round(seconds * SAMPLE_RATE)
    for done in range(0, samples, CHUNK):
        feed(bytes(2 * min(CHUNK, samples - done)))
    return samples


def encode_all(jobs: list[BlockJob], cache: PartCache, fmt: Format, workers: int,
               progress: Callable[[int], None] = lambda n: None) -> dict[str, Part]:
    """Every job's Part, encoding the missing ones ``workers`` at a time."""
    parts = {}
    todo = []
    for job in jobs:
        part = cache.get(job.key)
        if part is None:
            todo.append(job)
        else:
            parts[job.key] = part
            progress(1)
    with ThreadPoolExecutor(max(1, workers)) as pool:
        for job, part in zip(todo, pool.map(lambda j: cache.encode(j, fmt), todo)):
            parts[job.key] = part
            progress(1)
    return parts


def join(target: Path, header: bytes, parts: list[Part]) -> None:
    """Write ``header`` + the parts' bytes to ``target`` atomically (temp name, then rename)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(header)
            for part in parts:
                with open(part.path, "rb") as src:
                    while data := src.read(1 << 20):
                        out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.replace(tmp, path)
