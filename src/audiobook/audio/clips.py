"""Speak every line once, in parallel, into a cache that survives crashes.

espeak-ng carries hidden state from one utterance to the next (the same
sentence comes out a few samples different each time it is said in one
process). So the unit of work is a *batch*: a fixed run of one voice's
distinct lines, always rendered in a fresh process, start to end. A batch's
audio then depends only on its own content, which is also its cache key:
an interrupted build resumes with identical audio, and changing one voice
touches only that voice's batches.

A batch is cut after a line whose text hash is divisible by CUT_EVERY
(content-defined, like rsync), so an edit to one paragraph moves only the
batch around it.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import AudiobookError
from ..files import Damaged, checked_json, file_crc, read_checked_json, set_usual_mode
from ..model import Line, Voice
from ..voices import engine
from . import pcm

FORMAT = 4  # bump when the way clips are made changes
CUT_EVERY = 32
MAX_BATCH = 128
TRIM_DBFS = -50.0  # quieter than this at a clip's ends is the engine's own pause
_WORD = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Batch:
    voice: Voice
    texts: tuple[str, ...]
    key: str


@dataclass(frozen=True)
class ClipRef:
    """Where a spoken line's samples are: audio.pcm of a batch in the cache."""

    path: str
    offset: int  # in samples
    samples: int


ClipId = tuple[str, int]  # (batch key, index in the batch)


def batches(lines: Iterable[Line],
            version: Callable[[Voice], str]) -> tuple[list[Batch], dict[tuple[str, Voice], ClipId]]:
    """The batches covering every distinct (text, voice) of ``lines``, and where each one is;
    ``version`` names the engine's sound for a voice (part of each batch's key)."""
    by_voice: dict[Voice, dict[str, None]] = {}
    for line in lines:
        by_voice.setdefault(line.voice, {})[clean(line.text)] = None
    out, where = [], {}
    for voice, texts in by_voice.items():
        run: list[str] = []
        engine_version = version(voice)
        for n, text in enumerate(texts, 1):
            run.append(text)
            if len(run) == MAX_BATCH or int(_digest(text)[:8], 16) % CUT_EVERY == 0 or n == len(texts):
                batch = make_batch(voice, run, engine_version)
                out.append(batch)
                where.update({(t, voice): (batch.key, k) for k, t in enumerate(run)})
                run = []
    return out, where


def clean(text: str) -> str:
    """The text as the engine gets it: no control characters (a NUL would cut it short)."""
    return _CONTROL.sub(" ", text)


def _digest(s: str) -> str:
    return hashlib.sha256(s.encode("utf-8", "surrogatepass")).hexdigest()


def make_batch(voice: Voice, texts: list[str], engine_version: str) -> Batch:
    """The batch speaking ``texts`` (already clean) in ``voice``, named by its content."""
    ident = json.dumps([FORMAT, engine_version, voice.__dict__, TRIM_DBFS, texts], ensure_ascii=False)
    return Batch(voice, tuple(texts), _digest(ident)[:32])


class ClipCache:
    """Batches on disk: ``<dir>/clips/<key>/audio.pcm`` plus ``index.json``.

    A batch directory is built under a temporary name and renamed into place
    whole, so a crash or a concurrent build never leaves a half batch. Its
    index carries a checksum of itself and of the samples: ``check`` finds
    a batch that rotted on disk, so that it is spoken again, never heard.
    """

    def __init__(self, root: Path):
        self.dir = Path(root) / "clips"
        self._refs: dict[str, list[ClipRef]] = {}

    def check(self, key: str) -> bool:
        """Whether the batch is here; Damaged when it is, but not as it was written."""
        folder = self.dir / key
        if not (folder / "index.json").exists():
            return False
        listing = read_checked_json(folder / "index.json")
        try:
            intact = file_crc(folder / "audio.pcm") == listing["pcm_crc32"]
        except OSError as exc:
            raise Damaged(f"{folder}: {exc.strerror}") from None
        if not intact:
            raise Damaged(f"{folder / 'audio.pcm'}: checksum mismatch")
        self._refs[key] = [ClipRef(str(folder / "audio.pcm"), offset, n) for _, offset, n in listing["clips"]]
        return True

    def discard(self, key: str) -> None:
        doomed = self.dir / f".{key}.damaged-{os.getpid()}"
        os.replace(self.dir / key, doomed)
        shutil.rmtree(doomed, ignore_errors=True)

    def ref(self, clip: ClipId) -> ClipRef:
        key, index = clip
        if key not in self._refs and not self.check(key):
            raise Damaged(f"{self.dir / key}: missing")
        return self._refs[key][index]

    def read(self, clip: ClipId) -> bytes:
        """The clip's samples (checked with its batch by ``check``)."""
        ref = self.ref(clip)
        with open(ref.path, "rb") as source:
            source.seek(ref.offset * 2)
            data = source.read(ref.samples * 2)
        if len(data) != ref.samples * 2:
            raise Damaged(f"{ref.path}: shorter than its index says")
        return data


def render_batch(batch: Batch, cache_dir: str) -> str | None:
    """Worker: render one batch in this fresh process; None when done, else what went wrong."""
    target = Path(cache_dir) / batch.key
    if (target / "index.json").exists():
        return None
    work = Path(tempfile.mkdtemp(prefix=f".{batch.key}.", dir=cache_dir))
    try:
        index, offset = [], 0
        seed = int(batch.key[:8], 16)
        with open(work / "audio.pcm", "wb") as pcm_file:
            for text, spoken in zip(batch.texts, engine.speak(batch.voice, batch.texts, work, seed)):
                samples = pcm.trimmed(spoken, engine.SAMPLE_RATE, TRIM_DBFS)
                problem = implausible(text, batch.voice, len(samples))
                if problem:
                    return f"{problem} for {text[:60]!r}"
                pcm_file.write(samples.tobytes())
                index.append([text, offset, len(samples)])
                offset += len(samples)
            pcm_file.flush()
            os.fsync(pcm_file.fileno())
        listing = {"voice": batch.voice.__dict__, "clips": index, "pcm_crc32": file_crc(work / "audio.pcm")}
        with open(work / "index.json", "wb") as out:
            out.write(checked_json(listing))
            out.flush()
            os.fsync(out.fileno())
        for name in ("audio.pcm", "index.json"):
            set_usual_mode(work / name)
        set_usual_mode(work, directory=True)
        try:
            os.rename(work, target)
        except OSError:  # another build finished the same batch first: theirs is identical
            pass
        return None
    except AudiobookError as exc:
        return str(exc)
    except (OSError, TimeoutError, RuntimeError) as exc:
        return f"{type(exc).__name__}: {exc}"
    finally:
        shutil.rmtree(work, ignore_errors=True)


def implausible(text: str, voice: Voice, samples: int) -> str:
    """Why a clip cannot be right for its text ('' when plausible)."""
    words = len(_WORD.findall(text))
    seconds = samples / engine.SAMPLE_RATE
    expected = words * 60.0 / engine.words_per_minute(voice)
    if samples == 0:
        return "empty clip"
    if seconds < 0.15 * expected - 0.2:
        return f"clip too short ({seconds:.2f} s for {words} words)"
    if seconds > 6 * expected + 3:
        return f"clip too long ({seconds:.2f} s for {words} words)"
    return ""
