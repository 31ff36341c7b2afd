"""Fresh processes for the work that must not share espeak's hidden state.

Each job runs as `python -m audiobook.audio.worker VERB` with its JSON on stdin and
its JSON answer on stdout: a new process per batch (or calibration clip) that
imports only the engine side of the package, and leaves Ctrl-C to the build
(it finishes, and so keeps, the batch it is on).
"""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import wave
from dataclasses import asdict

from ..errors import AudiobookError
from ..model import Voice
from .clips import Batch


def speak(batch: Batch, cache_dir: str) -> str | None:
    """Render ``batch`` into the clip cache in a fresh process; None, or what went wrong."""
    answer = _run("speak", {"voice": asdict(batch.voice), "texts": list(batch.texts), "key": batch.key,
                            "cache_dir": cache_dir})
    return answer.get("error")


def render(text: str, voice: Voice, wav: str, tries: int = 3) -> None:
    """Speak ``text`` into the WAV file ``wav`` in a fresh process; a clip that is
    not plausible for its words (the engine's rare empty file) is made again."""
    for _ in range(tries):
        answer = _run("render", {"voice": asdict(voice), "text": text, "wav": wav})
        if not answer.get("error"):
            return
    raise AudiobookError(f"the engine failed {tries} times: {answer['error']}")


def _run(verb: str, job: dict) -> dict:
    done = subprocess.run([sys.executable, "-m", "audiobook.audio.worker", verb], input=json.dumps(job),
                          capture_output=True, text=True)
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return {"error": f"worker exited with status {done.returncode}: {last}"}
    return json.loads(done.stdout)


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    verb, job = sys.argv[1], json.load(sys.stdin)
    if verb == "speak":
        from .clips import render_batch  # noqa: PLC0415 - only what this verb needs
        batch = Batch(Voice(**job["voice"]), tuple(job["texts"]), job["key"])
        answer = {"error": render_batch(batch, job["cache_dir"])}
    else:
        from ..voices.engine import Engine  # noqa: PLC0415
        from .clips import implausible  # noqa: PLC0415
        voice = Voice(**job["voice"])
        try:
            Engine().render(job["text"], voice, job["wav"])
            with wave.open(job["wav"]) as clip:
                answer = {"error": implausible(job["text"], voice, clip.getnframes()) or None}
        except (AudiobookError, OSError, TimeoutError, wave.Error) as exc:
            answer = {"error": str(exc)}
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
