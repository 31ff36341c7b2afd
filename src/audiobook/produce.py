"""Run speaking and encoding side by side, within one budget of processes.

Batches are spoken in worker processes (one fresh process per batch, see
synth.py and worker.py) and blocks are encoded by ffmpeg processes; at most
``jobs`` of them run at once, so CPU and memory stay bounded (each ffmpeg
holds about 55 MB, each speaking worker about 25 MB). A free slot goes to a
block whose batches are all in the cache, else to the next batch in order of
first use: the first chapters are encoding while later ones are spoken.
"""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from .assemble import BlockJob, PartCache
from .encode import Format
from .errors import AudiobookError
from .synth import Batch, ClipCache
from .worker import speak

RETRIES = 2


def produce(batches: list[Batch], blocks: list[BlockJob], clips: ClipCache, parts: PartCache, fmt: Format,
            jobs: int, progress: Callable[[str, int, int], None] = lambda phase, done, total: None) -> None:
    """Speak ``batches`` and encode ``blocks`` (only those not already cached)."""
    waiting = [b for b in blocks if parts.get(b.key) is None]
    needed = {key for block in waiting for key, _ in block.clips}
    first_use: dict[str, int] = {}
    for n, block in enumerate(waiting):
        for key, _ in block.clips:
            first_use.setdefault(key, n)
    to_speak = sorted((b for b in batches if b.key in needed and not clips.has(b.key)),
                      key=lambda b: first_use[b.key])
    ready = needed - {b.key for b in to_speak}
    totals = {"speaking": sum(len(b.texts) for b in to_speak), "encoding": len(waiting)}
    counts = dict.fromkeys(totals, 0)
    for phase, total in totals.items():
        if total:
            progress(phase, 0, total)
    if to_speak:
        clips.dir.mkdir(parents=True, exist_ok=True)
    attempts: dict[str, int] = {}
    running: dict[Future, tuple[str, object]] = {}
    pool = ThreadPoolExecutor(max(1, jobs))  # each thread waits on one worker or ffmpeg process
    try:
        while waiting or to_speak or running:
            while len(running) < max(1, jobs) and (waiting or to_speak):
                block = next((b for b in waiting if all(key in ready for key, _ in b.clips)), None)
                if block is not None:
                    waiting.remove(block)
                    running[pool.submit(parts.encode, block, fmt, clips)] = ("encoding", block)
                elif to_speak:
                    batch = to_speak.pop(0)
                    running[pool.submit(speak, batch, str(clips.dir))] = ("speaking", batch)
                else:
                    break  # every waiting block needs a batch still being spoken
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                phase, item = running.pop(future)
                error = future.result()  # an encoding error raises here
                if phase == "speaking" and error is not None:
                    attempts[item.key] = attempts.get(item.key, 0) + 1
                    if attempts[item.key] > RETRIES:
                        raise AudiobookError(f"the engine failed {RETRIES + 1} times: {error}")
                    to_speak.insert(0, item)
                    continue
                if phase == "speaking":
                    ready.add(item.key)
                counts[phase] += len(item.texts) if phase == "speaking" else 1
                progress(phase, counts[phase], totals[phase])
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
