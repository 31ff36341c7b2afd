"""Run speaking and encoding side by side, within a budget of memory.

Batches are spoken in worker processes (one fresh process per batch, see
synth.py and worker.py) and blocks are encoded by ffmpeg processes. A
speaking worker sleeps about half the time (pyttsx3 waits 10 ms per
utterance) and holds about 28 MB; an encoder keeps a core busy and holds
about 55 MB. So up to 2 x jobs workers speak, up to jobs encoders encode,
and together they stay within BUDGET_MB. A free place goes to a block whose
batches are all in the cache, else to the next batch in order of first use:
the first chapters are encoding while later ones are spoken.
"""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from ..errors import AudiobookError
from ..files import Damaged
from .clips import Batch, ClipCache
from .encode import Format
from .parts import BlockJob, PartCache
from .worker import speak

RETRIES = 4  # a batch with an implausible clip is spoken again, each time in a fresh process
MEMORY_MB = {"speaking": 28, "encoding": 55}  # measured peak RSS of each
BUDGET_MB = 120  # with the main process (60-75 MB), the build stays under 200 MB


def produce(batches: list[Batch], blocks: list[BlockJob], clips: ClipCache, parts: PartCache, fmt: Format,
            jobs: int, progress: Callable[[str, int, int], None] = lambda phase, done, total: None,
            notice: Callable[[str], None] = lambda message: None) -> None:
    """Speak ``batches`` and encode ``blocks`` (only those not already cached intact)."""
    waiting = [b for b in blocks if not _intact(parts, b.key, notice, "encoding it again")]
    needed = {key for block in waiting for key, _ in block.clips}
    first_use: dict[str, int] = {}
    for n, block in enumerate(waiting):
        for key, _ in block.clips:
            first_use.setdefault(key, n)
    to_speak = [b for b in batches if b.key in needed and not _intact(clips, b.key, notice, "speaking it again")]
    to_speak.sort(key=lambda b: first_use[b.key])
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
    limits = {"speaking": 2 * max(1, jobs), "encoding": max(1, jobs)}
    pool = ThreadPoolExecutor(sum(limits.values()))  # each thread waits on one worker or ffmpeg process

    def room(phase: str) -> bool:
        busy = [p for p, _ in running.values()]
        used = sum(MEMORY_MB[p] for p in busy)
        return busy.count(phase) < limits[phase] and (not busy or used + MEMORY_MB[phase] <= BUDGET_MB)

    try:
        while waiting or to_speak or running:
            while True:
                block = room("encoding") and next((b for b in waiting if all(k in ready for k, _ in b.clips)), None)
                if block:
                    waiting.remove(block)
                    running[pool.submit(parts.encode, block, fmt, clips)] = ("encoding", block)
                elif to_speak and room("speaking"):
                    batch = to_speak.pop(0)
                    running[pool.submit(speak, batch, str(clips.dir))] = ("speaking", batch)
                else:
                    break  # no room, or every waiting block needs a batch still being spoken
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


def _intact(cache: ClipCache | PartCache, key: str, notice: Callable[[str], None], remedy: str) -> bool:
    """Whether ``key`` is in ``cache`` as it was written; a damaged entry is
    reported in one line and thrown away, to be made again."""
    try:
        return cache.check(key)
    except Damaged as exc:
        notice(f"cache: damaged entry ({exc}); {remedy}")
        cache.discard(key)
        return False
