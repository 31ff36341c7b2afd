"""Run speaking and encoding side by side.

Batches are spoken in worker processes (one fresh process per batch, see
synth.py); each block is handed to an encoder thread (ffmpeg does the
work) as soon as the batches it needs are in the cache. So the first
chapters are encoding while later ones are still being spoken.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait

from .assemble import BlockJob, PartCache
from .encode import Format
from .errors import AudiobookError
from .synth import Batch, ClipCache, ignore_interrupts, render_batch

RETRIES = 2
SPEAKERS_PER_CORE = 1  # each worker holds about 40 MB; memory must stay under 200 MB


def produce(batches: list[Batch], blocks: list[BlockJob], clips: ClipCache, parts: PartCache, fmt: Format,
            jobs: int, progress: Callable[[str, int, int], None] = lambda phase, done, total: None) -> None:
    """Speak ``batches`` and encode ``blocks`` (only those not already cached)."""
    waiting = [b for b in blocks if parts.get(b.key) is None]
    needed = {key for block in waiting for key, _ in block.clips}
    first_use: dict[str, int] = {}
    for n, block in enumerate(waiting):
        for key, _ in block.clips:
            first_use.setdefault(key, n)
    todo = sorted((b for b in batches if b.key in needed and not clips.has(b.key)), key=lambda b: first_use[b.key])
    ready = needed - {b.key for b in todo}
    totals = {"speaking": sum(len(b.texts) for b in todo), "encoding": len(waiting)}
    counts = dict.fromkeys(totals, 0)
    for phase, total in totals.items():
        if total:
            progress(phase, 0, total)

    def advance(phase: str, n: int) -> None:
        counts[phase] += n
        progress(phase, counts[phase], totals[phase])

    if todo:
        clips.dir.mkdir(parents=True, exist_ok=True)
    context = multiprocessing.get_context("spawn")  # an engine must never cross a fork
    speakers = ProcessPoolExecutor(max(1, jobs * SPEAKERS_PER_CORE), context, initializer=ignore_interrupts,
                                   max_tasks_per_child=1)
    encoders = ThreadPoolExecutor(max(1, jobs))
    running: dict[Future, tuple[str, object]] = {}
    attempts: dict[str, int] = {}
    try:
        for batch in todo:
            running[speakers.submit(render_batch, batch, str(clips.dir))] = ("speak", batch)
        waiting = _start_ready(waiting, ready, encoders, running, parts, fmt, clips)
        while running:
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                kind, item = running.pop(future)
                if kind == "encode":
                    future.result()
                    advance("encoding", 1)
                    continue
                error = future.result()
                if error is None:
                    ready.add(item.key)
                    advance("speaking", len(item.texts))
                    continue
                attempts[item.key] = attempts.get(item.key, 0) + 1
                if attempts[item.key] > RETRIES:
                    raise AudiobookError(f"the engine failed {RETRIES + 1} times: {error}")
                running[speakers.submit(render_batch, item, str(clips.dir))] = ("speak", item)
            waiting = _start_ready(waiting, ready, encoders, running, parts, fmt, clips)
    finally:
        speakers.shutdown(wait=True, cancel_futures=True)
        encoders.shutdown(wait=True, cancel_futures=True)


def _start_ready(waiting: list[BlockJob], ready: set[str], encoders, running, parts, fmt, clips) -> list[BlockJob]:
    still = []
    for block in waiting:
        if all(key in ready for key, _ in block.clips):
            running[encoders.submit(parts.encode, block, fmt, clips)] = ("encode", block)
        else:
            still.append(block)
    return still
