"""A fresh process for every batch: espeak's hidden state never crosses batches.

A starter process (``python -m audiobook.audio.worker``) imports the engine
side of the package once and forks a child per batch; the child starts its
own espeak, renders the batch into the clip cache and exits. So each batch
gets a pristine engine without paying for a new interpreter and its imports
(about 70 ms a batch, a tenth of the speaking). The starter never starts
espeak itself (a child forked from a process with a running engine hangs)
and never starts a thread. Jobs go to it as JSON lines on stdin, answers
come back as JSON lines on stdout. It runs in a process group of its own,
so a Ctrl-C (or a kill of the build's group) stops the build at once, not
the speakers: the batches under way are finished and kept (a Piper batch
takes seconds), then, its stdin closed, the starter exits.
"""
from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import asdict

from ..model import Voice
from .clips import Batch

_MAX_ANSWER = 2000  # characters of an error message passed back


class Speakers:
    """The starter process, seen from the build: ``submit`` a batch, get a Future of its error (or None)."""

    def __init__(self, preload: Sequence[str] = ()):
        # A process group of its own: a Ctrl-C at the terminal stops the build, not the speakers.
        self._proc = subprocess.Popen([sys.executable, "-m", "audiobook.audio.worker", *preload],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1,
                                      process_group=0)
        self._waiting: dict[str, list[Future]] = {}
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read_answers, daemon=True)
        self._reader.start()

    def submit(self, batch: Batch, cache_dir: str) -> Future:
        future: Future = Future()
        with self._lock:
            self._waiting.setdefault(batch.key, []).append(future)
        job = {"key": batch.key, "voice": asdict(batch.voice), "texts": list(batch.texts), "cache_dir": cache_dir}
        try:
            self._proc.stdin.write(json.dumps(job) + "\n")
        except (BrokenPipeError, ValueError):
            self._fail_all("the process that starts the speakers has gone")
        return future

    def close(self, wait: bool = True) -> None:
        """Stop the starter once the batches under way are finished; with ``wait``
        False (the build was stopped) they finish without the build waiting for them."""
        try:
            self._proc.stdin.close()
        except BrokenPipeError:
            pass
        if wait:
            self._proc.wait()
            self._reader.join()

    def _read_answers(self) -> None:
        for line in self._proc.stdout:
            answer = json.loads(line)
            with self._lock:
                futures = self._waiting.get(answer["key"], [])
                future = futures.pop(0) if futures else None
            if future:
                future.set_result(answer["error"])
        self._fail_all(f"the process that starts the speakers exited (status {self._proc.wait()})")

    def _fail_all(self, reason: str) -> None:
        with self._lock:
            pending = [f for futures in self._waiting.values() for f in futures]
            self._waiting.clear()
        for future in pending:
            if not future.done():
                future.set_result(reason)


def serve(preload: Sequence[str]) -> None:
    """The starter's loop: a job line on stdin forks a child; a child's end sends its answer line.
    ``preload`` names engines to import before any fork ("piper")."""
    from ..voices import piper  # noqa: PLC0415
    from .clips import render_batch  # noqa: PLC0415 - imported here, once, before any fork

    if "piper" in preload:
        piper.preload()

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    selector = selectors.DefaultSelector()
    selector.register(0, selectors.EVENT_READ, None)
    pending, open_jobs, reading = b"", 0, True
    while reading or open_jobs:
        for key, _ in selector.select():
            if key.data is None:  # job lines
                chunk = os.read(0, 65536)
                if not chunk:
                    selector.unregister(0)
                    reading = False
                *lines, pending = (pending + chunk).split(b"\n")
                for line in lines:
                    job = json.loads(line)
                    batch = Batch(Voice(**job["voice"]), tuple(job["texts"]), job["key"])
                    pipe, pid = _fork(render_batch, batch, job["cache_dir"])
                    selector.register(pipe, selectors.EVENT_READ, (job["key"], pid, []))
                    open_jobs += 1
                continue
            batch_key, pid, received = key.data
            chunk = os.read(key.fd, 65536)
            if chunk:
                received.append(chunk)
                continue
            selector.unregister(key.fd)
            os.close(key.fd)
            status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
            error = json.loads(b"".join(received)) if status == 0 and received else \
                f"speaker process ended with status {status}"
            open_jobs -= 1
            try:
                sys.stdout.write(json.dumps({"key": batch_key, "error": error}) + "\n")
                sys.stdout.flush()
            except BrokenPipeError:  # the build is gone (killed): finish the batches under way, quietly
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - for the rest of this process's life


def _fork(render_batch, batch: Batch, cache_dir: str) -> tuple[int, int]:
    """Start a child rendering ``batch``; its answer (JSON) comes through the returned pipe."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 0
        try:
            os.close(read_end)
            error = render_batch(batch, cache_dir)
            os.write(write_end, json.dumps(error if error is None else error[:_MAX_ANSWER]).encode())
        except BaseException:  # noqa: B036 - nothing may escape a forked child but its exit
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    return read_end, pid


if __name__ == "__main__":
    serve(sys.argv[1:])
