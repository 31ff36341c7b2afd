"""Run speaking and encoding side by side.

Batches are spoken in fresh processes (worker.py) and parts are encoded in
threads of this process (LAME and numpy release the GIL; an AAC part waits
on its ffmpeg). A speaking process sleeps about a third of the time
(pyttsx3 polls every 10 ms), so up to jobs + 1 speak while up to jobs
threads encode (measured as fast as 2 x jobs speakers, with one process
less); a Piper batch keeps a core busy on its own, so no more than jobs of
those. A free thread goes to a part whose batches are all in the cache,
else the next batch is spoken, in order of first use (a voice's
calibration batch ahead of the others of the first part that needs it): the
first chapters are encoding while later ones are spoken.
"""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

from ..errors import AudiobookError
from ..files import Damaged
from ..model import Voice
from ..voices import engine
from .clips import Batch, ClipCache
from .encode import Format
from .parts import BlockJob, PartCache
from .worker import Speakers

RETRIES = 4  # a batch with an implausible clip is spoken again, each time in a fresh process


def produce(batches: list[Batch], blocks: list[BlockJob], clips: ClipCache, parts: PartCache, fmt: Format,
            gains: Callable[[Voice], float], jobs: int,
            progress: Callable[[str, int, int], None] = lambda phase, done, total: None,
            notice: Callable[[str], None] = lambda message: None) -> None:
    """Speak ``batches`` and encode ``blocks`` (only those not already cached intact)."""
    waiting = [b for b in blocks if not _intact(parts, b.key, notice, "encoding it again")]
    first_use: dict[str, int] = {}  # batch key -> the first waiting block that needs it
    for n, block in enumerate(waiting):
        for key in block.needs:
            first_use.setdefault(key, n)
    to_speak = [b for b in batches if b.key in first_use and not _intact(clips, b.key, notice, "speaking it again")]
    to_speak.sort(key=lambda b: first_use[b.key])
    ready = set(first_use) - {b.key for b in to_speak}
    totals = {"speaking": sum(len(b.texts) for b in to_speak), "encoding": len(waiting)}
    counts = dict.fromkeys(totals, 0)
    for phase, total in totals.items():
        if total:
            progress(phase, 0, total)
    if not waiting:
        return
    clips.dir.mkdir(parents=True, exist_ok=True)
    attempts: dict[str, int] = {}
    running: dict[Future, tuple[str, object]] = {}
    limits = {"speaking": max(1, jobs) + 1, "encoding": max(1, jobs)}
    encoders = ThreadPoolExecutor(limits["encoding"])
    speakers = Speakers(engine.preload([b.voice for b in to_speak])) if to_speak else None

    def room(phase: str, batch: Batch | None = None) -> bool:
        if sum(1 for p, _ in running.values() if p == phase) >= limits[phase]:
            return False
        # A Piper batch keeps a core busy on its own (one onnxruntime thread) and holds
        # about 320 MB: no more of them than jobs.
        return batch is None or not engine.is_piper(batch.voice.id) or sum(
            1 for p, item in running.values() if p == "speaking" and engine.is_piper(item.voice.id)) < max(1, jobs)

    try:
        while waiting or to_speak or running:
            while True:
                block = room("encoding") and next((b for b in waiting if b.needs <= ready), None)
                if block:
                    waiting.remove(block)
                    running[encoders.submit(parts.encode, block, fmt, clips, gains)] = ("encoding", block)
                elif batch := next((b for b in to_speak if room("speaking", b)), None):
                    to_speak.remove(batch)
                    running[speakers.submit(batch, str(clips.dir))] = ("speaking", batch)
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
    except BaseException:
        encoders.shutdown(wait=True, cancel_futures=True)
        if speakers:
            speakers.close(wait=False)  # a stopped build does not wait for the batches under way
        raise
    encoders.shutdown()
    if speakers:
        speakers.close()


def _intact(cache: ClipCache | PartCache, key: str, notice: Callable[[str], None], remedy: str) -> bool:
    """Whether ``key`` is in ``cache`` as it was written; a damaged entry is
    reported in one line and thrown away, to be made again."""
    try:
        return cache.check(key)
    except Damaged as exc:
        notice(f"cache: damaged entry ({exc}); {remedy}")
        cache.discard(key)
        return False
